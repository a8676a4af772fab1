import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/domain/message.js";
import { createRedisStore } from "../../src/store/redis.js";
import { completeApplication, type CitizenInput } from "../support/citizen.js";
import { startLoketProcess, type LoketProcess } from "../support/process.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";

/** A citizen of the web API who may talk to any instance. */
async function openConversation(base: string) {
  const res = await fetch(`${base}/api/conversations`, { method: "POST" });
  return (await res.json()) as { conversationId: string; token: string };
}
async function sendTo(base: string, c: { conversationId: string; token: string }, input: CitizenInput, messageId?: string): Promise<Outbound[]> {
  let res: Response;
  if ("file" in input) {
    const fd = new FormData();
    fd.append("file", new Blob([new Uint8Array(input.file)]), input.filename);
    res = await fetch(`${base}/api/conversations/${c.conversationId}/uploads`, { method: "POST", headers: { authorization: `Bearer ${c.token}` }, body: fd });
  } else {
    res = await fetch(`${base}/api/conversations/${c.conversationId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${c.token}`, "content-type": "application/json" },
      body: JSON.stringify({ ...input, ...(messageId ? { messageId } : {}) }),
    });
  }
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { replies: Outbound[] }).replies;
}

describe("several Loket processes on one Redis", () => {
  const prefix = uniquePrefix("multi");
  const dataDir = mkdtempSync(join(tmpdir(), "loket-multi-"));
  const env = { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: prefix, DATA_DIR: dataDir, RATE_LIMIT_BURST: "1000", RATE_LIMIT_PER_SECOND: "1000" };
  let a: LoketProcess;
  let b: LoketProcess;
  let redis: Redis;

  beforeAll(async () => {
    [a, b] = await Promise.all([startLoketProcess(env), startLoketProcess(env)]);
    redis = new Redis(testRedisUrl());
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.kill(), b?.kill()]);
    redis?.disconnect();
  });

  it("completes many interleaved applications across both instances: each once, numbers unique, replies in order", async () => {
    const citizens = 12;
    const results = await Promise.all(
      Array.from({ length: citizens }, async (_, i) => {
        const c = await openConversation(i % 2 ? a.base : b.base);
        let turn = 0;
        const log: string[] = [];
        const send = async (input: CitizenInput) => {
          // Every message goes to the other instance than the one before.
          const replies = await sendTo(turn++ % 2 ? a.base : b.base, c, input);
          log.push(replies.map((r) => r.text).join("|"));
          return replies;
        };
        const { number } = await completeApplication(send);
        return { c, number, log };
      }),
    );
    const numbers = results.map((r) => r.number);
    expect(new Set(numbers).size).toBe(citizens);
    const store = createRedisStore(redis, { prefix });
    const apps = await store.list<{ number: string; conversationId: string }>("applications");
    expect(apps).toHaveLength(citizens);
    expect(new Set(apps.map((x) => x.conversationId)).size).toBe(citizens);
    for (const r of results) {
      // Replies in order: the form's steps count up, the receipt comes last.
      const steps = r.log.map((l) => /Langkah (\d+) dari/.exec(l)?.[1]).filter(Boolean).map(Number);
      expect(steps).toEqual([...steps].sort((x, y) => x - y));
      expect(r.log[r.log.length - 1]).toContain(r.number);
      // The transcript holds every turn once, in order.
      const transcript = await store.transcript(`web:${r.c.conversationId}`);
      const citizenLines = transcript.filter((l) => l.from === "citizen").length;
      expect(citizenLines).toBe(r.log.length);
    }
  }, 120_000);

  it("processes the same conversation's simultaneous messages one at a time on both instances", async () => {
    const c = await openConversation(a.base);
    const [ra, rb] = await Promise.all([sendTo(a.base, c, { text: "halo" }), sendTo(b.base, c, { text: "syarat imb apa" })]);
    expect(ra.length).toBeGreaterThan(0);
    expect(rb.length).toBeGreaterThan(0);
    const store = createRedisStore(redis, { prefix });
    const lines = await store.transcript(`web:${c.conversationId}`);
    // Two complete turns, not interleaved: citizen, bot..., citizen, bot...
    const from = lines.map((l) => l.from);
    const second = from.indexOf("citizen", 1);
    expect(from.filter((f) => f === "citizen")).toHaveLength(2);
    expect(from.slice(1, second).every((f) => f === "bot")).toBe(true);
    // A retried delivery (same messageId) on the other instance is processed once, and answered
    // with the same replies (the page lost the first answer).
    const first = await sendTo(a.base, c, { text: "menu" }, "retry-1");
    const again = await sendTo(b.base, c, { text: "menu" }, "retry-1");
    expect(first.length).toBeGreaterThan(0);
    expect(again).toEqual(first);
    expect((await store.transcript(`web:${c.conversationId}`)).filter((l) => l.from === "citizen" && l.text === "menu")).toHaveLength(1);
  });

  it("after SIGKILL in the middle of a submission, the application exists exactly once and the citizen continues", async () => {
    const c = await openConversation(b.base);
    let turn = 0;
    let killedAt = -1;
    const send = async (input: CitizenInput): Promise<Outbound[]> => {
      turn++;
      if ("choice" in input && input.choice === "apply.summary:yes" && killedAt < 0) {
        // Confirm on instance A and kill it while it works; the citizen retries the same message on B.
        killedAt = turn;
        const pending = sendTo(a.base, c, input, "confirm-1").catch(() => undefined);
        await new Promise((r) => setTimeout(r, 5));
        await a.kill("SIGKILL");
        const fromA = await pending;
        const retry = await sendTo(b.base, c, input, "confirm-1");
        return fromA ?? retry;
      }
      return sendTo(b.base, c, input);
    };
    let number: string | undefined;
    try {
      number = (await completeApplication(send)).number;
    } catch {
      // The receipt was lost with the killed instance: the next message still works.
      const replies = await sendTo(b.base, c, { text: "status" });
      expect(replies.map((r) => r.text).join(" ")).toMatch(/nomor registrasi/i);
    }
    expect(killedAt).toBeGreaterThan(0);
    const store = createRedisStore(redis, { prefix });
    const mine = (await store.list<{ number: string; conversationId: string }>("applications")).filter((x) => x.conversationId === `web:${c.conversationId}`);
    expect(mine).toHaveLength(1);
    if (number) expect(mine[0]!.number).toBe(number);
    const next = await sendTo(b.base, c, { text: "menu" });
    expect(next.map((r) => r.text).join(" ")).toMatch(/bantu/);
    a = await startLoketProcess(env); // for afterAll symmetry
  }, 60_000);
});
