import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import type { BotApiEmulator } from "../support/botapi-emulator.js";
import type { TestLoket } from "../support/loket.js";
import { staffGroupWorld } from "./group-world.js";

/**
 * Held-out acceptance (topic2, 2026-12-03): staff read a case's forum topic in the Telegram staff
 * group in the order things happened, each event once, when two instances share one Redis (two
 * installs of the group on one store and bus, as two processes would be), also with a topic staff
 * deleted and with Telegram answering 429 for a while.
 */
const GROUP = -1005550003333;
const budi = { username: "budi", role: "staff" as const };
const sari = { username: "sari", role: "staff" as const };

describe("topic2: a case's Telegram topic with two instances on one Redis", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanups.splice(0).reverse()) await f();
  });

  async function world(installs = 2) {
    return staffGroupWorld(cleanups, GROUP, { loket: { store: "redis" }, staff: [{ username: "budi", id: 801 }, { username: "sari", id: 802 }], installs });
  }
  const inTopic = (emu: BotApiEmulator, thread: number) => emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread).map((m) => m.text ?? "");
  const count = (texts: string[], re: RegExp) => texts.filter((s) => re.test(s)).length;
  const at = (texts: string[], re: RegExp) => texts.findIndex((s) => re.test(s));
  const settle = (ms = 1_500) => new Promise((r) => setTimeout(r, ms));
  /** Each pattern once, in this order. */
  const inOrder = (texts: string[], res: RegExp[]) => {
    for (const re of res) expect(count(texts, re), String(re)).toBe(1);
    const places = res.map((re) => at(texts, re));
    expect(places).toEqual([...places].sort((x, y) => x - y));
  };

  async function openCase(emu: BotApiEmulator, t: TestLoket, conversationId: string, words: string): Promise<{ thread: number; caseId: string }> {
    await t.send({ conversationId, text: words });
    await t.send({ conversationId, text: "petugas" });
    let c: HandoffCase | undefined;
    await expect.poll(async () => (c = (await t.loket.store.list<HandoffCase>("cases")).find((x) => x.conversationId === conversationId))?.staffThreadId, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => count(inTopic(emu, c!.staffThreadId!), /petugas/), { timeout: 10_000 }).toBeGreaterThan(0);
    return { thread: c!.staffThreadId!, caseId: c!.id };
  }

  it("1. taken, answered and given back in quick succession: taken, the reply, given back, each once, in that order", async () => {
    const { emu, t } = await world();
    const { thread, caseId } = await openCase(emu, t, "web:topic2-1", "izin reklame syaratnya apa");
    expect((await t.loket.staff.take(caseId, budi)).ok).toBe(true);
    expect((await t.loket.staff.reply(caseId, budi, "syarat reklame: KTP dan desain")).ok).toBe(true);
    expect((await t.loket.staff.giveBack(caseId, budi)).ok).toBe(true);
    await expect.poll(() => count(inTopic(emu, thread), /Dikembalikan ke bot/), { timeout: 15_000 }).toBeGreaterThan(0);
    await settle();
    inOrder(inTopic(emu, thread), [/Diambil oleh budi/, /syarat reklame: KTP/, /Dikembalikan ke bot oleh budi/]);
  }, 30_000);

  it("2. taken and closed at once: taken before closed, each once", async () => {
    const { emu, t } = await world();
    const { thread, caseId } = await openCase(emu, t, "web:topic2-2", "pbg saya ditolak kenapa");
    expect((await t.loket.staff.take(caseId, sari)).ok).toBe(true);
    expect((await t.loket.staff.close(caseId, sari)).ok).toBe(true);
    await expect.poll(() => count(inTopic(emu, thread), /Ditutup oleh sari/), { timeout: 15_000 }).toBeGreaterThan(0);
    await settle();
    inOrder(inTopic(emu, thread), [/Diambil oleh sari/, /Ditutup oleh sari/]);
  }, 30_000);

  it("3. the citizen and staff write in turn while the case is held, then it is given back: every line once, in the order written", async () => {
    const { emu, t } = await world();
    const conversationId = "web:topic2-3";
    const { thread, caseId } = await openCase(emu, t, conversationId, "izin usaha mikro bagaimana");
    expect((await t.loket.staff.take(caseId, budi)).ok).toBe(true);
    await t.send({ conversationId, text: "usaha saya warung kelontong pak" });
    expect((await t.loket.staff.reply(caseId, budi, "warung kelontong cukup NIB lewat OSS")).ok).toBe(true);
    await t.send({ conversationId, text: "baik terima kasih pak" });
    expect((await t.loket.staff.giveBack(caseId, budi)).ok).toBe(true);
    await expect.poll(() => count(inTopic(emu, thread), /Dikembalikan ke bot/), { timeout: 15_000 }).toBeGreaterThan(0);
    await settle();
    inOrder(inTopic(emu, thread), [/Diambil oleh budi/, /warung kelontong pak/, /cukup NIB lewat OSS/, /baik terima kasih pak/, /Dikembalikan ke bot oleh budi/]);
  }, 30_000);

  it("4. a topic staff deleted, then the citizen writes and staff answer at once: the new topic has each line once, in order, then given back", async () => {
    const { emu, t } = await world();
    const conversationId = "web:topic2-4";
    const { thread, caseId } = await openCase(emu, t, conversationId, "izin keramaian untuk hajatan");
    expect((await t.loket.staff.take(caseId, sari)).ok).toBe(true);
    await expect.poll(() => count(inTopic(emu, thread), /Diambil oleh sari/), { timeout: 10_000 }).toBe(1);
    emu.deleteThread(thread);
    await t.send({ conversationId, text: "hajatan tanggal 20 desember" });
    expect((await t.loket.staff.reply(caseId, sari, "untuk hajatan cukup surat pengantar RT")).ok).toBe(true);
    await t.send({ conversationId, text: "siap bu saya siapkan" });
    expect((await t.loket.staff.giveBack(caseId, sari)).ok).toBe(true);
    let replaced = 0;
    await expect.poll(async () => (replaced = (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId ?? thread), { timeout: 10_000 }).not.toBe(thread);
    await expect.poll(() => count(inTopic(emu, replaced), /Dikembalikan ke bot/), { timeout: 15_000 }).toBeGreaterThan(0);
    await settle();
    const texts = inTopic(emu, replaced);
    expect(texts[0]).toMatch(/^Kasus baru/);
    inOrder(texts, [/hajatan tanggal 20/, /surat pengantar RT/, /siap bu saya siapkan/, /Dikembalikan ke bot oleh sari/]);
    expect(emu.calls.filter((c) => c.method === "createForumTopic")).toHaveLength(2);
  }, 40_000);

  it("5. Telegram answers 429 to the group for a while: the lines still come once each, in order", async () => {
    const { emu, t } = await world();
    const conversationId = "web:topic2-5";
    const { thread, caseId } = await openCase(emu, t, conversationId, "sertifikat halal gratis?");
    emu.failWith429("sendMessage", 2, 1);
    expect((await t.loket.staff.take(caseId, budi)).ok).toBe(true);
    await t.send({ conversationId, text: "usaha saya keripik pisang" });
    expect((await t.loket.staff.reply(caseId, budi, "keripik pisang bisa lewat self declare")).ok).toBe(true);
    expect((await t.loket.staff.close(caseId, budi)).ok).toBe(true);
    await expect.poll(() => count(inTopic(emu, thread), /Ditutup oleh budi/), { timeout: 20_000 }).toBeGreaterThan(0);
    await settle();
    inOrder(inTopic(emu, thread), [/Diambil oleh budi/, /keripik pisang$/, /self declare/, /Ditutup oleh budi/]);
  }, 40_000);

  it("6. one instance, as before: taken, the citizen's line, the reply, given back, each once, in order", async () => {
    const { emu, t } = await world(1);
    const conversationId = "web:topic2-6";
    const { thread, caseId } = await openCase(emu, t, conversationId, "izin praktik bidan");
    expect((await t.loket.staff.take(caseId, sari)).ok).toBe(true);
    await t.send({ conversationId, text: "saya bidan baru lulus" });
    expect((await t.loket.staff.reply(caseId, sari, "silakan siapkan STR dan rekomendasi IBI")).ok).toBe(true);
    expect((await t.loket.staff.giveBack(caseId, sari)).ok).toBe(true);
    await expect.poll(() => count(inTopic(emu, thread), /Dikembalikan ke bot/), { timeout: 15_000 }).toBeGreaterThan(0);
    await settle();
    inOrder(inTopic(emu, thread), [/Diambil oleh sari/, /bidan baru lulus/, /rekomendasi IBI/, /Dikembalikan ke bot oleh sari/]);
  }, 30_000);
});
