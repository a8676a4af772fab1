import { join } from "node:path";
import Database from "better-sqlite3";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createTestLoket, type TestLoket } from "../support/loket.js";

/**
 * A web page that lost the answer to a message (Loket restarted between storing the turn and
 * answering it) sends the message again with the same id: it gets that answer again, exactly as
 * it was (choices, expected input, language), read back from the store after the restart. On
 * both stores the answer is kept as a pointer to the turn's transcript lines when they say it.
 */
let t: TestLoket | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("a retried message after a restart", () => {
  for (const store of ["sqlite", "redis"] as const) {
    it(`gets the very answer it got before (${store})`, async () => {
      t = await createTestLoket({ store });
      const talk = ["halo", "daftar reklame", "setuju", "hello, what do I need for a building permit?"];
      for (const [i, text] of talk.entries()) {
        const first = await t.say(text, { messageId: `m${i}` });
        expect(first.length).toBeGreaterThan(0);
        if (store === "sqlite") {
          // Said by the turn's transcript lines: kept as a pointer to them, not written twice.
          const db = new Database(join(t.dataDir, "loket.db"), { readonly: true });
          const kept = (db.prepare("SELECT reply FROM conversations WHERE id = ?").get(t.conversationId) as { reply: string }).reply;
          db.close();
          expect(JSON.parse(kept)).toEqual({ messageId: `m${i}`, at: expect.any(Number), line: expect.any(Number) });
        } else {
          const redis = new Redis(t.config.REDIS_URL!);
          const kept = await redis.get(`${t.config.REDIS_KEY_PREFIX}{c:${t.conversationId}}:reply`);
          redis.disconnect();
          expect(JSON.parse(kept!)).toEqual({ messageId: `m${i}`, line: expect.any(Number), n: expect.any(Number) });
        }
        await t.restart();
        const again = await t.say(text, { messageId: `m${i}` });
        expect(JSON.stringify(again), text).toBe(JSON.stringify(first));
      }
      // A restart per message: slow on a busy machine.
    }, 120_000);
  }
});
