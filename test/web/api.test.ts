import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Outbound } from "../../src/domain/message.js";
import { StoreError } from "../../src/errors.js";
import { completeApplication, type CitizenInput } from "../support/citizen.js";
import { createTestLoket, fixtures, type TestLoket } from "../support/loket.js";

/** The web channel contract of DESIGN.md, over real HTTP on loopback. */
describe("web API", () => {
  let t: TestLoket;
  let base: string;

  beforeAll(async () => {
    t = await createTestLoket({ env: { UPLOAD_MAX_BYTES: "4096" } });
    await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = t.loket.app.server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  });
  afterAll(async () => t.close());

  const open = async () => {
    const res = await fetch(`${base}/api/conversations`, { method: "POST" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { conversationId: string; token: string; messageMaxChars: number };
    expect(body.messageMaxChars).toBe(t.config.MESSAGE_MAX_CHARS);
    return body;
  };
  const post = (id: string, token: string | undefined, body: unknown, raw?: string) =>
    fetch(`${base}/api/conversations/${id}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: raw ?? JSON.stringify(body),
    });

  it("creates a conversation and answers text and choices with valid Outbound replies", async () => {
    const c = await open();
    expect(c.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.token.length).toBeGreaterThanOrEqual(24);
    const res = await post(c.conversationId, c.token, { text: "halo" });
    expect(res.status).toBe(200);
    const { replies } = (await res.json()) as { replies: unknown[] };
    expect(replies.length).toBeGreaterThan(0);
    for (const r of replies) expect(Outbound.safeParse(r).success).toBe(true);
    const withChoices = (replies as Outbound[]).find((r) => r.choices?.length);
    expect(withChoices).toBeDefined();
    const tapped = withChoices!.choices![0]!;
    const res2 = await post(c.conversationId, c.token, { choice: tapped.id });
    expect(res2.status).toBe(200);
    // Staff read the button's text in the transcript, not its id.
    const lines = await t.loket.store.transcript(`web:${c.conversationId}`);
    expect(lines.some((l) => l.from === "citizen" && l.text === `[pilihan] ${tapped.label}`)).toBe(true);
    const body2 = (await res2.json()) as { replies: Outbound[] };
    expect(body2.replies.length).toBeGreaterThan(0);
  });

  it("gives a page opened again what the citizen saw, staff replies sent while no page was open included", async () => {
    const c = await open();
    const history = async (token = c.token) => fetch(`${base}/api/conversations/${c.conversationId}/history`, { headers: { authorization: `Bearer ${token}` } });
    const first = ((await (await post(c.conversationId, c.token, { text: "halo" })).json()) as { replies: Outbound[] }).replies;
    const menu = first.find((r) => r.choices?.length)!;
    await post(c.conversationId, c.token, { choice: menu.choices![0]!.id });
    await post(c.conversationId, c.token, { text: "mau bicara dengan petugas" });
    // The citizen closed the tab; a staff member takes the case and replies.
    const cs = (await t.loket.store.list<{ id: string; conversationId: string }>("cases")).find((x) => x.conversationId === `web:${c.conversationId}`)!;
    const actor = { username: "budi", role: "staff", displayName: "Budi" } as never;
    expect((await t.loket.staff.take(cs.id, actor)).ok).toBe(true);
    expect((await t.loket.staff.reply(cs.id, actor, "Selamat siang Bapak/Ibu, ada yang bisa dibantu?")).ok).toBe(true);
    const res = await history();
    expect(res.status).toBe(200);
    const { lines, ...limits } = (await res.json()) as { lines: { from: string; text: string }[]; uploadMaxBytes: number; messageMaxChars: number };
    expect(limits).toEqual({ uploadMaxBytes: t.config.UPLOAD_MAX_BYTES, messageMaxChars: t.config.MESSAGE_MAX_CHARS });
    expect(lines[0]).toMatchObject({ from: "citizen", text: "halo" });
    // A tapped button reads as its text, as the citizen saw it.
    expect(lines.filter((l) => l.from === "citizen")[1]).toMatchObject({ text: menu.choices![0]!.label });
    expect(lines.filter((l) => l.from === "staff").map((l) => l.text)).toEqual([expect.stringContaining("Petugas Budi sekarang melayani"), expect.stringMatching(/Budi \(petugas\):\nSelamat siang Bapak\/Ibu, ada yang bisa dibantu\?$/)]);
    expect(lines.every((l) => !l.text.startsWith("[pilihan]"))).toBe(true);
    expect((await history("wrong-token")).status).toBe(403);
  });

  it("refuses a missing token (401), another conversation's token (403) and unknown ids (403)", async () => {
    const a = await open();
    const b = await open();
    expect((await post(a.conversationId, undefined, { text: "halo" })).status).toBe(401);
    expect((await post(a.conversationId, b.token, { text: "halo" })).status).toBe(403);
    expect((await post("00000000-0000-4000-8000-000000000000", a.token, { text: "halo" })).status).toBe(403);
    expect((await post("not-a-uuid", a.token, { text: "halo" })).status).toBe(403);
    const events = await fetch(`${base}/api/conversations/${a.conversationId}/events`, { headers: { authorization: `Bearer ${b.token}` } });
    expect(events.status).toBe(403);
    // Once a's token is verified (and remembered), other tokens for a are still refused.
    expect((await post(a.conversationId, a.token, { text: "halo" })).status).toBe(200);
    expect((await post(a.conversationId, b.token, { text: "halo" })).status).toBe(403);
    expect((await post(a.conversationId, `${a.token.slice(0, -1)}${a.token.endsWith("A") ? "B" : "A"}`, { text: "halo" })).status).toBe(403);
    expect((await post(a.conversationId, `${a.token}x`, { text: "halo" })).status).toBe(403);
    expect((await post(a.conversationId, a.token, { text: "halo" })).status).toBe(200);
  });

  it("answers malformed bodies with 400 and a reason, oversized bodies with 413", async () => {
    const c = await open();
    const bad = await post(c.conversationId, c.token, undefined, "{not json");
    expect(bad.status).toBe(400);
    const wrongShape = await post(c.conversationId, c.token, { txt: "halo" });
    expect(wrongShape.status).toBe(400);
    expect(((await wrongShape.json()) as { error: string }).error).toMatch(/text|choice/);
    const empty = await post(c.conversationId, c.token, { text: "" });
    expect(empty.status).toBe(400);
    const huge = await post(c.conversationId, c.token, { text: "a".repeat(200_000) });
    expect(huge.status).toBe(413);
  });

  it("processes a retried message with the same messageId once, and answers the retry with the same replies", async () => {
    const c = await open();
    const repliesOf = async (res: Response) => ((await res.json()) as { replies: Outbound[] }).replies;
    const first = await repliesOf(await post(c.conversationId, c.token, { text: "halo", messageId: "m-1" }));
    expect(first.length).toBeGreaterThan(0);
    // The answer was lost on the way; the page sends the message again with its id.
    expect(await repliesOf(await post(c.conversationId, c.token, { text: "halo", messageId: "m-1" }))).toEqual(first);
    // In a form, a retried answer is not taken as the answer to the next question.
    await repliesOf(await post(c.conversationId, c.token, { text: "daftar reklame", messageId: "m-2" }));
    const consent = await repliesOf(await post(c.conversationId, c.token, { text: "setuju", messageId: "m-3" }));
    const asked = consent.at(-1)!.expects?.field;
    expect(asked).toBeTruthy();
    const answered = await repliesOf(await post(c.conversationId, c.token, { text: "Siti Aminah", messageId: "m-4" }));
    expect(answered.at(-1)!.expects?.field).not.toBe(asked);
    const top = async () => JSON.stringify((await t.loket.store.peekState(`web:${c.conversationId}`))!.engine.stack.at(-1));
    const before = await top();
    expect(await repliesOf(await post(c.conversationId, c.token, { text: "Siti Aminah", messageId: "m-4" }))).toEqual(answered);
    expect(await top()).toBe(before);
    // An older id than the last is still not processed again, but its replies are gone: silence.
    expect(await repliesOf(await post(c.conversationId, c.token, { text: "halo", messageId: "m-1" }))).toEqual([]);
    // A message without an id is answered as usual; a late retry of m-4 still gets m-4's answer.
    expect((await repliesOf(await post(c.conversationId, c.token, { text: "menu" }))).length).toBeGreaterThan(0);
    expect(await repliesOf(await post(c.conversationId, c.token, { text: "Siti Aminah", messageId: "m-4" }))).toEqual(answered);
  });

  it("takes a retried upload with the same messageId once and answers the retry the same", async () => {
    const c = await open();
    const repliesOf = async (res: Response) => ((await res.json()) as { replies: Outbound[] }).replies;
    for (const [i, text] of ["daftar reklame", "setuju"].entries()) await post(c.conversationId, c.token, { text, messageId: `t-${i}` });
    const first = await repliesOf(await uploadTo(c, fixtures.pdf, "ktp.pdf", "u-1"));
    const again = await repliesOf(await uploadTo(c, fixtures.pdf, "ktp.pdf", "u-1"));
    expect(first.length).toBeGreaterThan(0);
    expect(again).toEqual(first);
  });

  const uploadTo = (c: { conversationId: string; token: string }, bytes: Buffer, name: string, messageId?: string) => {
    const fd = new FormData();
    if (messageId) fd.append("messageId", messageId);
    fd.append("file", new Blob([new Uint8Array(bytes)]), name);
    return fetch(`${base}/api/conversations/${c.conversationId}/uploads`, {
      method: "POST",
      headers: { authorization: `Bearer ${c.token}` },
      body: fd,
    });
  };

  it("completes a whole application over HTTP, uploads included, and refuses oversized and fake files politely", async () => {
    const c = await open();
    let sawUpload = false;
    const send = async (input: CitizenInput): Promise<Outbound[]> => {
      if ("file" in input) {
        if (!sawUpload) {
          sawUpload = true;
          const big = await uploadTo(c, Buffer.concat([fixtures.pdf, Buffer.alloc(10_000)]), "besar.pdf");
          expect(big.status).toBe(200);
          expect(((await big.json()) as { replies: Outbound[] }).replies.map((r) => r.text).join(" ")).toMatch(/terlalu besar/);
          const fake = await uploadTo(c, fixtures.exe, "ktp.pdf");
          expect(((await fake.json()) as { replies: Outbound[] }).replies.map((r) => r.text).join(" ")).toMatch(/tidak bisa kami terima/);
          // An iPhone photo gets the way to send it as JPG; an empty file an apology.
          const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from("ftypheic\0\0\0\0mif1heic", "latin1"), Buffer.alloc(64)]);
          const photo = await uploadTo(c, heic, "IMG_0001.HEIC");
          expect(((await photo.json()) as { replies: Outbound[] }).replies.map((r) => r.text).join(" ")).toMatch(/Foto iPhone \(HEIC\).*Paling Kompatibel/);
          const empty = await uploadTo(c, Buffer.alloc(0), "ktp.pdf");
          expect(((await empty.json()) as { replies: Outbound[] }).replies.map((r) => r.text).join(" ")).toMatch(/Mohon maaf, file yang dikirim kosong/);
        }
        const res = await uploadTo(c, input.file, input.filename);
        expect(res.status).toBe(200);
        return ((await res.json()) as { replies: Outbound[] }).replies;
      }
      const res = await post(c.conversationId, c.token, input);
      expect(res.status).toBe(200);
      return ((await res.json()) as { replies: Outbound[] }).replies;
    };
    const { number } = await completeApplication(send);
    expect(number).toMatch(/^RBG-\d{4}-\d{6}$/);
    expect(sawUpload).toBe(true);
    const app = await t.loket.store.get<{ permit: string; documents: Record<string, unknown> }>("applications", number);
    expect(app?.permit).toBe("izin-reklame");
    expect(Object.keys(app?.documents ?? {})).toContain("ktp");
    const noFile = await fetch(`${base}/api/conversations/${c.conversationId}/uploads`, {
      method: "POST",
      headers: { authorization: `Bearer ${c.token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(noFile.status).toBe(400);
  });

  it("streams pushes to the conversation as server-sent events", async () => {
    const c = await open();
    await post(c.conversationId, c.token, { text: "halo" });
    const ac = new AbortController();
    const res = await fetch(`${base}/api/conversations/${c.conversationId}/events?token=${encodeURIComponent(c.token)}`, {
      signal: ac.signal,
    });
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    await reader.read(); // ": connected"
    await t.loket.runtime.push(`web:${c.conversationId}`, [{ type: "text", text: "Halo, saya petugas." }], "staff", "budi");
    let got = "";
    while (!got.includes("\n\n") || !got.includes("data:")) {
      const { value } = await reader.read();
      got += new TextDecoder().decode(value);
    }
    ac.abort();
    const data = JSON.parse(got.split("data: ")[1]!.split("\n")[0]!) as Outbound;
    expect(data).toEqual({ type: "text", text: "Halo, saya petugas.", from: "staff" });
  });

  it("serves the chat page and /healthz", async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/api/conversations");
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
  });
});

describe("HTTP errors from the store", () => {
  it("a conversation busy past the lock wait is 409 (retry), the store away 503; neither is 'internal error'", async () => {
    const { createHttp } = await import("../../src/http.js");
    const { StoreError } = await import("../../src/errors.js");
    const { createLogger } = await import("../../src/log.js");
    const { Writable } = await import("node:stream");
    const destination = new Writable({ write: (_c, _e, done) => done() });
    const { app } = await createHttp({ logger: createLogger({ destination, pretty: false }) });
    app.get("/busy", async () => {
      throw new StoreError("LOCK_TIMEOUT", "conversation is busy", { conversationId: "web:x" });
    });
    app.get("/away", async () => {
      throw new StoreError("STORE_UNAVAILABLE", "redis is unavailable", { conversationId: "web:x" });
    });
    const busy = await app.inject({ url: "/busy" });
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ code: "LOCK_TIMEOUT", error: expect.stringMatching(/busy/) });
    const away = await app.inject({ url: "/away" });
    expect(away.statusCode).toBe(503);
    expect(away.json()).toMatchObject({ code: "STORE_UNAVAILABLE" });
    await app.close();
  });
});

