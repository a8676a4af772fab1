import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { STAFF_TOPIC, type PublishedStaffEvent } from "../../src/runtime/port.js";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import type { TestLoket } from "../support/loket.js";
import { staffGroupWorld } from "./group-world.js";

/**
 * Probe (topic2, 2026-12-03), written after the change: a case's topic in order with two
 * instances when one dies mid-post, when an older version's events come, when the topic is made
 * late, and with the bot's own line to the citizen among staff's.
 */
const GROUP = -1005550004444;
const budi = { username: "budi", role: "staff" as const };

describe("topic2 probe", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanups.splice(0).reverse()) await f();
  });
  const world = (installs = 2) => staffGroupWorld(cleanups, GROUP, { loket: { store: "redis" }, staff: [{ username: "budi", id: 801 }], installs });
  const inTopic = (emu: BotApiEmulator, thread: number) => emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread).map((m) => m.text ?? "");
  const count = (texts: string[], re: RegExp) => texts.filter((s) => re.test(s)).length;
  const inOrder = (texts: string[], res: RegExp[]) => {
    for (const re of res) expect(count(texts, re), String(re)).toBe(1);
    const places = res.map((re) => texts.findIndex((s) => re.test(s)));
    expect(places).toEqual([...places].sort((x, y) => x - y));
  };
  async function openCase(emu: BotApiEmulator, t: TestLoket, conversationId: string): Promise<{ thread: number; caseId: string }> {
    await t.send({ conversationId, text: "izin reklame" });
    await t.send({ conversationId, text: "petugas" });
    let c: HandoffCase | undefined;
    await expect.poll(async () => (c = (await t.loket.store.list<HandoffCase>("cases")).find((x) => x.conversationId === conversationId))?.staffThreadId, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => count(inTopic(emu, c!.staffThreadId!), /Warga: petugas/), { timeout: 10_000 }).toBe(1);
    return { thread: c!.staffThreadId!, caseId: c!.id };
  }

  it("P1. the instance that claimed 'taken' dies mid-post: another posts it after all, once, and the reply after it", async () => {
    const { emu, t } = await world();
    const { thread, caseId } = await openCase(emu, t, "web:probe-1");
    let stolen = false;
    // A third instance that claims the take, starts posting (beats twice) and is killed.
    t.loket.bus.subscribe(STAFF_TOPIC, (payload) => {
      const e = payload as PublishedStaffEvent;
      if (stolen || e.type !== "case_updated" || e.status !== "held" || !e.id || !e.seq) return;
      stolen = true;
      void (async () => {
        // Claimed as this version claims a placed event (topic3: by 1,000,000; an older version's claim of 1 is not waited for).
        await t.loket.store.nextSequence(`staff-mirror:${e.id}`, { expireMs: 3_600_000, by: 1_000_000 });
        for (let i = 0; i < 2; i++) {
          await t.loket.store.nextSequence(`staff-case-beat:${caseId}:${e.seq}`, { expireMs: 3_600_000, by: 1 });
          await new Promise((r) => setTimeout(r, 500));
        }
      })();
    });
    expect((await t.loket.staff.take(caseId, budi)).ok).toBe(true);
    expect((await t.loket.staff.reply(caseId, budi, "reklame di jalan utama perlu rekomendasi")).ok).toBe(true);
    await expect.poll(() => count(inTopic(emu, thread), /rekomendasi/), { timeout: 25_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(stolen).toBe(true);
    inOrder(inTopic(emu, thread), [/Warga: petugas/, /Diambil oleh budi/, /perlu rekomendasi/]);
  }, 40_000);

  it("P2. events of an older version (no place) are still posted, once", async () => {
    const { emu, t } = await world();
    const { thread, caseId } = await openCase(emu, t, "web:probe-2");
    await t.loket.bus.publish(STAFF_TOPIC, { type: "case_message", caseId, from: "system", text: "catatan dari versi lama", id: "old-1" });
    await expect.poll(() => count(inTopic(emu, thread), /versi lama/), { timeout: 10_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 800));
    expect(count(inTopic(emu, thread), /versi lama/)).toBe(1);
  }, 30_000);

  it("P3. the topic made late (Telegram refused it once) after the case was taken and answered: the opening has the reply once, then taken once", async () => {
    const { emu, t } = await world();
    emu.failWith("createForumTopic", 1, 500, "Internal Server Error");
    await t.send({ conversationId: "web:probe-3", text: "izin reklame" });
    await t.send({ conversationId: "web:probe-3", text: "petugas" });
    const caseId = (await t.loket.store.list<HandoffCase>("cases"))[0]!.id;
    expect((await t.loket.staff.take(caseId, budi)).ok).toBe(true);
    expect((await t.loket.staff.reply(caseId, budi, "baik kami bantu reklamenya")).ok).toBe(true);
    let thread = 0;
    await expect.poll(async () => (thread = (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId ?? 0), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => count(inTopic(emu, thread), /kami bantu reklamenya/), { timeout: 10_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 1_500));
    const texts = inTopic(emu, thread);
    expect(count(texts, /kami bantu reklamenya/)).toBe(1);
    expect(count(texts, /Diambil oleh budi/)).toBeLessThanOrEqual(1);
  }, 40_000);

  it("P4. the citizen writes while waiting (the bot answers with the queue place), then staff take and answer: each line once, in order", async () => {
    const { emu, t } = await world();
    const { thread, caseId } = await openCase(emu, t, "web:probe-4");
    await t.send({ conversationId: "web:probe-4", text: "ukurannya 4x6 meter" });
    expect((await t.loket.staff.take(caseId, budi)).ok).toBe(true);
    expect((await t.loket.staff.reply(caseId, budi, "4x6 termasuk reklame besar")).ok).toBe(true);
    await expect.poll(() => count(inTopic(emu, thread), /reklame besar/), { timeout: 15_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 1_000));
    inOrder(inTopic(emu, thread), [/Warga: petugas/, /4x6 meter/, /Diambil oleh budi/, /reklame besar/]);
  }, 30_000);
});
