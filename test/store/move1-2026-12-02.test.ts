import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStoreJournal } from "../../src/channels/whatsapp/journal.js";
import type { Outbound } from "../../src/domain/message.js";
import type { Application } from "../../src/domain/records.js";
import { addStaff } from "../../src/staff/auth.js";
import { lockDataDir } from "../../src/store/instance-lock.js";
import { completeApplication, SAMPLE } from "../support/citizen.js";
import { askingField, answerValidly, lastOf } from "../support/forms.js";
import { sendVia, textOf } from "../support/loket.js";
import { startRedisProcess, testRedisUrl, uniquePrefix, type RedisProcess } from "../support/redis.js";
import type { ConversationState } from "../../src/domain/conversation.js";
import type { TranscriptEntry } from "../../src/domain/records.js";
import { moveToRedis, readMoveMark } from "../../src/store/move.js";
import { createRedisStore } from "../../src/store/redis.js";
import { createSqliteStore, openSqlite, sqliteContents } from "../../src/store/sqlite.js";
import { startStaffWorld, type StaffWorld } from "../staff/support.js";

/**
 * Held-out acceptance for move1 (written before the command existed, from the operator's
 * instruction): an office that started on the embedded store moves everything to Redis with one
 * command, and Loket started on Redis carries on where the embedded one stopped.
 */

const CLERK_PASSWORD = "sandi-petugas-loket-7";
const actor = { username: "budi", role: "staff" as const, displayName: "Budi" };
const year = new Date().getUTCFullYear();

