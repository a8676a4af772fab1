import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/domain/message.js";
import { answerFor, type CitizenInput } from "../support/citizen.js";
import { ownFile } from "../support/fixtures.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/**
 * ✕ on a document on its way (DELETE /api/conversations/:id/uploads/:messageId), over real HTTP
 * on loopback: Loket says whether it had filed the document, and one it had not is never filed,
 * even when its last bytes arrive after the ✕. CI once saw the page say "dibatalkan" of a
 * document Loket had filed (the page cannot tell from its own abort).
 */
describe("cancelling an upload", () => {
  let t: TestLoket;
  let base: string;

  beforeAll(async () => {
    t = await createTestLoket();
    await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = t.loket.app.server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  });
  afterAll(async () => t.close());

  type Conv = { conversationId: string; token: string };
  const auth = (c: Conv) => ({ authorization: `Bearer ${c.token}` });
  const send = async (c: Conv, input: CitizenInput): Promise<Outbound[]> => {
    const res =
      "file" in input
        ? await upload(c, input.file, input.filename)
        : await fetch(`${base}/api/conversations/${c.conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", ...auth(c) }, body: JSON.stringify(input) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { replies: Outbound[] }).replies;
  };
  const upload = (c: Conv, bytes: Buffer, name: string, messageId?: string) => {
    const fd = new FormData();
    if (messageId) fd.append("messageId", messageId);
    fd.append("file", new Blob([new Uint8Array(bytes)]), name);
    return fetch(`${base}/api/conversations/${c.conversationId}/uploads`, { method: "POST", headers: auth(c), body: fd });
  };
  const cancel = (c: Conv, messageId: string, token = c.token) =>
    fetch(`${base}/api/conversations/${c.conversationId}/uploads/${encodeURIComponent(messageId)}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
  /** A conversation at its first document question: the question's field. */
  const atDocument = async (): Promise<Conv & { field: string }> => {
    const c = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as Conv;
    let replies = await send(c, { text: "saya mau mengajukan izin reklame" });
    for (let i = 0; i < 30; i++) {
      const last = replies[replies.length - 1];
      if (last?.expects?.kind === "file") return { ...c, field: last.expects.field };
      const next = answerFor(last);
      if (!next) throw new Error(`nothing to answer: ${JSON.stringify(last)}`);
      replies = await send(c, next);
    }
    throw new Error("no document question");
  };
  const filed = async (c: Conv, field: string) => {
    const state = await t.loket.store.peekState(`web:${c.conversationId}`);
    return (state?.engine.stack ?? []).some((frame) => (frame.slots.docs as Record<string, unknown> | undefined)?.[field] !== undefined);
  };
  const citizenLines = async (c: Conv, name: string) => (await t.loket.store.transcript(`web:${c.conversationId}`)).filter((l) => l.from === "citizen" && l.text.includes(name));

  it("cancelled before its bytes arrive: the upload that arrives after all is filed nowhere, and a new try is", async () => {
    const c = await atDocument();
    const res = await cancel(c, "up-1");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ cancelled: true });
    const late = await upload(c, ownFile("pdf", c.field), "ktp-telat.pdf", "up-1");
    expect(late.status).toBe(200);
    expect(await citizenLines(c, "ktp-telat.pdf")).toHaveLength(0);
    expect(await filed(c, c.field)).toBe(false);
    // The citizen chooses the file again (the page gives it a new id): filed.
    const again = await upload(c, ownFile("pdf", c.field), "ktp-lagi.pdf", "up-2");
    const replies = ((await again.json()) as { replies: Outbound[] }).replies;
    expect(replies.map((r) => r.text).join("\n")).toMatch(/diterima|✅/i);
    expect(await citizenLines(c, "ktp-lagi.pdf")).toHaveLength(1);
    expect(await filed(c, c.field)).toBe(true);
  });

  it("cancelled after it was filed: Loket says so, and the document stays filed", async () => {
    const c = await atDocument();
    const res = await upload(c, ownFile("pdf", c.field), "ktp.pdf", "up-3");
    expect(res.status).toBe(200);
    const out = await cancel(c, "up-3");
    expect(out.status).toBe(200);
    expect(await out.json()).toEqual({ cancelled: false });
    expect(await filed(c, c.field)).toBe(true);
    // Asked again (the page retried the ✕): the same answer.
    expect(await (await cancel(c, "up-3")).json()).toEqual({ cancelled: false });
  });

  /**
   * An upload sent in two halves, as a slow phone sends it: the request is open (its headers and
   * first half read) when `between` runs; then its last bytes go. Resolves with its status.
   */
  const halves = async (c: Conv, bytes: Buffer, name: string, messageId: string, between: () => Promise<void>) => {
    const boundary = "----loket" + messageId;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="messageId"\r\n\r\n${messageId}\r\n`),
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/pdf\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const { port } = new URL(base);
    const req = request({ host: "127.0.0.1", port: Number(port), method: "POST", path: `/api/conversations/${c.conversationId}/uploads`, headers: { ...auth(c), "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": body.length } });
    const status = new Promise<number>((resolve, reject) => {
      req.on("response", (res) => { res.resume(); res.on("end", () => resolve(res.statusCode ?? 0)); });
      req.on("error", reject);
    });
    const cut = body.length - 10;
    await new Promise<void>((r) => req.write(body.subarray(0, cut), () => r()));
    await between();
    req.end(body.subarray(cut));
    return status;
  };

  it("✕ while the last bytes are still on their way: not filed, whenever they arrive", async () => {
    const c = await atDocument();
    let answer: unknown;
    const status = await halves(c, ownFile("pdf", c.field), "ktp-lambat.pdf", "slow-1", async () => {
      answer = await (await cancel(c, "slow-1")).json();
    });
    expect(answer).toEqual({ cancelled: true });
    expect(status).toBe(200);
    expect(await filed(c, c.field)).toBe(false);
    expect(await citizenLines(c, "ktp-lambat.pdf")).toHaveLength(0);
  });

  it("✕ and the last bytes at the same moment: whatever Loket answers is true", async () => {
    const seen = new Set<boolean>();
    for (let i = 0; i < 16; i++) {
      const c = await atDocument();
      const id = `race-${i}`;
      let asked: Promise<{ cancelled: boolean }> | undefined;
      // The ✕ goes 0–3 ms before or after the last bytes.
      const status = await halves(c, ownFile("pdf", c.field), `dok-${i}.pdf`, id, async () => {
        const wait = i % 4;
        asked = (async () => {
          await new Promise((r) => setTimeout(r, i % 8 < 4 ? 0 : wait));
          return (await cancel(c, id)).json() as Promise<{ cancelled: boolean }>;
        })();
        if (i % 8 < 4) await new Promise((r) => setTimeout(r, wait));
      });
      const answer = await asked!;
      seen.add(answer.cancelled);
      expect(status).toBe(200);
      expect(await filed(c, c.field)).toBe(!answer.cancelled);
      expect(await citizenLines(c, `dok-${i}.pdf`)).toHaveLength(answer.cancelled ? 0 : 1);
    }
  });

  it("refuses another conversation's token and an id that is no upload's", async () => {
    const a = await atDocument();
    const b = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as Conv;
    expect((await cancel(a, "up-x", b.token)).status).toBe(403);
    // Longer than any id the page makes: refused before it is read (414, the router's limit).
    expect((await cancel(a, "x".repeat(101))).status).toBe(414);
    // Nothing of the refused ✕ holds: the upload with that id is filed.
    await upload(a, ownFile("pdf", a.field), "ktp.pdf", "up-x");
    expect(await filed(a, a.field)).toBe(true);
  });
});
