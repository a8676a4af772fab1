import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/domain/message.js";
import { answerFor, type CitizenInput } from "../support/citizen.js";
import { createTestLoket, fixtures, type TestLoket } from "../support/loket.js";

/** Probe (2026-12-01): a photo over the limit sent as the page sends it (fetch with FormData), its size said. */
describe("web upload over the limit, sent by fetch (probe)", () => {
  let t: TestLoket;
  let base: string;
  beforeAll(async () => {
    t = await createTestLoket({ env: { UPLOAD_MAX_BYTES: String(2 * 1024 * 1024) } });
    await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = t.loket.app.server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  });
  afterAll(async () => t.close());

  it("a 5.2 MB photo is refused with '5,2 MB; maksimal 2 MB'", async () => {
    const c = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
    const say = async (body: unknown): Promise<Outbound[]> =>
      ((await (await fetch(`${base}/api/conversations/${c.conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${c.token}` }, body: JSON.stringify(body) })).json()) as { replies: Outbound[] }).replies;
    let replies = await say({ text: "saya mau mengajukan izin reklame" });
    for (let turn = 0; replies.at(-1)?.expects?.kind !== "file"; turn++) {
      const next: CitizenInput | undefined = answerFor(replies.at(-1));
      if (!next || "file" in next || turn > 60) throw new Error("no document question");
      replies = await say(next);
    }
    const fd = new FormData();
    fd.append("messageId", "probe-1");
    fd.append("file", new Blob([new Uint8Array(Buffer.concat([fixtures.jpg, Buffer.alloc(5_400_000 - fixtures.jpg.length)]))], { type: "image/jpeg" }), "IMG_20261201.jpg");
    const res = await fetch(`${base}/api/conversations/${c.conversationId}/uploads`, { method: "POST", headers: { authorization: `Bearer ${c.token}` }, body: fd });
    const text = ((await res.json()) as { replies: Outbound[] }).replies.map((r) => r.text).join("\n");
    expect(text).toContain("5,2 MB; maksimal 2 MB");
  });
});
