import { connect, type Socket } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLoketProcess, type LoketProcess } from "../support/process.js";

/**
 * Stopping Loket while a citizen's upload is still arriving (a KTP scan on a weak mobile link
 * takes minutes): the operator's Ctrl-C, `docker stop` or systemd's SIGTERM must stop it in
 * seconds, not whenever the upload ends (up to the 10-minute request limit).
 */
const root = mkdtempSync(join(tmpdir(), "loket-shutdown-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** Opens a conversation and starts an upload whose body never finishes arriving. */
async function slowUpload(loket: LoketProcess): Promise<Socket> {
  const { conversationId, token } = (await (await fetch(`${loket.base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
  const url = new URL(loket.base);
  const socket = connect(Number(url.port), url.hostname);
  await new Promise<void>((r) => socket.once("connect", () => r()));
  const boundary = "----loket";
  socket.write(
    `POST /api/conversations/${conversationId}/uploads HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 5000000\r\n\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ktp.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
  );
  socket.on("error", () => undefined);
  // A trickle, as from a phone on a weak signal: the request stays in flight.
  const trickle = setInterval(() => socket.writable && socket.write("0".repeat(100)), 200);
  socket.on("close", () => clearInterval(trickle));
  await new Promise((r) => setTimeout(r, 500));
  return socket;
}

function exitOf(loket: LoketProcess): Promise<{ code: number | null; ms: number }> {
  const t = Date.now();
  return new Promise((resolve) => loket.child.once("exit", (code) => resolve({ code, ms: Date.now() - t })));
}

describe("stopping while an upload is still arriving", () => {
  it("SIGTERM stops Loket within its grace period (before Docker's 10 s SIGKILL), cutting the upload off", async () => {
    const loket = await startLoketProcess({ DATA_DIR: join(root, `d${++n}`) });
    const socket = await slowUpload(loket);
    try {
      const exited = exitOf(loket);
      loket.child.kill("SIGTERM");
      const { code, ms } = await exited;
      expect(code).toBe(0);
      expect(ms).toBeLessThan(9_500);
      expect(loket.output()).toMatch(/still under way .*cut off/);
    } finally {
      socket.destroy();
      loket.child.kill("SIGKILL");
    }
  }, 40_000);

  it("a second Ctrl-C stops Loket at once", async () => {
    const loket = await startLoketProcess({ DATA_DIR: join(root, `d${++n}`) });
    const socket = await slowUpload(loket);
    try {
      const exited = exitOf(loket);
      loket.child.kill("SIGINT");
      await new Promise((r) => setTimeout(r, 500));
      loket.child.kill("SIGINT");
      const { code, ms } = await exited;
      expect(ms).toBeLessThan(2_500);
      expect(code).toBe(130);
      expect(loket.output()).toMatch(/another Ctrl-C stops at once/);
      expect(loket.output()).toMatch(/stopping at once/);
    } finally {
      socket.destroy();
      loket.child.kill("SIGKILL");
    }
  }, 40_000);
});
