import { describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { STAFF_TOPIC, staffCaseSeq } from "../../src/runtime/port.js";
import { redisStoreOptions } from "../../src/store/configured.js";
import { createRedisStore } from "../../src/store/redis.js";
import { GROUP, budi, openCase, settle, shownAfter, worldsOnRedis } from "../support/topic-world.js";

/**
 * Held-out acceptance (topic3, 2026-12-03), written before the change: two real Loket instances on
 * one redis-server and the Bot API emulator. What staff read in a case's topic, and what it costs a
 * citizen's message: the case's place number goes with the turn's commit (no round trip of its
 * own); a failed commit, or an older instance posting an event (rolling upgrade), holds no topic;
 * topics are made and closed at the group's shared pace; an erased conversation's topic goes after
 * what was still to be posted in it.
 */
const world = worldsOnRedis();

describe("topic3: a case's topic, cheaper and without holds", () => {
  it("1. a citizen's message in a held case costs no Redis round trip for its place: the place goes with the commit", async () => {
    const w = await world();
    try {
      const { citizen, c, topic } = await openCase(w);
      expect((await w.a.staff.take(c.id, budi)).ok).toBe(true);
      await settle(w);
      const sent: string[][] = [];
      const client = w.a.redis!;
      const original = client.sendCommand.bind(client);
      client.sendCommand = ((cmd: { name: string; args: unknown[] }) => {
        sent.push([cmd.name, ...cmd.args.map((x) => (Buffer.isBuffer(x) ? x.toString() : String(x)))]);
        return original(cmd as never);
      }) as typeof client.sendCommand;
      await w.a.runtime.handle({ ...citizen, text: "ukuran reklame 2x3 meter" });
      client.sendCommand = original;
      await shownAfter(topic, /2x3 meter/);
      // Nothing about the case's place in a command of its own: only inside the turn's commit (which holds the conversation's lock).
      const own = sent.filter((cmd) => cmd.some((x) => x.includes(staffCaseSeq(c.id))) && !cmd.some((x) => x.endsWith(":lock")));
      expect(own).toEqual([]);
    } finally {
      await w.close();
    }
  }, 60_000);

  it("2. a commit that failed holds nothing: the citizen's message sent again shows in the topic at once, not 10 s later", async () => {
    const w = await world({ failing: true });
    try {
      const { citizen, topic } = await openCase(w);
      w.failing!.failNext = true;
      await w.a.runtime.handle({ ...citizen, text: "apakah perlu IMB juga" });
      expect(w.failing!.failNext).toBe(false);
      await settle(w, 500);
      await w.a.runtime.handle({ ...citizen, text: "apakah perlu IMB juga?" });
      expect(await shownAfter(topic, /perlu IMB juga\?/)).toBeLessThan(4_000);
      await w.b.runtime.handle({ ...citizen, text: "lokasi di jalan utama" });
      expect(await shownAfter(topic, /jalan utama/)).toBeLessThan(4_000);
    } finally {
      await w.close();
    }
  }, 60_000);

  it("3. rolling upgrade: an older instance that claims and posts a case's event (it marks nothing) holds the next event no 10 s", async () => {
    const w = await world();
    try {
      const { citizen, c, topic } = await openCase(w);
      // The older version's staff group: claims every event by its id as it comes (before the newer ones do) and posts it.
      const older = createRedisStore(w.a.redis!.duplicate(), redisStoreOptions(w.config));
      const stopOlder = w.a.bus.subscribe(STAFF_TOPIC, (payload) => {
        const e = payload as { id?: string; type: string; caseId?: string; text?: string; from?: string };
        if (e.type !== "case_message" || e.caseId !== c.id || !/pertama/.test(e.text ?? "")) return;
        void older.nextSequence(`staff-mirror:${e.id}`, { expireMs: 3_600_000 }).then(async (n) => {
          if (n !== 1) return;
          await fetch(`${w.emu.apiRoot}/bot${w.emu.token}/sendMessage`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ chat_id: GROUP, message_thread_id: c.staffThreadId, text: `Warga (lama): ${e.text}` }),
          });
        });
      });
      try {
        await w.a.runtime.handle({ ...citizen, text: "pesan pertama" });
        await shownAfter(topic, /pesan pertama/);
        await w.b.runtime.handle({ ...citizen, text: "pesan kedua" });
        expect(await shownAfter(topic, /pesan kedua/)).toBeLessThan(4_000);
        expect(topic().filter((t) => /pesan pertama/.test(t))).toHaveLength(1);
      } finally {
        stopOlder();
      }
    } finally {
      await w.close();
    }
  }, 60_000);

  it("4. rolling upgrade: an older instance's event (no place number) is posted at once, after what came before it", async () => {
    const w = await world();
    try {
      const { citizen, c, topic } = await openCase(w);
      await w.a.runtime.handle({ ...citizen, text: "pesan baru satu" });
      await w.b.bus.publish(STAFF_TOPIC, { type: "case_message", caseId: c.id, from: "citizen", text: "pesan lama dua", id: crypto.randomUUID() });
      expect(await shownAfter(topic, /pesan lama dua/)).toBeLessThan(4_000);
      await shownAfter(topic, /pesan baru satu/);
      const lines = topic();
      expect(lines.findIndex((t) => /pesan baru satu/.test(t))).toBeLessThan(lines.findIndex((t) => /pesan lama dua/.test(t)));
    } finally {
      await w.close();
    }
  }, 60_000);

  it("5. topics made and closed by two instances keep the group's pace with the messages (about one call a second together)", async () => {
    const w = await world();
    try {
      const times: number[] = [];
      let seen = 0;
      const paced = new Set(["sendMessage", "createForumTopic", "closeForumTopic", "deleteForumTopic"]);
      const watch = setInterval(() => {
        for (; seen < w.emu.calls.length; seen++) if (paced.has(w.emu.calls[seen]!.method)) times.push(Date.now());
      }, 10);
      const citizens = [0, 1, 2, 3].map(() => ({ channel: "web" as const, conversationId: `web:${crypto.randomUUID()}` }));
      await Promise.all(citizens.map((c, i) => (i % 2 ? w.a : w.b).runtime.handle({ ...c, text: "petugas" })));
      await expect.poll(async () => (await w.a.store.list<HandoffCase>("cases")).filter((c) => c.staffThreadId).length, { timeout: 30_000 }).toBe(4);
      const cases = await w.a.store.list<HandoffCase>("cases");
      await Promise.all(cases.map((c, i) => (i % 2 ? w.a : w.b).staff.close(c.id, budi, { survey: false })));
      await expect.poll(() => w.emu.calls.filter((c) => c.method === "closeForumTopic").length, { timeout: 40_000 }).toBe(4);
      await new Promise((r) => setTimeout(r, 1_000));
      clearInterval(watch);
      const most = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 3_000).length));
      expect(most).toBeLessThanOrEqual(4);
    } finally {
      await w.close();
    }
  }, 90_000);

  it("6. erased right after the case was given back: its topic is deleted after the last line still to be posted in it, and nothing is said of it after", async () => {
    const w = await world();
    try {
      const { citizen, c } = await openCase(w);
      expect((await w.a.staff.take(c.id, budi)).ok).toBe(true);
      await w.b.runtime.handle({ ...citizen, text: "NIK saya 3317014508900002" });
      expect((await w.b.staff.reply(c.id, budi, "baik, kami cek")).ok).toBe(true);
      expect((await w.a.staff.giveBack(c.id, budi)).ok).toBe(true);
      await w.b.runtime.handle({ ...citizen, text: "hapus data saya" });
      await w.b.runtime.handle({ ...citizen, choice: "delete_data.explain:yes" });
      await expect.poll(() => w.emu.calls.filter((x) => x.method === "deleteForumTopic").length, { timeout: 30_000 }).toBe(1);
      await settle(w, 2_500);
      const calls = w.emu.calls;
      const deleted = calls.findIndex((x) => x.method === "deleteForumTopic" && Number(x.payload.message_thread_id) === c.staffThreadId);
      const lastInTopic = calls.findLastIndex((x) => /^send|ForumTopic$/.test(x.method) && x.method !== "deleteForumTopic" && Number(x.payload.message_thread_id) === c.staffThreadId);
      expect(deleted).toBeGreaterThan(lastInTopic);
      // Nothing of the case in the group after its topic went (not in the general thread either).
      expect(calls.slice(deleted + 1).filter((x) => x.method === "sendMessage" && Number(x.payload.chat_id) === GROUP)).toEqual([]);
      expect(w.emu.sentTo(GROUP).some((m) => /Dikembalikan ke bot oleh budi/.test(m.text ?? "") && m.message_thread_id === c.staffThreadId)).toBe(true);
    } finally {
      await w.close();
    }
  }, 60_000);
});
