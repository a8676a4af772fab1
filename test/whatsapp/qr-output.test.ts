import { afterEach, describe, expect, it, vi } from "vitest";
import { startWhatsApp } from "../../src/channels/whatsapp/start.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { FakeWhatsAppClient } from "./fake-client.js";

/**
 * The QR links the office's WhatsApp number: whoever sees it within its ~20 s can take the
 * session. Printed at a terminal for the operator; where standard output is a log stream (a
 * container's, a file) and the QR page exists, only the page shows it (found by the WhatsApp review).
 */
describe("where the WhatsApp QR is shown", () => {
  let t: TestLoket | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await t?.close();
    t = undefined;
  });

  async function qrShown(env: Record<string, string>, qrToTerminal: boolean) {
    t = await createTestLoket({ env: { WHATSAPP_ENABLED: "1", ...env } });
    const client = new FakeWhatsAppClient();
    client.initialize = async () => {
      queueMicrotask(() => {
        client.emit("qr", "2@QRSECRETQRSECRET,abc,def");
        client.emit("qr", "2@QRSECRETQRSECRET,ghi,jkl");
      });
    };
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation(((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write);
    const wa = await startWhatsApp(t.config, { runtime: t.loket.runtime, logger: t.loket.logger, messages: t.loket.messages.get("id")!, app: t.loket.app, client, qrToTerminal });
    await expect.poll(() => wa.status().state).toBe("qr");
    await wa.stop();
    vi.restoreAllMocks();
    return written.join("");
  }

  it("is printed at a terminal", async () => {
    expect(await qrShown({ WHATSAPP_ADMIN_TOKEN: "operator-token-1234567890" }, true)).toMatch(/█|▀|▄/);
  });

  it("is not written to a log stream when the QR page can show it; the page does", async () => {
    const out = await qrShown({ WHATSAPP_ADMIN_TOKEN: "operator-token-1234567890" }, false);
    expect(out).not.toMatch(/█|▀|▄/);
    const page = await t!.loket.app.inject({ method: "GET", url: "/whatsapp/qr?token=operator-token-1234567890" });
    expect(page.statusCode).toBe(200);
  });

  it("is printed even to a log stream when there is no QR page (no WHATSAPP_ADMIN_TOKEN): the only way to link", async () => {
    expect(await qrShown({}, false)).toMatch(/█|▀|▄/);
  });
});
