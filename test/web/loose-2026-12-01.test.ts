import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/domain/message.js";
import { answerFor, type CitizenInput } from "../support/citizen.js";
import { createTestLoket, fixtures, type TestLoket } from "../support/loket.js";

/**
 * A document over the size limit sent from the web chat, over real HTTP on loopback (2026-12-01):
 * the upload route stops reading at the limit, so the refusal said only the limit ("maksimal 2 MB"),
 * while WhatsApp and Telegram say the file's own size too ("3,4 MB; maksimal 2 MB"): by how much
 * to shrink it. The request's Content-Length tells the size without reading the rest.
 */
describe("web uploads over the limit say the file's size (loose 2026-12-01)", () => {
  let t: TestLoket;
  let port: number;

  beforeAll(async () => {
    t = await createTestLoket({ env: { UPLOAD_MAX_BYTES: String(2 * 1024 * 1024) } });
    await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = t.loket.app.server.address();
    port = typeof addr === "object" && addr ? addr.port : 0;
  });
  afterAll(async () => t.close());

  type Conv = { conversationId: string; token: string };
  const base = () => `http://127.0.0.1:${port}`;
  const open = async (): Promise<Conv> => (await (await fetch(`${base()}/api/conversations`, { method: "POST" })).json()) as Conv;
  const say = async (c: Conv, body: { text: string } | { choice: string }): Promise<Outbound[]> => {
    const res = await fetch(`${base()}/api/conversations/${c.conversationId}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${c.token}` },
      body: JSON.stringify(body),
    });
    return ((await res.json()) as { replies: Outbound[] }).replies;
  };
  const atFirstDocument = async (): Promise<Conv> => {
    const c = await open();
    let replies = await say(c, { text: "saya mau mengajukan izin reklame" });
    for (let turn = 0; replies.at(-1)?.expects?.kind !== "file"; turn++) {
      const next: CitizenInput | undefined = answerFor(replies.at(-1));
      if (!next || "file" in next || turn > 60) throw new Error("no document question");
      replies = await say(c, next);
    }
    return c;
  };
  /** One file as the page sends it (a `messageId` field, then the file), with or without a Content-Length. */
  let sent = 0;
  const upload = (c: Conv, file: Buffer, name: string, withLength: boolean) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const boundary = "----loketBoundary7MA4YWxkTrZu0gW";
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="messageId"\r\n\r\npage-${++sent}\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const headers: Record<string, string | number> = { authorization: `Bearer ${c.token}`, "content-type": `multipart/form-data; boundary=${boundary}` };
      // Node sets a Content-Length itself for a body given whole to end(): chunked is asked for outright.
      if (withLength) headers["content-length"] = body.length;
      else headers["transfer-encoding"] = "chunked";
      const req = request({ host: "127.0.0.1", port, method: "POST", path: `/api/conversations/${c.conversationId}/uploads`, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => {
          const replies = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { replies?: Outbound[] }).replies ?? [];
          resolve({ status: res.statusCode!, text: replies.map((r) => r.text).join("\n") });
        });
      });
      // The server answers before the whole body is read (it stops at the limit): not an error here.
      req.on("error", (err: NodeJS.ErrnoException) => (err.code === "EPIPE" || err.code === "ECONNRESET" ? undefined : reject(err)));
      req.end(body);
    });
  /** A PDF of exactly `size` bytes. */
  const pdfOf = (size: number) => Buffer.concat([fixtures.pdf, Buffer.alloc(size - fixtures.pdf.length, 0x20)]);

  it("a 3.4 MB scan sent with a Content-Length is refused with its size and the limit", async () => {
    const c = await atFirstDocument();
    const res = await upload(c, pdfOf(3565158), "ktp besar.pdf", true);
    expect(res.status).toBe(200);
    expect(res.text).toContain("3,4 MB; maksimal 2 MB");
  });

  it("a file just over the limit is not said to be 2 MB (the size is rounded up, as on other channels)", async () => {
    const c = await atFirstDocument();
    const res = await upload(c, pdfOf(2 * 1024 * 1024 + 50_000), "kk.pdf", true);
    expect(res.text).toContain("2,1 MB; maksimal 2 MB");
  });

  it("without a Content-Length (a chunked upload) the size is unknown: the limit alone, no size made up", async () => {
    const c = await atFirstDocument();
    const res = await upload(c, pdfOf(3565158), "ktp besar.pdf", false);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/terlalu besar \(maksimal 2 MB\)/);
  });

  it("a file within the limit is still taken", async () => {
    const c = await atFirstDocument();
    const res = await upload(c, pdfOf(1_000_000), "ktp.pdf", true);
    expect(res.text).not.toMatch(/terlalu besar/);
  });
});