/** The operator's command, as a process: `npm run move-to-redis -- --redis <url>` with Loket's environment. */
function move(env: Record<string, string>, args: string[] = []): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/move-to-redis.ts", ...args], {
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("move1: an office on the embedded store moves to Redis", () => {
  let redis: RedisProcess;
  let client: Redis;
  const dataDir = mkdtempSync(join(tmpdir(), "loket-move1-"));
  const prefix = "kab:";
  const before: {
    number?: string;
    appConversation?: string;
    formConversation?: string;
    formField?: string;
    formExpects?: Outbound["expects"];
    openCase?: string;
    document?: { id: string; size: number };
    outboxStart?: number;
    transcriptLines?: number;
  } = {};
  let moved: { code: number | null; out: string };

  beforeAll(async () => {
    redis = await startRedisProcess();
    client = new Redis(redis.url);
    // 1. The office's Loket on its embedded store, used as it is every day.
    const w = await startStaffWorld({ store: "sqlite", env: { DATA_DIR: dataDir } });
    try {
      const { store } = w.t.loket;
      expect((await addStaff(store, { username: "dewi", role: "staff", password: CLERK_PASSWORD })).ok).toBe(true);
      // 122 numbers issued earlier this year: the next one is 000123.
      for (let i = 0; i < 122; i++) await store.nextSequence(`registration:${year}`);
      // A submitted application with documents, whose status staff then change.
      before.appConversation = `web:move1-applicant`;
      const { number } = await completeApplication(sendVia(w.t, before.appConversation));
      before.number = number;
      expect(number).toMatch(new RegExp(`-${year}-000123$`));
      expect((await w.ops.changeStatus(number, actor, { status: "verified" })).ok).toBe(true);
      const app = (await store.get<Application>("applications", number))!;
      const [docId, doc] = Object.entries(app.documents)[0]!;
      before.document = { id: docId, size: (doc as { size?: number }).size ?? -1 };
      before.transcriptLines = (await store.transcript(before.appConversation)).length;
      // A citizen half-way through a form.
      await w.t.say("saya mau mengajukan izin reklame");
      await w.t.say("setuju");
      await answerValidly(w.t);
      await answerValidly(w.t);
      before.formConversation = w.t.conversationId;
      before.formField = askingField(w.t);
      before.formExpects = lastOf(w.t.last)?.expects;
      expect(before.formField).toBeTruthy();
      // An open handoff case.
      const waiting = await w.citizen();
      await waiting.say("saya mau bicara dengan petugas");
      before.openCase = (await store.peekState(waiting.conversationId))?.handoff?.caseId;
      expect(before.openCase).toBeTruthy();
      // A closed case whose citizen answered the SKM survey.
      const rated = await w.citizen();
      await rated.say("petugas");
      const ratedCase = (await store.peekState(rated.conversationId))!.handoff!.caseId;
      expect((await w.ops.take(ratedCase, actor)).ok).toBe(true);
      expect((await w.ops.reply(ratedCase, actor, "Sudah kami bantu ya Pak.")).ok).toBe(true);
      expect((await w.ops.close(ratedCase, actor)).ok).toBe(true);
      let replies: Outbound[] = await rated.say("ya");
      for (let i = 0; i < 12 && !/Terima kasih atas penilaian/.test(textOf(replies)); i++) replies = await rated.say("4");
      expect(textOf(replies)).toMatch(/Terima kasih atas penilaian/);
      expect(await store.list("surveys")).toHaveLength(1);
      // A WhatsApp text queued and not sent yet.
      const journal = createStoreJournal(store);
      before.outboxStart = (await journal.open()).length;
      await journal.add({ chatId: "6281234567890@c.us", conversationId: "whatsapp:6281234567890@c.us", texts: ["Permohonan Bapak/Ibu sudah diverifikasi."] }).written;
    } finally {
      await w.close();
    }
    // 2. The operator stops Loket and runs the command.
    moved = move({ DATA_DIR: dataDir, REDIS_KEY_PREFIX: prefix }, ["--redis", redis.url]);
  }, 240_000);

  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("the command succeeds and prints counts per kind, without personal data", () => {
    expect(moved.code, moved.out).toBe(0);
    expect(moved.out).toMatch(/applications\D+1\b/);
    expect(moved.out).toMatch(/staff\D+3\b/);
    for (const secret of [SAMPLE.nik, SAMPLE.hp, SAMPLE.nama, "6281234567890", "move1-applicant"]) expect(moved.out).not.toContain(secret);
  });

  describe("Loket started on Redis afterwards", () => {
    let w: StaffWorld;
    beforeAll(async () => {
      w = await startStaffWorld({ store: "redis", env: { DATA_DIR: dataDir, REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix } });
    }, 60_000);
    afterAll(async () => w?.close());

    it("the citizen half-way through a form continues it", async () => {
      const state = await w.t.loket.store.peekState(before.formConversation!);
      expect(state, "the form's state moved").not.toBeNull();
      w.t.conversationId = before.formConversation!;
      w.t.last = [{ type: "text", text: "", expects: before.formExpects! }];
      const next = await answerValidly(w.t);
      expect(textOf(next)).not.toMatch(/Selamat datang|menu utama/i);
      expect(askingField(w.t)).toBeTruthy();
      expect(askingField(w.t)).not.toBe(before.formField);
    });

    it("the status check answers the applicant with the status staff set", async () => {
      expect(await w.t.loket.store.transcript(before.appConversation!)).toHaveLength(before.transcriptLines!);
      const replies = await sendVia(w.t, before.appConversation)({ text: "status permohonan saya" });
      expect(textOf(replies)).toContain(before.number!);
      expect(textOf(replies)).toMatch(/diverifikasi/);
    });

    it("staff log in with the same password", async () => {
      const c = await w.login("dewi", CLERK_PASSWORD);
      expect(c.csrf).toBeTruthy();
      expect((await c.login("dewi", "salah-sandi-sekali")).status).toBe(401);
    });

    it("the next registration number is 000124, not 000001", async () => {
      const { number } = await completeApplication(sendVia(w.t, "web:move1-after"));
      expect(number).toMatch(new RegExp(`-${year}-000124$`));
    });

    it("the console opens the application's documents and the open case with its transcript", async () => {
      const c = await w.login("dewi", CLERK_PASSWORD);
      const res = await c.get(`/applications/${encodeURIComponent(before.number!)}/documents/${encodeURIComponent(before.document!.id)}`);
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBeGreaterThan(0);
      if (before.document!.size > 0) expect(bytes.length).toBe(before.document!.size);
      const queue = await c.json<{ cases: { id: string }[] }>("/cases?status=open");
      expect(queue.cases.map((x) => x.id)).toContain(before.openCase);
      const view = await c.json<{ transcript: { text?: string }[] }>(`/cases/${encodeURIComponent(before.openCase!)}`);
      expect(JSON.stringify(view.transcript)).toContain("bicara dengan petugas");
    });

    it("the survey answer and the queued WhatsApp text are there", async () => {
      expect(await w.t.loket.store.list("surveys")).toHaveLength(1);
      const journal = createStoreJournal(w.t.loket.store);
      const pending = await journal.open();
      expect(pending.map((p) => p.batch.texts).flat()).toContain("Permohonan Bapak/Ibu sudah diverifikasi.");
    });
  });

  it("run again, it changes nothing and says the move was already made", () => {
    const again = move({ DATA_DIR: dataDir, REDIS_KEY_PREFIX: prefix }, ["--redis", redis.url]);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toMatch(/sudah dipindahkan/i);
  });

  it("refuses a key prefix that already holds another office's data, and writes nothing", async () => {
    await client.hset("lain:rec:staff", "andi", "{}");
    const keys = (await client.keys("lain:*")).length;
    const r = move({ DATA_DIR: dataDir, REDIS_KEY_PREFIX: "lain:" }, ["--redis", redis.url]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/REDIS_KEY_PREFIX/);
    expect((await client.keys("lain:*")).length).toBe(keys);
  });

  it("refuses while a Loket runs on the DATA_DIR", async () => {
    const release = lockDataDir(dataDir);
    try {
      const r = move({ DATA_DIR: dataDir, REDIS_KEY_PREFIX: "baru:" }, ["--redis", redis.url]);
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(/hentikan|stop/i);
      expect(await client.keys("baru:*")).toEqual([]);
    } finally {
      release();
    }
  });

  it("without --redis (or REDIS_URL) it says what to give", () => {
    const r = move({ DATA_DIR: dataDir, REDIS_KEY_PREFIX: "x:", REDIS_URL: "" });
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/--redis/);
  });
});