describe("web API: an erased conversation", () => {
  it("loses its token on erasure: the page's next request is refused, and it starts a new conversation", async () => {
    const t = await createTestLoket();
    try {
      await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
      const addr = t.loket.app.server.address();
      const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
      const c = (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
      const post = (text: string) =>
        fetch(`${base}/api/conversations/${c.conversationId}/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${c.token}` }, body: JSON.stringify({ text }) });
      expect((await post("halo")).status).toBe(200);
      expect((await post("hapus data saya")).status).toBe(200);
      const done = (await (await post("ya")).json()) as { replies: Outbound[] };
      expect(done.replies.map((r) => r.text).join("\n")).toMatch(/dihapus/);
      expect(await t.loket.store.get("web_tokens", `web:${c.conversationId}`)).toBeNull();
      await expect.poll(async () => (await post("halo lagi")).status).toBe(403);
    } finally {
      await t.close();
    }
  });
});

/** A message Loket did not take is not answered 200: the page would show it as sent. */
describe("web API: messages not taken", () => {
  let t: TestLoket;
  let base: string;
  beforeAll(async () => {
    t = await createTestLoket({ env: { RATE_LIMIT_BURST: "3", RATE_LIMIT_PER_SECOND: "1" } });
    await t.loket.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = t.loket.app.server.address();
    base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  });
  afterAll(async () => t.close());
  const open = async () => (await (await fetch(`${base}/api/conversations`, { method: "POST" })).json()) as { conversationId: string; token: string };
  const post = (c: { conversationId: string; token: string }, body: unknown) =>
    fetch(`${base}/api/conversations/${c.conversationId}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${c.token}` },
      body: JSON.stringify(body),
    });

  it("too many at once: 429 with the notice, then 429 with nothing; none of them reaches the conversation", async () => {
    const c = await open();
    const statuses: number[] = [];
    const bodies: { replies: Outbound[] }[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(c, { text: `pesan ${i}`, messageId: `m${i}` });
      statuses.push(res.status);
      bodies.push((await res.json()) as { replies: Outbound[] });
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses[3]).toBe(429);
    expect(bodies[3]!.replies[0]!.text).toContain("terlalu cepat");
    expect(statuses[4]).toBe(429);
    expect(bodies[4]!.replies).toEqual([]);
    const said = (await t.loket.store.transcript(`web:${c.conversationId}`)).filter((l) => l.from === "citizen").map((l) => l.text);
    expect(said).toEqual(["pesan 0", "pesan 1", "pesan 2"]);
  });

  it("store unreachable: 503 with Retry-After, nothing stored; the same message id sent again is answered once", async () => {
    const c = await open();
    const store = t.loket.store;
    const begin = store.begin.bind(store);
    store.begin = async () => {
      throw new StoreError("STORE_UNAVAILABLE", "redis down", {});
    };
    let res: Response;
    try {
      res = await post(c, { text: "halo", messageId: "x1" });
    } finally {
      store.begin = begin;
    }
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(((await res.json()) as { replies: Outbound[] }).replies[0]!.text).toContain("gangguan");
    expect(await store.transcript(`web:${c.conversationId}`)).toEqual([]);
    const again = await post(c, { text: "halo", messageId: "x1" });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { replies: Outbound[] }).replies.length).toBeGreaterThan(0);
    expect((await store.transcript(`web:${c.conversationId}`)).filter((l) => l.from === "citizen")).toHaveLength(1);
  });
});
