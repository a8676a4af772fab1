import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase, TranscriptEntry } from "../../src/domain/records.js";
import { staffGroupWorld } from "./group-world.js";
import { caseIdOf, startStaffWorld } from "./support.js";

/**
 * Probe, staff10 (2026-12-03), written after the change: cases the held-out set did not tune on (a
 * button as the last thing the citizen did, a citizen text 300 lines back on the embedded store, a
 * topic made late, an e-mail address before the case).
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});
const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

describe("staff10 probe 2026-12-03", () => {
  it("P1. a web citizen who opened the menu and tapped the button for a person: the queue shows what they last typed, not the tap", async () => {
    const w = await startStaffWorld({ store: "redis" });
    cleanups.push(() => w.close());
    const a = await w.citizen();
    await a.say("kenapa berkas sip saya dikembalikan terus");
    const menu = await a.say("menu");
    const tap = menu.flatMap((r) => r.choices ?? []).find((c) => /petugas/i.test(c.label));
    expect(tap, JSON.stringify(menu)).toBeTruthy();
    await a.tap(tap!.id);
    await caseIdOf(w, a);
    const lines = await w.t.loket.store.transcript(a.conversationId);
    expect(lines.some((l) => l.from === "citizen" && l.text.startsWith("[pilihan]"))).toBe(true);
    const budi = await w.login();
    const q = await budi.json<{ cases: { lastCitizenText?: string }[] }>("/cases?status=open");
    expect(q.cases[0]?.lastCitizenText).toBe("menu");
  });

  it("P2. embedded store: the citizen's text 300 lines back (bot lines since) is still found, a document after it skipped", async () => {
    const w = await startStaffWorld({ store: "sqlite" });
    cleanups.push(() => w.close());
    const a = await w.citizen();
    await a.say("petugas");
    const at = new Date().toISOString();
    const turn = await w.t.loket.store.begin(a.conversationId);
    await turn.commit({
      transcript: [
        { at, from: "citizen", text: "  berkas   saya\nsudah lengkap  " },
        { at, from: "citizen", text: "[dokumen] foto", document: { sha256: "a".repeat(64), mime: "image/jpeg", size: 10 } },
        ...Array.from({ length: 300 }, (_, i) => ({ at, from: "bot", text: `catatan ${i}` }) as TranscriptEntry),
      ] as TranscriptEntry[],
    });
    const budi = await w.login();
    const q = await budi.json<{ cases: { lastCitizenText?: string }[] }>("/cases?status=open");
    expect(q.cases[0]?.lastCitizenText).toBe("berkas saya sudah lengkap");
  });

  it("P3. a topic made late: its first message quotes what the citizen wrote when asking, and their later words come once, below, in order", async () => {
    const GROUP = -1001000010020;
    const { emu, t } = await staffGroupWorld(cleanups, GROUP);
    emu.failWith429("createForumTopic", 1, 3);
    const conversationId = "web:probe-late-10";
    await t.send({ conversationId, text: "retribusi pbg saya kok belum keluar tagihannya" });
    await t.send({ conversationId, text: "petugas" });
    await t.send({ conversationId, text: "halo ada orang?" });
    const caseId = (await t.loket.store.list<HandoffCase>("cases")).find((c) => c.conversationId === conversationId)!.id;
    await expect.poll(async () => (await t.loket.store.get<HandoffCase>("cases", caseId))?.staffThreadId, { timeout: 15_000 }).toBeTypeOf("number");
    const thread = (await t.loket.store.get<HandoffCase>("cases", caseId))!.staffThreadId!;
    const texts = () => emu.sentTo(GROUP).filter((m) => m.message_thread_id === thread).map((m) => m.text ?? "");
    await expect.poll(() => texts().some((s) => s.includes("ada orang")), { timeout: 10_000 }).toBe(true);
    await settle();
    expect(texts()[0]).toMatch(/Terakhir ditulis warga: “petugas”/);
    expect(texts().filter((s) => s.includes("ada orang"))).toHaveLength(1);
    expect(texts().findIndex((s) => s.includes("ada orang"))).toBe(texts().length - 1);
  }, 30_000);

  it("P4. an e-mail address and a phone number written to the bot before the case are masked in the first message's quote", async () => {
    const GROUP = -1001000010021;
    const logLines: string[] = [];
    const { emu } = await staffGroupWorld(cleanups, GROUP, { loket: { logLines } });
    const citizen = 71020;
    emu.text(citizen, "saya mau minta pengembalian retribusi, hubungi saya di siti.rahma@contoh.id atau 0812-3456-7890");
    await emu.waitForSent(citizen, 1);
    const offer = emu.sentTo(citizen).at(-1)!;
    const yes = offer.reply_markup?.inline_keyboard?.flat().find((b) => /petugas/i.test(b.text));
    expect(yes?.callback_data, offer.text).toBeTruthy();
    emu.tap(citizen, yes!.callback_data!, offer.message_id);
    await emu.waitForSent(GROUP, 1);
    const first = emu.sentTo(GROUP)[0]!.text ?? "";
    expect(first).toContain("Terakhir ditulis warga: “saya mau minta pengembalian retribusi, hubungi saya di [e-mail] atau 08••••••••90”");
    expect(emu.sentTo(GROUP).map((m) => m.text ?? "").join("\n")).not.toMatch(/siti\.rahma|3456/);
    expect(logLines.join("\n")).not.toMatch(/siti\.rahma|0812-3456|pengembalian retribusi/);
  });
});
