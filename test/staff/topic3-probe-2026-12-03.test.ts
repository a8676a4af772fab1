import { describe, expect, it } from "vitest";
import { staffCaseSeq } from "../../src/runtime/port.js";
import { budi, openCase, settle, shownAfter, worldsOnRedis } from "../support/topic-world.js";

/**
 * Probe (topic3, 2026-12-03), written after the change, not run before it. Setup as the held-out
 * topic3-2026-12-03 (test/support/topic-world.ts): two real Loket instances on
 * one redis-server and the Bot API emulator. What staff read in a case's topic, and what it costs a
 * citizen's message: the case's place number goes with the turn's commit (no round trip of its
 * own); a failed commit, or an older instance posting an event (rolling upgrade), holds no topic;
 * topics are made and closed at the group's shared pace; an erased conversation's topic goes after
 * what was still to be posted in it.
 */
const world = worldsOnRedis();

describe("topic3 probe", () => {
  it("P1. a take, a reply and a give-back from two instances in a burst: in order, each once, no hold", async () => {
    const w = await world();
    try {
      const { c, topic } = await openCase(w);
      const t0 = Date.now();
      expect((await w.b.staff.take(c.id, budi)).ok).toBe(true);
      expect((await w.a.staff.reply(c.id, budi, "izin reklame lewat OSS")).ok).toBe(true);
      expect((await w.b.staff.giveBack(c.id, budi)).ok).toBe(true);
      await shownAfter(topic, /Dikembalikan ke bot oleh budi/);
      expect(Date.now() - t0).toBeLessThan(8_000);
      await settle(w, 1_000);
      const lines = topic();
      const at = [/Diambil oleh budi/, /lewat OSS/, /Dikembalikan ke bot oleh budi/].map((re) => {
        expect(lines.filter((t) => re.test(t)), String(re)).toHaveLength(1);
        return lines.findIndex((t) => re.test(t));
      });
      expect(at).toEqual([...at].sort((x, y) => x - y));
    } finally {
      await w.close();
    }
  }, 60_000);

  it("P2. two failed commits in a row on A, then messages on B and A: each shown once, in order, quickly", async () => {
    const w = await world({ failing: true });
    try {
      const { citizen, topic } = await openCase(w);
      for (const text of ["gagal satu", "gagal dua"]) {
        w.failing!.failNext = true;
        await w.a.runtime.handle({ ...citizen, text });
      }
      await w.b.runtime.handle({ ...citizen, text: "coba lagi dari B" });
      expect(await shownAfter(topic, /coba lagi dari B/)).toBeLessThan(4_000);
      await w.a.runtime.handle({ ...citizen, text: "dan dari A" });
      expect(await shownAfter(topic, /dan dari A/)).toBeLessThan(4_000);
      const lines = topic();
      expect(lines.some((t) => /gagal (satu|dua)/.test(t))).toBe(false);
      expect(lines.findIndex((t) => /coba lagi dari B/.test(t))).toBeLessThan(lines.findIndex((t) => /dan dari A/.test(t)));
    } finally {
      await w.close();
    }
  }, 60_000);

  it("P3. the Redis commands of a staff reply from the console: its place is in the commit too", async () => {
    const w = await world();
    try {
      const { c, topic } = await openCase(w);
      expect((await w.a.staff.take(c.id, budi)).ok).toBe(true);
      await settle(w);
      const sent: string[][] = [];
      const client = w.a.redis!;
      const original = client.sendCommand.bind(client);
      client.sendCommand = ((cmd: { name: string; args: unknown[] }) => {
        sent.push([cmd.name, ...cmd.args.map((x) => (Buffer.isBuffer(x) ? x.toString() : String(x)))]);
        return original(cmd as never);
      }) as typeof client.sendCommand;
      expect((await w.a.staff.reply(c.id, budi, "silakan datang ke loket 3")).ok).toBe(true);
      client.sendCommand = original;
      await shownAfter(topic, /loket 3/);
      expect(sent.filter((cmd) => cmd.some((x) => x.includes(staffCaseSeq(c.id))) && !cmd.some((x) => x.endsWith(":lock")))).toEqual([]);
    } finally {
      await w.close();
    }
  }, 60_000);

  it("P4. an erased conversation whose case was closed long before: its topic is deleted at once", async () => {
    const w = await world();
    try {
      const { citizen, c } = await openCase(w);
      expect((await w.a.staff.close(c.id, budi, { survey: false })).ok).toBe(true);
      await settle(w);
      const t0 = Date.now();
      await w.b.runtime.handle({ ...citizen, text: "hapus data saya" });
      await w.b.runtime.handle({ ...citizen, choice: "delete_data.explain:yes" });
      await expect.poll(() => w.emu.calls.some((x) => x.method === "deleteForumTopic" && Number(x.payload.message_thread_id) === c.staffThreadId), { timeout: 10_000, interval: 50 }).toBe(true);
      expect(Date.now() - t0).toBeLessThan(4_000);
    } finally {
      await w.close();
    }
  }, 60_000);
});
