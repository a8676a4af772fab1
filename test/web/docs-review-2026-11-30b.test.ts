import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/domain/message.js";
import type { Application } from "../../src/domain/records.js";
import { sniff } from "../../src/domain/upload.js";
import { StoreError } from "../../src/errors.js";
import { answerFor, type CitizenInput } from "../support/citizen.js";
import { createTestLoket, fixtures, type TestLoket } from "../support/loket.js";

/** Files under a folder, recursively (the uploads folder's documents, by hash). */
const filesUnder = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : f.startsWith(".") ? [] : [f])) : [];

/** Review of documents and personal data, over real HTTP on loopback (2026-11-30, second pass). */
describe("documents over the web API (review 2026-11-30b)", () => {
  let t: TestLoket;
  let base: string;

  beforeAll(async () => {
    t = await createTestLoket({ store: "sqlite", env: { UPLOAD_MAX_BYTES: "65536" } });
    await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = t.loket.app.server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  });
  afterAll(async () => t.close());

  type Conv = { conversationId: string; token: string };
  const open = async (): Promise<Conv> => (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as Conv;
  const say = async (c: Conv, body: { text: string } | { choice: string }): Promise<Outbound[]> => {
    const res = await fetch(`${base}/api/conversations/${c.conversationId}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${c.token}` },
      body: JSON.stringify(body),
    });
    return ((await res.json()) as { replies: Outbound[] }).replies;
  };
  const upload = (c: Conv, bytes: Buffer, name: string, fields: [string, string][] = []) => {
    const fd = new FormData();
    for (const [k, v] of fields) fd.append(k, v);
    fd.append("file", new Blob([new Uint8Array(bytes)]), name);
    return fetch(`${base}/api/conversations/${c.conversationId}/uploads`, { method: "POST", headers: { authorization: `Bearer ${c.token}` }, body: fd });
  };
  /** A new conversation answered up to its first document question. */
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
  const uploads = () => filesUnder(join(t.dataDir, "uploads"));

  it("refuses an upload carrying many large form fields before the file instead of holding them all in memory", async () => {
    const c = await atFirstDocument();
    // The page sends one short field (messageId) before the file; each further field was kept in
    // memory whole, up to 1 MB each and 1,000 parts: a gigabyte per request whatever UPLOAD_MAX_BYTES says.
    const big = "a".repeat(64 * 1024);
    const fields: [string, string][] = Array.from({ length: 40 }, (_, i) => [`f${i}`, big]);
    const res = await upload(c, fixtures.pdf, "ktp.pdf", fields);
    expect(res.status).toBe(413);
    // The page's own upload (messageId, then the file) is still taken.
    const ok = await upload(c, fixtures.pdf, "ktp.pdf", [["messageId", "page-1"]]);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { replies: Outbound[] }).replies.map((r) => r.text).join(" ")).toMatch(/diterima|terima kasih/i);
  });
  it("closes the connection of an upload whose body it did not read to the end (a second file), so it is not held and Loket can stop", async () => {
    const c = await atFirstDocument();
    const boundary = "b0und4ry";
    const part = (name: string, filename: string, bytes: Buffer) =>
      Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`), bytes, Buffer.from("\r\n")]);
    const body = Buffer.concat([part("file", "ktp.pdf", fixtures.pdf), part("file2", "lain.pdf", Buffer.alloc(200_000, 0x20)), Buffer.from(`--${boundary}--\r\n`)]);
    const { port } = new URL(base);
    // A browser's connection: kept open for the next request unless the server closes it.
    const agent = new Agent({ keepAlive: true });
    const outcome = await new Promise<{ status: number; closed: boolean }>((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port, method: "POST", path: `/api/conversations/${c.conversationId}/uploads`, agent, headers: { authorization: `Bearer ${c.token}`, "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": body.length } },
        (res) => {
          res.resume();
          const timer = setTimeout(() => resolve({ status: res.statusCode!, closed: false }), 3_000);
          res.socket.once("close", () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode!, closed: true });
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    agent.destroy();
    expect(outcome.status).toBe(200);
    expect(outcome.closed).toBe(true);
  });
  it("leaves no copy of a document on disk when its upload is sent again (a page retrying), nor after 'hapus data saya'", async () => {
    const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
    // A photo nothing asked for is not kept; the page's retry of it (same messageId) wrote it again, for good.
    const photo = Buffer.concat([fixtures.png, Buffer.from("retry-photo")]);
    const c = await open();
    await say(c, { text: "halo" });
    for (let i = 0; i < 2; i++) expect((await upload(c, photo, "foto.png", [["messageId", "u-1"]])).status).toBe(200);
    expect(uploads()).not.toContain(sha(photo));

    // A document taken, retried, then the citizen's data erased: no file of it stays.
    const d = await atFirstDocument();
    const scan = Buffer.concat([fixtures.pdf, Buffer.from("% retry-scan\n")]);
    for (let i = 0; i < 2; i++) expect((await upload(d, scan, "ktp.pdf", [["messageId", "d-1"]])).status).toBe(200);
    expect(uploads()).toContain(sha(scan));
    await say(d, { text: "hapus data saya" });
    expect((await say(d, { text: "ya" })).map((r) => r.text).join(" ")).toMatch(/sudah dihapus/);
    await say(c, { text: "hapus data saya" });
    await say(c, { text: "ya" });
    expect(uploads()).not.toContain(sha(scan));
    expect(uploads()).not.toContain(sha(photo));
  });
  it("refuses a web page, an SVG with a script or a program that only mention %PDF- near their start, whatever their name", async () => {
    const c = await atFirstDocument();
    const fakes: [string, Buffer][] = [
      ["ktp.pdf", Buffer.from("<!DOCTYPE html><html><body><script>fetch('/staff/api/cases')</script><!-- %PDF-1.4 --></body></html>")],
      ["ktp.pdf", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><!-- %PDF-1.7 --></svg>')],
      ["ktp.pdf", Buffer.concat([fixtures.exe, Buffer.from("%PDF-1.4\n")])],
    ];
    for (const [name, bytes] of fakes) {
      expect(sniff(bytes)).toBeNull();
      const res = await upload(c, bytes, name);
      expect(((await res.json()) as { replies: Outbound[] }).replies.map((r) => r.text).join(" ")).toMatch(/tidak bisa kami terima/);
    }
    // Real PDFs still pass: the header first, or after a few bytes of junk as PDF readers allow.
    expect(sniff(fixtures.pdf)).toBe("application/pdf");
    expect(sniff(Buffer.concat([Buffer.from("\r\n  "), fixtures.pdf]))).toBe("application/pdf");
    expect(sniff(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixtures.pdf]))).toBe("application/pdf");
  });
});

describe("documents in the runtime (review 2026-11-30b)", () => {
  it("writes no file for an upload whose turn the store refused (the citizen is told to try again)", async () => {
    const t = await createTestLoket({ store: "sqlite" });
    try {
      await t.say("halo");
      const begin = t.loket.store.begin.bind(t.loket.store);
      t.loket.store.begin = async () => {
        throw new StoreError("STORE_UNAVAILABLE", "store away", {});
      };
      const replies = await t.upload(fixtures.pdf, "ktp.pdf");
      expect(replies.map((r) => r.text).join(" ")).toMatch(/gangguan/);
      t.loket.store.begin = begin;
      expect(filesUnder(join(t.dataDir, "uploads"))).toEqual([]);
    } finally {
      await t.close();
    }
  });
  it("shows staff a document's name without the invisible characters that reverse it (ktp\u202efdp.exe read as ktpexe.pdf), cut at whole characters", async () => {
    const t = await createTestLoket();
    try {
      let replies = await t.say("saya mau mengajukan izin reklame");
      for (let turn = 0; replies.at(-1)?.expects?.kind !== "file" && turn < 60; turn++) {
        const next = answerFor(replies.at(-1));
        if (!next || "file" in next) break;
        replies = "text" in next ? await t.say(next.text) : await t.tap(next.choice);
      }
      await t.upload(fixtures.pdf, "ktp\u202efdp.exe");
      await t.upload(fixtures.png, `x${"😀".repeat(130)}.png`);
      const names = (await t.loket.store.transcript(t.conversationId)).flatMap((l) => (l.document?.filename ? [l.document.filename] : []));
      expect(names[0]).toBe("ktpfdp.exe");
      // No half of a character at the cut (a lone surrogate shows as "�" and breaks some JSON readers).
      expect(names[1]).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      expect([...names[1]!].length).toBeLessThanOrEqual(120);
    } finally {
      await t.close();
    }
  });
  it("asks a citizen who sends a new document at the summary which document it is for (then files it there), instead of 'we do not need a document right now'", async () => {
    const t = await createTestLoket();
    try {
      let replies = await t.say("saya mau mengajukan izin reklame");
      for (let turn = 0; replies.at(-1)?.expects?.kind !== "confirm" && turn < 60; turn++) {
        const next = answerFor(replies.at(-1))!;
        replies = "file" in next ? await t.upload(next.file, next.filename) : "text" in next ? await t.say(next.text) : await t.tap(next.choice);
      }
      // The summary's own hint after a file sent twice: "Bila keliru, … menggantinya di ringkasan".
      const text = (await t.upload(fixtures.jpg, "ktp-baru.jpg")).map((r) => r.text).join("\n");
      expect(text).not.toMatch(/belum memerlukan dokumen/);
      // Since gaps2 (2026-12-01) the file is held and the documents listed by their summary numbers
      // (before: "Untuk mengganti dokumen, ketik dulu nomornya", and the file was not kept).
      expect(text).toMatch(/untuk dokumen yang mana/);
      const n = /(\d+)\. KTP pemohon/.exec(text)?.[1];
      expect(n).toBeDefined();
      const filed = (await t.say(n!)).map((r) => r.text).join("\n");
      expect(filed).toMatch(/KTP pemohon/);
      expect(t.last.at(-1)?.expects?.kind).toBe("confirm");
    } finally {
      await t.close();
    }
  });
  it("deletes the document a correction replaced once nothing holds it any more (the citizen had asked for their data to be erased)", async () => {
    const t = await createTestLoket({ store: "sqlite" });
    try {
      const { completeApplication } = await import("../support/citizen.js");
      const { sendVia } = await import("../support/loket.js");
      // Each document its own file, so the KTP's is not also another requirement's.
      let n = 0;
      const { number } = await completeApplication(async (input) =>
        "file" in input ? sendVia(t)({ file: Buffer.concat([fixtures.pdf, Buffer.from(`% doc ${n++}\n`)]), filename: input.filename }) : sendVia(t)(input),
      );
      const oldKtp = (await t.loket.store.get<Application>("applications", number))!.documents.ktp!.sha256;
      await t.say("hapus data saya");
      await t.say("ya");
      // Kept: the application lists it.
      expect(await t.loket.files.get(oldKtp)).not.toBeNull();
      await t.loket.staff.changeStatus(number, { username: "budi", role: "staff" }, { status: "needs_correction", note: "KTP buram", documents: ["ktp"] });
      const fresh = Buffer.concat([fixtures.pdf, Buffer.from("% ktp baru\n")]);
      expect((await t.upload(fresh, "ktp-baru.pdf")).map((r) => r.text).join(" ")).toMatch(/sudah kami terima/);
      const app = (await t.loket.store.get<Application>("applications", number))!;
      expect(app.documents.ktp!.sha256).not.toBe(oldKtp);
      // Nothing names the old scan now: no application, no conversation. It must not stay on disk for good.
      expect(await t.loket.files.get(oldKtp)).toBeNull();
      expect(await t.loket.files.get(app.documents.ktp!.sha256)).not.toBeNull();
    } finally {
      await t.close();
    }
  });
  it("tells the citizen at the consent question how long the conversation and loose documents are kept (RETENTION_DAYS), in Indonesian", async () => {
    const t = await createTestLoket({ env: { RETENTION_DAYS: "90" } });
    try {
      const consent = (await t.say("saya mau mengajukan izin reklame")).find((r) => r.expects?.field === "consent")!;
      expect(consent.text).toMatch(/hapus data saya/);
      expect(consent.text).toMatch(/dihapus otomatis setelah 90 hari tanpa pesan/);
      expect(consent.text).not.toMatch(/\{|\}/);
    } finally {
      await t.close();
    }
  });
});
