import { describe, expect, it } from "vitest";
import type { ConversationState } from "../../src/domain/conversation.js";
import { StoreError } from "../../src/errors.js";
import type { Store, Turn } from "../../src/store/port.js";

export interface StoreFactory {
  /** A fresh, empty store. */
  make(): Promise<Store>;
  /** The same data through a new store object (a restart), when the adapter persists. */
  reopen?(old: Store): Promise<Store>;
  /** A second instance on the same data at the same time (Redis: another client), when the adapter is shared. */
  sibling?(of: Store): Promise<Store>;
  /** A fresh store whose conversation state lives `ttlMs`, and a way to let time pass (pinned clock or real sleep). */
  withTtl?(ttlMs: number): Promise<{ store: Store; pass(ms: number): Promise<void> }>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** A value JSON cannot hold: a batch containing it must fail before anything is written. */
const unstorable = { n: 1n } as unknown;

export const sampleState = (id: string, step = "nama"): ConversationState => ({
  v: 1,
  conversationId: id,
  channel: "web",
  lang: "id",
  engine: { stack: [{ flow: "apply", step, slots: { permit: "pbg", nama: "Budi" }, trail: ["permit"] }], context: { permit: "pbg" }, failures: 0 },
  createdAt: "2026-11-28T00:00:00.000Z",
  updatedAt: "2026-11-28T00:00:00.000Z",
});

/** A clock that moves only when told: `pass(ms)`. */
export function pinnedClock(start = Date.parse("2026-11-28T08:00:00.000Z")): { now: () => Date; pass(ms: number): Promise<void> } {
  let t = start;
  return {
    now: () => new Date(t),
    async pass(ms) {
      t += ms;
    },
  };
}

/** One contract, every adapter (CONVENTIONS 12). */
export function storeContract(name: string, f: StoreFactory): void {
  describe(`store contract: ${name}`, () => {
    it("begins with no state, commits state, transcript and records atomically", async () => {
      const s = await f.make();
      const t = await s.begin("c1");
      expect(t.state).toBeNull();
      expect(t.duplicate).toBe(false);
      await t.commit({
        state: sampleState("c1"),
        puts: [{ collection: "applications", key: "RBG-2026-000001", value: { number: "RBG-2026-000001" } }],
        transcript: [{ at: "t1", from: "citizen", text: "halo" }, { at: "t1", from: "bot", text: "Halo!" }],
      });
      expect((await s.peekState("c1"))?.engine.stack[0]?.step).toBe("nama");
      expect(await s.get("applications", "RBG-2026-000001")).toEqual({ number: "RBG-2026-000001" });
      expect((await s.transcript("c1")).map((l) => l.text)).toEqual(["halo", "Halo!"]);
      expect(await s.conversationIds()).toContain("c1");
      await s.close();
    });

    it("release writes nothing; a batch without state keeps the old state", async () => {
      const s = await f.make();
      const t = await s.begin("c2");
      await t.release();
      expect(await s.peekState("c2")).toBeNull();
      await (await s.begin("c2")).commit({ state: sampleState("c2") });
      await (await s.begin("c2")).commit({ transcript: [{ at: "t", from: "system", text: "x" }] });
      expect(await s.peekState("c2")).not.toBeNull();
      await s.close();
    });

    it("gives each turn a state of its own: changing it changes nothing the store keeps", async () => {
      const s = await f.make();
      await (await s.begin("c2o")).commit({ state: sampleState("c2o") });
      const kept = JSON.stringify(await s.peekState("c2o"));
      // The runtime hands Turn.state to the engine, which changes it in place (engine.step's `owned`).
      const t = await s.begin("c2o");
      const mine = t.state!;
      mine.engine.stack[0]!.slots.nama = "changed";
      mine.engine.stack.push({ flow: "menu", step: "menu", slots: {}, trail: [] });
      mine.lang = "en";
      await t.release();
      expect(JSON.stringify(await s.peekState("c2o"))).toBe(kept);
      const next = await s.begin("c2o");
      expect(JSON.stringify(next.state)).toBe(kept);
      expect(next.state).not.toBe(mine);
      await next.release();
      await s.close();
    });

    it("remembers processed message ids (dedupe)", async () => {
      const s = await f.make();
      await (await s.begin("c3", { dedupeKey: "web:m1" })).commit({ state: sampleState("c3"), dedupeKey: "web:m1" });
      const again = await s.begin("c3", { dedupeKey: "web:m1" });
      expect(again.duplicate).toBe(true);
      await again.release();
      const other = await s.begin("c3", { dedupeKey: "web:m2" });
      expect(other.duplicate).toBe(false);
      await other.release();
      // A message id is the conversation's own: a web client numbering its messages ("m1", "m2")
      // in each conversation sends the same ids in another one, which are new there.
      const elsewhere = await s.begin("c3b", { dedupeKey: "web:m1" });
      expect(elsewhere.duplicate).toBe(false);
      await elsewhere.release();
      await s.close();
    });

    it("keeps a message's answer beside the state for a retry, outside the state", async () => {
      const s = await f.make();
      const replies = [{ type: "text", text: "Persyaratan PBG ..." }];
      await (await s.begin("c9", { dedupeKey: "web:r1" })).commit({ state: sampleState("c9"), dedupeKey: "web:r1", reply: { messageId: "r1", replies } });
      const again = await s.begin("c9", { dedupeKey: "web:r1" });
      expect(again.duplicate).toBe(true);
      expect(await again.lastReply()).toEqual({ messageId: "r1", replies });
      expect(JSON.stringify(again.state)).not.toContain("Persyaratan PBG");
      await again.release();
      // A turn without a reply keeps the last one; a new reply replaces it; erasing drops it.
      await (await s.begin("c9")).commit({ state: sampleState("c9") });
      const later = await s.begin("c9");
      expect(await later.lastReply()).toEqual({ messageId: "r1", replies });
      await later.release();
      await s.close();
    });

    it("replaces the kept answer with the next one, and erasing the conversation drops it", async () => {
      const s = await f.make();
      await (await s.begin("c10", { dedupeKey: "web:a" })).commit({ state: sampleState("c10"), dedupeKey: "web:a", reply: { messageId: "a", replies: [] } });
      await (await s.begin("c10", { dedupeKey: "web:b" })).commit({ state: sampleState("c10"), dedupeKey: "web:b", reply: { messageId: "b", replies: [{ type: "text", text: "dua" }] } });
      let t = await s.begin("c10");
      expect((await t.lastReply())?.messageId).toBe("b");
      await t.release();
      await s.deleteConversation("c10");
      t = await s.begin("c10");
      expect(await t.lastReply()).toBeNull();
      await t.release();
      await s.close();
    });

    it("runs turns of one conversation one at a time, in arrival order", async () => {
      const s = await f.make();
      const order: number[] = [];
      let inside = 0;
      let maxInside = 0;
      const work = async (i: number) => {
        const t = await s.begin("c4");
        inside++;
        maxInside = Math.max(maxInside, inside);
        order.push(i);
        await new Promise((r) => setTimeout(r, 5));
        inside--;
        await t.commit({ transcript: [{ at: String(i), from: "citizen", text: String(i) }] });
      };
      const runs: Promise<void>[] = [];
      for (let i = 0; i < 6; i++) {
        runs.push(work(i));
        await new Promise((r) => setTimeout(r, 1));
      }
      await Promise.all(runs);
      expect(maxInside).toBe(1);
      expect(order).toEqual([0, 1, 2, 3, 4, 5]);
      expect((await s.transcript("c4")).map((l) => l.text)).toEqual(["0", "1", "2", "3", "4", "5"]);
      await s.close();
    });

    it("does not block other conversations, and times out a busy one", async () => {
      const s = await f.make();
      const held = await s.begin("c5");
      const other = await s.begin("c6");
      await other.release();
      await expect(s.begin("c5", { waitMs: 50 })).rejects.toBeInstanceOf(StoreError);
      await held.release();
      const next = await s.begin("c5", { waitMs: 500 });
      await next.release();
      await s.close();
    });

    it("hands out unique sequence numbers under concurrency", async () => {
      const s = await f.make();
      const got = await Promise.all(Array.from({ length: 50 }, () => s.nextSequence("registration:2026")));
      expect(new Set(got).size).toBe(50);
      expect(Math.min(...got)).toBe(1);
      expect(await s.nextSequence("registration:2027")).toBe(1);
      await s.close();
    });

    it("reads a windowed count without changing it (by: 0), 0 when there is none", async () => {
      const s = await f.make();
      expect(await s.nextSequence("mark:1", { expireMs: 60_000, by: 0 })).toBe(0);
      expect(await s.nextSequence("mark:1", { expireMs: 60_000 })).toBe(1);
      expect(await s.nextSequence("mark:1", { expireMs: 60_000, by: 0 })).toBe(1);
      expect(await s.nextSequence("mark:1", { expireMs: 60_000, by: 0 })).toBe(1);
      expect(await s.nextSequence("mark:2", { expireMs: 60_000, by: 0 })).toBe(0);
      await s.close();
    });

    it("lists, overwrites and deletes records", async () => {
      const s = await f.make();
      await s.put("cases", "b", { id: "b", n: 1 });
      await s.put("cases", "a", { id: "a", n: 1 });
      await s.put("cases", "b", { id: "b", n: 2 });
      expect((await s.list<{ id: string; n: number }>("cases")).sort((x, y) => x.id.localeCompare(y.id))).toEqual([
        { id: "a", n: 1 },
        { id: "b", n: 2 },
      ]);
      await s.put("cases", "a", null);
      expect(await s.get("cases", "a")).toBeNull();
      await (await s.begin("c7")).commit({ puts: [{ collection: "cases", key: "b", value: null }] });
      expect(await s.list("cases")).toEqual([]);
      await s.close();
    });

    it("deletes a conversation's state and transcript but not its records", async () => {
      const s = await f.make();
      await (await s.begin("c8")).commit({
        state: sampleState("c8"),
        transcript: [{ at: "t", from: "citizen", text: "NIK saya ..." }],
        puts: [{ collection: "applications", key: "X", value: { conversationId: "c8" } }],
      });
      await s.deleteConversation("c8");
      expect(await s.peekState("c8")).toBeNull();
      expect(await s.transcript("c8")).toEqual([]);
      expect(await s.get("applications", "X")).not.toBeNull();
      await (await s.begin("c8")).commit({ state: sampleState("c8") });
      await (await s.begin("c8")).commit({ state: null });
      expect(await s.peekState("c8")).toBeNull();
      await s.close();
    });

    it("reads a transcript's newest entries, oldest first, across turns of one or several lines (staff10)", async () => {
      const s = await f.make();
      const line = (text: string) => ({ at: "t", from: "citizen" as const, text });
      await (await s.begin("tail")).commit({ transcript: [line("1")] });
      await (await s.begin("tail")).commit({ transcript: [line("2"), line("3"), line("4")] });
      await (await s.begin("tail")).commit({ transcript: [line("5")] });
      await (await s.begin("other")).commit({ transcript: [line("x")] });
      const texts = async (n: number) => (await s.transcriptTail("tail", n)).map((l) => l.text);
      expect(await texts(1)).toEqual(["5"]);
      expect(await texts(2)).toEqual(["4", "5"]);
      expect(await texts(4)).toEqual(["2", "3", "4", "5"]);
      expect(await texts(99)).toEqual(["1", "2", "3", "4", "5"]);
      expect(await texts(0)).toEqual([]);
      expect(await s.transcriptTail("none", 5)).toEqual([]);
      // What it returns is the caller's: changing it changes nothing kept.
      (await s.transcriptTail("tail", 1))[0]!.text = "changed";
      expect(await texts(1)).toEqual(["5"]);
      await s.deleteConversation("tail");
      expect(await s.transcriptTail("tail", 5)).toEqual([]);
      await s.close();
    });

    it("lists the conversations whose newest message is older than a time, over many pages", async () => {
      const s = await f.make();
      const line = (at: string, text = "x") => ({ at, from: "citizen" as const, text });
      const commit = async (id: string, batch: Parameters<Turn["commit"]>[0]) => (await s.begin(id)).commit(batch);
      await commit("old", { state: sampleState("old"), transcript: [line("2026-01-10T01:00:00.000Z")] });
      await commit("old", { transcript: [line("2026-01-10T02:00:00.000Z"), { ...line("2026-01-10T02:00:00.000Z"), from: "bot" }] });
      await commit("recent", { transcript: [line("2026-03-01T00:00:00.000Z")] });
      await commit("wrote-again", { transcript: [line("2026-01-05T00:00:00.000Z")] });
      await commit("wrote-again", { transcript: [line("2026-02-02T00:00:00.000Z")] });
      await commit("no-time", { transcript: [line("t")] });
      await commit("erased", { transcript: [line("2026-01-01T00:00:00.000Z")] });
      await s.deleteConversation("erased");
      await commit("state-only", { state: sampleState("state-only") });
      // Enough quiet conversations for several pages of a paged scan.
      const many = Array.from({ length: 2_050 }, (_, i) => `quiet-${String(i).padStart(4, "0")}`);
      for (let i = 0; i < many.length; i += 256) {
        await Promise.all(many.slice(i, i + 256).map((id) => commit(id, { transcript: [line("2026-01-20T00:00:00.000Z")] })));
      }
      const idle = await s.idleConversations(new Date("2026-02-01T00:00:00.000Z"));
      expect(idle.filter((id) => !id.startsWith("quiet-")).sort()).toEqual(["old"]);
      expect(idle.filter((id) => id.startsWith("quiet-")).sort()).toEqual(many);
      expect((await s.idleConversations(new Date("2026-01-10T01:30:00.000Z"))).sort()).toEqual([]);
      expect((await s.idleConversations(new Date("2026-12-01T00:00:00.000Z"))).filter((id) => !id.startsWith("quiet-")).sort()).toEqual(["old", "recent", "wrote-again"]);
      await s.close();
    });

    it("writes nothing of a batch that cannot be stored, and frees the lock", async () => {
      const s = await f.make();
      await (await s.begin("c10")).commit({ state: sampleState("c10", "nama"), transcript: [{ at: "t", from: "citizen", text: "1" }] });
      const t = await s.begin("c10");
      await expect(
        t.commit({
          state: sampleState("c10", "nik"),
          puts: [
            { collection: "applications", key: "RBG-2026-000010", value: { ok: true } },
            { collection: "cases", key: "bad", value: unstorable },
          ],
          transcript: [{ at: "t", from: "citizen", text: "2" }],
          dedupeKey: "web:m10",
        }),
      ).rejects.toThrow();
      await t.release(); // what the runtime does after a failed commit; must be harmless
      const next = await s.begin("c10", { dedupeKey: "web:m10", waitMs: 1_000 });
      expect(next.duplicate).toBe(false);
      expect(next.state?.engine.stack[0]?.step).toBe("nama");
      await next.release();
      expect(await s.get("applications", "RBG-2026-000010")).toBeNull();
      expect((await s.transcript("c10")).map((l) => l.text)).toEqual(["1"]);
      await s.close();
    });

    it("raises a commit's counters with its batch and resolves with their values; a commit that is not written raises none (topic3)", async () => {
      const s = await f.make();
      const counters = [
        { name: "staff-case-seq:k1", by: 2, expireMs: 60_000 },
        { name: "staff-case-seq:k2", by: 1, expireMs: 60_000 },
      ];
      expect(await (await s.begin("c12")).commit({ state: sampleState("c12") })).toEqual([]);
      expect(await (await s.begin("c12")).commit({ transcript: [{ at: "t", from: "citizen", text: "1" }], counters })).toEqual([2, 1]);
      // Counted as nextSequence counts with a window: one count, whichever way it is raised.
      expect(await s.nextSequence("staff-case-seq:k1", { expireMs: 60_000 })).toBe(3);
      const bad = await s.begin("c12");
      await expect(bad.commit({ puts: [{ collection: "cases", key: "bad", value: unstorable }], counters })).rejects.toThrow();
      await bad.release();
      expect(await s.nextSequence("staff-case-seq:k1", { expireMs: 60_000, by: 0 })).toBe(3);
      expect(await s.nextSequence("staff-case-seq:k2", { expireMs: 60_000, by: 0 })).toBe(1);
      expect(await (await s.begin("c12")).commit({ counters: [counters[1]!] })).toEqual([2]);
      await s.close();
    });

    it("finishes a turn once: a second commit is refused, release after commit does nothing", async () => {
      const s = await f.make();
      const t = await s.begin("c11");
      await t.commit({ state: sampleState("c11") });
      await t.release();
      await expect(t.commit({ state: null })).rejects.toBeInstanceOf(StoreError);
      expect(await s.peekState("c11")).not.toBeNull();
      const held = await s.begin("c11", { waitMs: 500 }); // the lock was freed exactly once
      const late = s.begin("c11", { waitMs: 50 });
      await expect(late).rejects.toMatchObject({ code: "LOCK_TIMEOUT" });
      await held.release();
      await s.close();
    });

    if (f.withTtl) {
      it("expires abandoned conversation state only: records, transcripts and counters stay", async () => {
        const { store: s, pass } = await f.withTtl!(2_000);
        for (const id of ["live", "abandoned"]) {
          await (await s.begin(id)).commit({
            state: sampleState(id),
            transcript: [{ at: "t", from: "citizen", text: id }],
            puts: [{ collection: "applications", key: `A-${id}`, value: { id } }],
          });
        }
        await s.nextSequence("ttl");
        await pass(800);
        await (await s.begin("live")).commit({ state: sampleState("live", "nik") }); // a message refreshes the TTL
        await pass(1_400);
        expect(await s.peekState("live")).not.toBeNull();
        expect(await s.peekState("abandoned")).toBeNull();
        const t = await s.begin("abandoned");
        expect(t.state).toBeNull(); // an expired conversation starts afresh
        await t.release();
        expect(await s.conversationIds()).toEqual(["live"]);
        await pass(700);
        expect(await s.peekState("live")).toBeNull();
        expect(await s.conversationIds()).toEqual([]);
        for (const id of ["live", "abandoned"]) {
          expect(await s.get("applications", `A-${id}`)).toEqual({ id });
          expect((await s.transcript(id)).map((l) => l.text)).toEqual([id]);
        }
        expect(await s.nextSequence("ttl")).toBe(2);
        await s.close();
      });

      it("forgets a counter with a window (expireMs) that long after its last use, and only that one", async () => {
        const { store: s, pass } = await f.withTtl!(60_000);
        expect(await s.nextSequence("wrong:RBG-1", { expireMs: 1_000 })).toBe(1);
        await pass(600);
        expect(await s.nextSequence("wrong:RBG-1", { expireMs: 1_000 })).toBe(2); // used again: its window moves
        await s.nextSequence("registration:2026");
        await pass(1_300);
        expect(await s.nextSequence("wrong:RBG-1", { expireMs: 1_000 })).toBe(1);
        expect(await s.nextSequence("registration:2026")).toBe(2);
        await s.close();
      });

      it("a counter raised by a commit is forgotten expireMs after its last raise, as nextSequence's (topic3)", async () => {
        const { store: s, pass } = await f.withTtl!(60_000);
        const counters = [{ name: "staff-case-seq:k3", by: 1, expireMs: 1_000 }];
        expect(await (await s.begin("c13")).commit({ counters })).toEqual([1]);
        await pass(600);
        expect(await (await s.begin("c13")).commit({ counters })).toEqual([2]);
        await pass(1_300);
        expect(await (await s.begin("c13")).commit({ counters })).toEqual([1]);
        await s.close();
      });

      it("a counter with a window grows by `by` (bytes per hour), and starts again at `by` once forgotten", async () => {
        const { store: s, pass } = await f.withTtl!(60_000);
        expect(await s.nextSequence("upload-bytes:a", { expireMs: 1_000, by: 300_000 })).toBe(300_000);
        expect(await s.nextSequence("upload-bytes:a", { expireMs: 1_000, by: 5 })).toBe(300_005);
        await pass(1_300);
        expect(await s.nextSequence("upload-bytes:a", { expireMs: 1_000, by: 7 })).toBe(7);
        await s.close();
      });
    }

    if (f.sibling) {
      it("runs turns of one conversation arriving at two instances one at a time, in arrival order", async () => {
        const a = await f.make();
        const b = await f.sibling!(a);
        const order: number[] = [];
        let inside = 0;
        let maxInside = 0;
        const work = async (i: number) => {
          const t = await (i % 2 ? b : a).begin("x1");
          inside++;
          maxInside = Math.max(maxInside, inside);
          order.push(i);
          await sleep(i === 0 ? 120 : 5); // the first holds the lock while all others arrive
          inside--;
          await t.commit({ transcript: [{ at: String(i), from: "citizen", text: String(i) }] });
        };
        const runs: Promise<void>[] = [];
        for (let i = 0; i < 8; i++) {
          runs.push(work(i));
          await sleep(12);
        }
        await Promise.all(runs);
        expect(maxInside).toBe(1);
        expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
        expect((await a.transcript("x1")).map((l) => l.text)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7"]);
        await a.close();
        await b.close();
      });

      it("hands out unique sequence numbers across instances", async () => {
        const a = await f.make();
        const b = await f.sibling!(a);
        const got = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).nextSequence("registration:2026")));
        expect([...got].sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
        await a.close();
        await b.close();
      });
    }

    if (f.reopen) {
      it("keeps everything across a restart", async () => {
        const s = await f.make();
        await (await s.begin("c9", { dedupeKey: "k1" })).commit({
          state: sampleState("c9", "nik"),
          dedupeKey: "k1",
          transcript: [{ at: "t", from: "citizen", text: "halo" }],
          puts: [{ collection: "applications", key: "RBG-2026-000007", value: { n: 7 } }],
        });
        const seq = await s.nextSequence("r");
        const s2 = await f.reopen!(s);
        expect((await s2.peekState("c9"))?.engine.stack[0]?.step).toBe("nik");
        expect(await s2.get("applications", "RBG-2026-000007")).toEqual({ n: 7 });
        expect(await s2.transcript("c9")).toHaveLength(1);
        const dup = await s2.begin("c9", { dedupeKey: "k1" });
        expect(dup.duplicate).toBe(true);
        await dup.release();
        expect(await s2.nextSequence("r")).toBe(seq + 1);
        await s2.close();
      });
    }
  });
}
