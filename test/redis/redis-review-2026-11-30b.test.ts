import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Inbound, Outbound } from "../../src/domain/message.js";
import { startRedisProcess, testRedisUrl, uniquePrefix, type RedisProcess } from "../support/redis.js";
import { Redis } from "ioredis";
import { startChannels } from "../../src/channels/start.js";
import type { HandoffCase } from "../../src/domain/records.js";
import { StoreError } from "../../src/errors.js";
import { existsSync } from "node:fs";
import { sweepRetention } from "../../src/runtime/retention.js";
import { createHash } from "node:crypto";
import { startBotApiEmulator } from "../support/botapi-emulator.js";

const quiet = pino({ level: process.env.REVIEW_LOG ?? "silent" });

/** Two Loket instances on the test run's Redis (same prefix, same DATA_DIR), as behind a load balancer. */
async function twoInstances(env: Record<string, string> = {}): Promise<[Loket, Loket]> {
  const config = loadConfig({
    REDIS_URL: testRedisUrl(),
    REDIS_KEY_PREFIX: uniquePrefix("redis-review"),
    DATA_DIR: mkdtempSync(join(tmpdir(), "loket-redis-review-")),
    LOG_LEVEL: "silent",
    RATE_LIMIT_BURST: "1000",
    RATE_LIMIT_PER_SECOND: "1000",
    ...env,
  });
  const a = await buildLoket(config, { logger: quiet, sweepEveryMs: false });
  const b = await buildLoket(config, { logger: quiet, sweepEveryMs: false });
  return [a, b];
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const NIK = "3317014508900002";

describe("review (redis, 2026-11-30b): several instances on one Redis", () => {
  it("'hapus data saya' confirmed on instance A while the citizen's next message is taken on instance B: the name and NIK of the unfinished form are gone, not written back by B's turn", async () => {
    const [a, b] = await twoInstances();
    const conversationId = "web:erase-race-1";
    const on = (l: Loket, input: Partial<Inbound>) => l.runtime.handle({ channel: "web", conversationId, ...input } as Inbound);
    try {
      await on(a, { text: "saya mau mengajukan izin reklame" });
      await on(a, { choice: "apply.consent:agree" });
      await on(a, { text: "Siti Rahmawati" });
      await on(a, { text: NIK });
      const asked = await on(a, { text: "hapus data saya" });
      const yes = asked[asked.length - 1]!.choices!.find((c) => c.id.endsWith(":yes"))!.id;

      // The citizen's next message reaches instance B just as A has stored the confirmation and
      // released the conversation, before A's erasure: B's turn reads the conversation, A erases,
      // then B stores its turn.
      const bRead = deferred();
      const aErased = deferred();
      const bBegin = b.store.begin.bind(b.store);
      b.store.begin = async (id, o) => {
        const turn = await bBegin(id, o);
        bRead.resolve();
        const commit = turn.commit;
        turn.commit = async (batch) => {
          await aErased.promise;
          return commit(batch);
        };
        return turn;
      };
      let bReplies: Promise<Outbound[]> | undefined;
      const aDelete = a.store.deleteConversation.bind(a.store);
      a.store.deleteConversation = async (id) => {
        bReplies = on(b, { text: "halo" });
        await bRead.promise;
        await aDelete(id);
        aErased.resolve();
      };
      const done = await on(a, { choice: yes });
      expect(done.map((r) => r.text).join("\n")).toMatch(/sudah dihapus/);
      await bReplies;

      const state = await a.store.peekState(conversationId);
      expect(JSON.stringify(state ?? {})).not.toContain(NIK);
      expect(JSON.stringify(state ?? {})).not.toContain("Siti Rahmawati");
    } finally {
      await a.close();
      await b.close();
    }
  }, 30_000);

  it("with the Telegram staff group, a handoff case leaves no Redis key behind that never expires (the claim on its topic)", async () => {
    const emu = await startBotApiEmulator();
    const [a, b] = await twoInstances({
      TELEGRAM_BOT_TOKEN: emu.token,
      TELEGRAM_API_ROOT: emu.apiRoot,
      TELEGRAM_WEBHOOK_URL: "https://loket.example.go.id/telegram/webhook",
      TELEGRAM_STAFF_CHAT_ID: "-1001234567890",
    });
    const redis = new Redis(testRedisUrl());
    try {
      await startChannels(a);
      await startChannels(b);
      const citizen = { channel: "web" as const, conversationId: "web:staff-topic-claim" };
      await a.runtime.handle({ ...citizen, text: "petugas" });
      await expect.poll(async () => (await a.store.list<HandoffCase>("cases"))[0]?.staffThreadId ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(emu.calls.filter((c) => c.method === "createForumTopic")).toHaveLength(1);
      const prefix = a.config.REDIS_KEY_PREFIX;
      const claims = await redis.keys(`${prefix}seq:staff-*`);
      expect(claims.length).toBeGreaterThan(0);
      // Every claim expires (TTL -1: it would stay forever, one key per case the office ever had).
      for (const key of claims) expect({ key: key.slice(prefix.length), ttl: (await redis.pttl(key)) > 0 }).toEqual({ key: key.slice(prefix.length), ttl: true });
    } finally {
      redis.disconnect();
      await a.close();
      await b.close();
      await emu.close();
    }
  }, 30_000);

  it("started while Redis is still down (a reboot: Loket up before Redis), the one-off index and copies are made once Redis is reachable, not only at the next start", async () => {
    const redis = await startRedisProcess();
    await redis.stop(true);
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (l: string) => void lines.push(l) });
    const config = loadConfig({ REDIS_URL: redis.url, DATA_DIR: mkdtempSync(join(tmpdir(), "loket-redis-review-")), RATE_LIMIT_BURST: "1000", RATE_LIMIT_PER_SECOND: "1000" });
    const loket = await buildLoket(config, { logger, sweepEveryMs: false });
    try {
      // Loket is up; Redis comes a few seconds later.
      await new Promise((r) => setTimeout(r, 2500));
      await redis.start();
      // Until these marks are set, every "hapus data saya", document nobody asked for and staff case
      // view reads all applications, and every queue read all cases (README: Operations).
      await expect
        .poll(async () => {
          const index = await loket.store.get("conversation_applications", "__ready__").catch(() => null);
          const copies = await loket.store.get("recent_cases", "__ready__").catch(() => null);
          return { applicationsIndexed: index !== null, recentCasesCopied: copies !== null };
        }, { timeout: 15_000, interval: 300 })
        .toEqual({ applicationsIndexed: true, recentCasesCopied: true });
      expect(lines.filter((l) => /tried again at the next start/.test(l))).toEqual([]);
    } finally {
      await loket.close();
      await redis.stop();
    }
  }, 40_000);

  it("a web message whose conversation stayed busy past the lock wait is answered 503 (the page sends it again) and logged as a busy conversation, not as Redis being unavailable", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (l: string) => void lines.push(l) });
    const config = loadConfig({ REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: uniquePrefix("redis-review"), DATA_DIR: mkdtempSync(join(tmpdir(), "loket-redis-review-")) });
    const loket = await buildLoket(config, { logger, sweepEveryMs: false });
    try {
      const c = (await loket.app.inject({ method: "POST", url: "/api/conversations" })).json() as { conversationId: string; token: string };
      // Redis answers; the conversation's turn is what waited too long (a long line of its messages).
      loket.store.begin = async (conversationId) => {
        throw new StoreError("LOCK_TIMEOUT", "conversation is busy", { conversationId });
      };
      const r = await loket.app.inject({ method: "POST", url: `/api/conversations/${c.conversationId}/messages`, headers: { authorization: `Bearer ${c.token}` }, payload: { text: "halo", messageId: "m1" } });
      expect(r.statusCode).toBe(503);
      expect(r.headers["retry-after"]).toBe("2");
      const said = lines.filter((l) => l.includes("LOCK_TIMEOUT")).map((l) => JSON.parse(l) as { level: number; msg: string });
      expect(said).toHaveLength(1);
      expect(said[0]!.msg).not.toMatch(/store unavailable/);
      expect(said[0]!.msg).toMatch(/busy/);
      expect(said[0]!.level).toBeLessThan(50);
    } finally {
      await loket.close();
    }
  });

  it("instances with DATA_DIRs of their own: a document erased through one stays on the other's disk, and the start-up warning says so (not only that staff cannot open it)", async () => {
    const prefix = uniquePrefix("redis-review");
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (l: string) => void lines.push(l) });
    const env = { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: prefix, RATE_LIMIT_BURST: "1000", RATE_LIMIT_PER_SECOND: "1000" };
    const dirA = mkdtempSync(join(tmpdir(), "loket-own-a-"));
    const dirB = mkdtempSync(join(tmpdir(), "loket-own-b-"));
    const a = await buildLoket(loadConfig({ ...env, DATA_DIR: dirA }), { logger: quiet, sweepEveryMs: false });
    await expect.poll(() => existsSync(join(dirA, "uploads", ".loket-mark"))).toBe(true);
    const b = await buildLoket(loadConfig({ ...env, DATA_DIR: dirB }), { logger, sweepEveryMs: false });
    const conversationId = "web:own-dirs";
    const on = (l: Loket, input: Partial<Inbound>) => l.runtime.handle({ channel: "web", conversationId, ...input } as Inbound);
    try {
      await expect.poll(() => lines.some((l) => l.includes("UPLOADS_NOT_SHARED")), { timeout: 5000 }).toBe(true);
      // The citizen sends a document to instance B while the conversation is with staff (kept for them)...
      await on(b, { text: "petugas" });
      const bytes = Buffer.from("%PDF-1.4\nKTP scan\n%%EOF\n");
      await on(b, { file: { bytes, filename: "ktp.pdf" } });
      const sha = createHash("sha256").update(bytes).digest("hex");
      const onB = join(dirB, "uploads", sha.slice(0, 2), sha.slice(2, 4), sha);
      expect(existsSync(onB)).toBe(true);
      // ...staff give it back, and the citizen's "hapus data saya" is taken by instance A.
      const caseId = (await a.store.list<HandoffCase>("cases"))[0]!.id;
      expect((await a.staff.giveBack(caseId, { username: "andi", role: "staff" })).ok).toBe(true);
      const asked = await on(a, { text: "hapus data saya" });
      await on(a, { choice: asked[asked.length - 1]!.choices!.find((c) => c.id.endsWith(":yes"))!.id });
      expect(await a.store.transcript(conversationId)).toEqual([]);
      // The scan is still on B's disk: what the operator must be told.
      expect(existsSync(onB)).toBe(true);
      const warning = lines.map((l) => JSON.parse(l) as { code?: string; msg: string }).find((l) => l.code === "UPLOADS_NOT_SHARED")!;
      expect(warning.msg).toMatch(/erase|deleted/i);
    } finally {
      await a.close();
      await b.close();
    }
  }, 30_000);

  it("a web conversation opened and left unused for over a day, whose token the daily sweep drops, is refused alike by every instance (not taken by the one that had checked its token, then refused mid-form by another)", async () => {
    const [a, b] = await twoInstances();
    try {
      const c = (await a.app.inject({ method: "POST", url: "/api/conversations" })).json() as { conversationId: string; token: string };
      const auth = { authorization: `Bearer ${c.token}` };
      // The page opened on instance A loads its history (and its event stream): A checks the token.
      expect((await a.app.inject({ url: `/api/conversations/${c.conversationId}/history`, headers: auth })).statusCode).toBe(200);
      // The tab stays open, unused; a day later instance B's daily sweep drops the unused token.
      await sweepRetention({ store: b.store, files: b.files, logger: quiet, bus: b.bus, retentionDays: 365, now: () => new Date(Date.now() + 2 * 86_400_000) });
      expect(await b.store.get("web_tokens", `web:${c.conversationId}`)).toBeNull();
      const post = (l: Loket) => l.app.inject({ method: "POST", url: `/api/conversations/${c.conversationId}/messages`, headers: auth, payload: { text: "saya mau mengajukan izin reklame" } });
      expect((await post(b)).statusCode).toBe(403);
      // A refuses it too (the page starts a new conversation at once), instead of taking the form
      // that B (or A after a restart) would then refuse half-way.
      await expect.poll(async () => (await post(a)).statusCode, { timeout: 3000 }).toBe(403);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("a web conversation erased through instance B while instance A's Redis subscriber was away is refused by A once it is back (A had checked its token for the open page)", async () => {
    const redis: RedisProcess = await startRedisProcess();
    const config = loadConfig({ REDIS_URL: redis.url, DATA_DIR: mkdtempSync(join(tmpdir(), "loket-redis-review-")), LOG_LEVEL: "silent", RATE_LIMIT_BURST: "1000", RATE_LIMIT_PER_SECOND: "1000" });
    const a = await buildLoket(config, { logger: quiet, sweepEveryMs: false });
    const b = await buildLoket(config, { logger: quiet, sweepEveryMs: false });
    const admin = new Redis(redis.url);
    try {
      const c = (await a.app.inject({ method: "POST", url: "/api/conversations" })).json() as { conversationId: string; token: string };
      const auth = { authorization: `Bearer ${c.token}` };
      const post = (l: Loket, payload: Record<string, string>) => l.app.inject({ method: "POST", url: `/api/conversations/${c.conversationId}/messages`, headers: auth, payload });
      expect((await post(a, { text: "halo" })).statusCode).toBe(200);
      const asked = (await post(b, { text: "hapus data saya" })).json() as { replies: Outbound[] };
      const yes = asked.replies[asked.replies.length - 1]!.choices!.find((x) => x.id.endsWith(":yes"))!.id;
      // Redis drops the subscriber connections (a network blip, a failover); meanwhile the citizen
      // confirms on B, which erases the conversation and announces it over the bus.
      await admin.client("KILL", "TYPE", "pubsub");
      expect((await post(b, { choice: yes })).statusCode).toBe(200);
      expect(await b.store.get("web_tokens", `web:${c.conversationId}`)).toBeNull();
      // Once the subscribers are back, both refuse the erased conversation's token (its page starts
      // a new conversation), instead of taking messages into a conversation erased on request. (B
      // too had the token checked, and missed its own announcement.)
      await new Promise((r) => setTimeout(r, 1500));
      expect((await post(a, { text: "halo lagi" })).statusCode).toBe(403);
      expect((await post(b, { text: "halo lagi" })).statusCode).toBe(403);
    } finally {
      admin.disconnect();
      await a.close();
      await b.close();
      await redis.stop();
    }
  }, 30_000);

  it("a citizen who writes again after RETENTION_DAYS, on instance A while instance B's daily sweep erases the old conversation, keeps what that message started (here: the place in the staff queue)", async () => {
    const [a, b] = await twoInstances();
    const conversationId = "web:back-after-a-year";
    try {
      await a.runtime.handle({ channel: "web", conversationId, text: "halo" });
      // B's sweep, a year later by its clock, has found the conversation idle and is erasing it just
      // as the citizen's new message reaches A.
      let turnOnA: Promise<Outbound[]> | undefined;
      const erase = b.store.deleteConversation.bind(b.store);
      b.store.deleteConversation = async (id) => {
        turnOnA ??= a.runtime.handle({ channel: "web", conversationId, text: "petugas" });
        await new Promise((r) => setTimeout(r, 300));
        await erase(id);
      };
      const later = new Date(Date.now() + 400 * 86_400_000);
      await sweepRetention({ store: b.store, files: b.files, logger: quiet, bus: b.bus, retentionDays: 365, now: () => later });
      const replies = await turnOnA!;
      expect(replies.map((r) => r.text).join("\n")).toMatch(/petugas/);
      // The case is open for staff, and the conversation knows it is with them.
      expect((await a.store.list<HandoffCase>("cases")).map((c) => c.status)).toEqual(["waiting"]);
      expect((await a.store.peekState(conversationId))?.handoff?.status).toBe("waiting");
      expect((await a.store.transcript(conversationId)).map((l) => l.text)).toContain("petugas");
    } finally {
      await a.close();
      await b.close();
    }
  });
});
