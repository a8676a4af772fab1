import { afterEach, describe, expect, it } from "vitest";
import { staffGroupWorld } from "./group-world.js";

/**
 * Held-out staff10 (2026-12-03), written before any change: the Telegram staff group's new topic
 * says why the case was opened and the citizen's last words in its first message (the console's
 * 160-character cut, numbers masked as the topic masks what was written to the bot), so staff can
 * answer without opening the console; the words never reach the logs.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

describe("staff10 held-out 2026-12-03: the group says what the citizen asked", () => {
  it("4. the group's new topic opens with why and the citizen's last words (160 chars, numbers masked), and the logs never carry them", async () => {
    const GROUP = -1001000010010;
    const logLines: string[] = [];
    const { emu } = await staffGroupWorld(cleanups, GROUP, { loket: { logLines } });
    const citizen = 71010;
    const words = `nik saya 3317014508900002 tapi izin reklame saya belum keluar juga ${"sudah lama sekali menunggu ".repeat(8)}EKOR`;
    emu.text(citizen, words);
    await emu.waitForSent(citizen, 1);
    emu.text(citizen, "petugas");
    await emu.waitForSent(GROUP, 1);
    const summary = emu.sentTo(GROUP)[0]!.text ?? "";
    expect(summary).toMatch(/Warga minta petugas/);
    // The summary names the last words as the console's queue does: here the request itself.
    expect(summary).toMatch(/petugas/);
    expect(summary).toMatch(/Terakhir ditulis warga/);
    expect(logLines.join("\n")).not.toMatch(/izin reklame saya belum keluar|3317014508900002/);
  });

  it("5. a case opened by a staff-only request: the summary's last words are the request, cut at 160 with '…', the NIK masked", async () => {
    const GROUP = -1001000010011;
    const logLines: string[] = [];
    const { emu } = await staffGroupWorld(cleanups, GROUP, { loket: { logLines } });
    const citizen = 71011;
    const words = `saya mau minta pengembalian biaya retribusi PBG yang sudah saya bayar dua kali, nik saya 3317014508900002, ${"mohon dibantu ya pak ".repeat(8)}EKOR`;
    emu.text(citizen, words);
    await emu.waitForSent(citizen, 1);
    const offer = emu.sentTo(citizen).at(-1)!;
    const yes = JSON.stringify(offer.reply_markup ?? {}).match(/"callback_data":"([^"]*yes[^"]*)"/)?.[1];
    expect(yes, `an offer of a person: ${offer.text}`).toBeTruthy();
    emu.tap(citizen, yes!, offer.message_id);
    await emu.waitForSent(GROUP, 1);
    const summary = emu.sentTo(GROUP)[0]!.text ?? "";
    expect(summary).toMatch(/Hanya bisa diurus petugas/);
    const cut = words.replace(/\s+/g, " ").slice(0, 159).trimEnd().replace(/3317014508900002/, "33••••••••••••02");
    expect(summary).toContain(`${cut}…`);
    expect(summary).not.toContain("EKOR");
    expect(summary).not.toContain("3317014508900002");
    expect(logLines.join("\n")).not.toMatch(/pengembalian biaya retribusi|3317014508900002/);
  });
});