describe("move1: a move cut off midway", () => {
  it("is continued by the next run: nothing twice, nothing missing, counters not lowered", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-move1-cut-"));
    const db = openSqlite(join(dir, "loket.db"));
    const source = createSqliteStore(db);
    const client = new Redis(testRedisUrl());
    const prefix = uniquePrefix("move1");
    const target = { store: createRedisStore(client, { prefix }), redis: client, prefix };
    try {
      for (let i = 0; i < 150; i++) {
        const turn = await source.begin(`web:c${i}`);
        await turn.commit({
          ...(i % 2 ? { state: { conversationId: `web:c${i}`, channel: "web", lang: "id", stack: [], data: { i } } as unknown as ConversationState } : {}),
          transcript: [{ at: new Date().toISOString(), from: "citizen", text: `pesan ${i}` }, { at: new Date().toISOString(), from: "bot", text: "jawaban" }] as TranscriptEntry[],
          puts: [{ collection: "surveys", key: `s${i}`, value: { id: `s${i}` } }],
        });
      }
      for (let i = 0; i < 40; i++) await source.nextSequence("case-ticket");
      for (let i = 0; i < 7; i++) await source.nextSequence("registration:2026");
      // A prefix already holding Loket data is refused, with nothing written.
      await client.set(`${prefix}seq:registration:2026`, "1");
      expect(await moveToRedis({ store: source, contents: sqliteContents(db), dataDir: dir }, target)).toMatchObject({ type: "not_empty", keys: 1, kinds: ["seq"] });
      expect(await readMoveMark(client, prefix)).toBeNull();
      await client.del(`${prefix}seq:registration:2026`);
      const from = { store: source, contents: sqliteContents(db), dataDir: dir };
      await expect(
        moveToRedis(from, target, {
          afterConversation: (done) => {
            if (done >= 64) throw new Error("cut off");
          },
        }),
      ).rejects.toThrow("cut off");
      expect((await readMoveMark(client, prefix))?.finishedAt).toBeUndefined();
      // Meanwhile a Loket on Redis issued numbers beyond the embedded store's (it warns at start): not lowered.
      await client.set(`${prefix}seq:registration:2026`, "9");
      const again = await moveToRedis(from, target);
      expect(again.type).toBe("moved");
      if (again.type !== "moved") return;
      expect(again.report).toMatchObject({ resumed: true, mismatches: [], conversations: { total: 150, states: 75, transcriptLines: 300, alreadyThere: 64 } });
      expect(await target.store.transcript("web:c3")).toHaveLength(2);
      expect(await target.store.transcript("web:c149")).toHaveLength(2);
      expect((await target.store.peekState("web:c149")) as unknown).toMatchObject({ data: { i: 149 } });
      expect(await target.store.list("surveys")).toHaveLength(150);
      expect(await target.store.nextSequence("case-ticket")).toBe(41);
      expect(await target.store.nextSequence("registration:2026")).toBe(10);
      expect((await readMoveMark(client, prefix))?.finishedAt).toBeTruthy();
      expect(await moveToRedis(from, target)).toMatchObject({ type: "already_moved" });
    } finally {
      await source.close();
      client.disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
