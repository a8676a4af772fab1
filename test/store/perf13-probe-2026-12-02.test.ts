/**
 * Probe (perf13, 2026-12-02), written after the hand-on change was made: interleaved
 * conversations, a transcript-only turn, the periodic sweep, a duplicate turn released.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSqliteStore, openSqlite } from "../../src/store/sqlite.js";
import { pinnedClock, sampleState } from "./contract.js";

const tempDb = () => join(mkdtempSync(join(tmpdir(), "loket-perf13p-")), "loket.db");

describe("perf13 probe: the stored state per turn", () => {
  it("two conversations interleaved each get their own state", async () => {
    const s = createSqliteStore(openSqlite(tempDb()));
    await (await s.begin("p1")).commit({ state: sampleState("p1", "nik") });
    await (await s.begin("p2")).commit({ state: sampleState("p2", "alamat") });
    const a = await s.begin("p1");
    const b = await s.begin("p2");
    expect(a.state?.engine.stack[0]?.step).toBe("nik");
    expect(b.state?.engine.stack[0]?.step).toBe("alamat");
    await a.release();
    await b.release();
    await s.close();
  });

  it("a duplicate that is released leaves the state as committed for the next message", async () => {
    const s = createSqliteStore(openSqlite(tempDb()));
    await (await s.begin("p3", { dedupeKey: "web:1" })).commit({ state: sampleState("p3", "nik"), dedupeKey: "web:1" });
    const dup = await s.begin("p3", { dedupeKey: "web:1" });
    expect(dup.duplicate).toBe(true);
    dup.state!.engine.stack.length = 0;
    await dup.release();
    const next = await s.begin("p3", { dedupeKey: "web:2" });
    expect(next.duplicate).toBe(false);
    expect(next.state?.engine.stack[0]?.step).toBe("nik");
    await next.release();
    await s.close();
  });

  it("after the minute's sweep the state is still there, and gone once expired", async () => {
    const clock = pinnedClock();
    const s = createSqliteStore(openSqlite(tempDb()), { now: clock.now, conversationTtlDays: 1 });
    await (await s.begin("p4")).commit({ state: sampleState("p4", "nik") });
    await clock.pass(61_000);
    await (await s.begin("p5")).commit({ state: sampleState("p5") }); // a commit runs the sweep
    const t = await s.begin("p4");
    expect(t.state?.engine.stack[0]?.step).toBe("nik");
    await t.release();
    await clock.pass(86_400_000);
    const later = await s.begin("p4");
    expect(later.state).toBeNull();
    await later.release();
    await s.close();
  });

  it("an erasure between two turns of a busy conversation leaves nothing for the next", async () => {
    const s = createSqliteStore(openSqlite(tempDb()));
    for (let i = 0; i < 3; i++) await (await s.begin("p6")).commit({ state: sampleState("p6", `s${i}`) });
    await s.deleteConversation("p6");
    const t = await s.begin("p6");
    expect(t.state).toBeNull();
    await t.release();
    expect(await s.transcript("p6")).toEqual([]);
    await s.close();
  });
});
