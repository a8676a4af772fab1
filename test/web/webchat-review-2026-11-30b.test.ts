import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listening } from "../support/browser.js";
import { createTestLoket, fixtures, type TestLoket } from "../support/loket.js";

/** Review findings on the citizen's web chat (2026-11-30, second pass), over real HTTP. */
describe("web chat review: API", () => {
  let t: TestLoket;
  let base: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    t = await createTestLoket({ store: "sqlite", logLines });
    base = await listening(t);
  });
  afterAll(async () => t?.close());

  const open = async () => (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };

  it("an upload the citizen cancels (✕) or loses half-way is not logged as a server error", async () => {
    const c = await open();
    const boundary = "----loketreview";
    const head = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="ktp.pdf"\r\ncontent-type: application/pdf\r\n\r\n`;
    // Half of a document, then the connection goes (the page's ✕ aborts its request the same way).
    await new Promise<void>((resolve) => {
      const req = request(`${base}/api/conversations/${c.conversationId}/uploads`, {
        method: "POST",
        headers: { authorization: `Bearer ${c.token}`, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(head.length + 200_000) },
      });
      req.on("error", () => resolve());
      req.on("close", () => resolve());
      req.write(head);
      req.write(Buffer.concat([fixtures.pdf, Buffer.alloc(50_000, 0x20)]));
      setTimeout(() => req.destroy(), 200);
    });
    await new Promise((r) => setTimeout(r, 300));
    const errors = logLines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);
    expect(errors.map((e) => e.msg)).toEqual([]);
    // Nothing was filed, and the conversation goes on.
    const res = await fetch(`${base}/api/conversations/${c.conversationId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${c.token}`, "content-type": "application/json" },
      body: JSON.stringify({ text: "halo" }),
    });
    expect(res.status).toBe(200);
  });
});
