import { afterEach, describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.js";
import { askingField, openFormUntil, submitForm } from "../support/forms.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * "Permohonan saya sudah sampai mana?" from the conversation that submitted the application (the
 * same web token here; the same WhatsApp number or Telegram chat alike) is answered without the
 * phone's last four digits, from the store (after a restart too); any other conversation is asked
 * them, and gets the same answer for a number that does not exist as for wrong digits.
 */
let t: TestLoket | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const apply = async (loket: TestLoket, opening: string): Promise<Application> => {
  await openFormUntil(loket, opening, "nama");
  return submitForm(loket);
};

describe("the status check from the applicant's own conversation", () => {
  for (const store of ["sqlite", "redis"] as const) {
    it(`answers its own application without the phone's digits, after a restart too; another conversation is asked them (${store})`, async () => {
      t = await createTestLoket({ store });
      const app = await apply(t, "saya mau ajukan izin reklame");
      const own = textOf(await t.say(`permohonan saya ${app.number} sudah sampai mana?`));
      expect(own).toContain(`Permohonan *${app.number}*`);
      expect(own).toContain("Diterima, menunggu pemeriksaan");
      expect(own).toContain("Langkah berikutnya");
      expect(own).not.toContain("4 angka terakhir");

      await t.restart();
      // No number: its only application.
      const mine = textOf(await t.say("status permohonan saya?"));
      expect(mine).toContain(`Permohonan *${app.number}*`);
      expect(mine).not.toContain("4 angka terakhir");

      // Another chat asking about that number: the digits first; a wrong number is asked the
      // same way, and wrong digits are answered as an unknown number is.
      const other = (text: string) => t!.send({ conversationId: "web:someone-else", text });
      const asked = textOf(await other(`permohonan ${app.number} sudah sampai mana?`));
      expect(asked).toContain("4 angka terakhir");
      expect(asked).not.toContain("Diterima");
      const wrongDigits = textOf(await other("1111"));
      expect(textOf(await other("cek status RBG-2026-999999"))).toBe(asked);
      expect(textOf(await other(app.phoneLast4 === "1111" ? "2222" : "1111"))).toBe(wrongDigits);
      expect(wrongDigits).toContain("tidak menemukan");
      await other(`cek status ${app.number}`);
      expect(textOf(await other(app.phoneLast4))).toContain(`Permohonan *${app.number}*`);
      // "status permohonan saya" from a chat that applied for nothing: the number is asked.
      await t.send({ conversationId: "web:no-applications", text: "status permohonan saya?" });
      expect(askingField(t)).toBe("number");
    });
  }

  it("lists several applications of the conversation (permit · serial) to pick from, by button or by typing its place (redis)", async () => {
    t = await createTestLoket({ store: "redis" });
    const first = await apply(t, "saya mau ajukan izin reklame");
    const second = await apply(t, "saya mau ajukan izin reklame");
    const list = await t.say("status permohonan saya?");
    const text = textOf(list);
    expect(text).toContain("Ada beberapa permohonan");
    expect(text).not.toContain("4 angka terakhir");
    const choices = list.at(-1)?.choices ?? [];
    // Short enough for a phone's button row: the permit's short name, the day it was sent (fresh41) and the number's serial.
    expect(choices.map((c) => c.label)).toEqual([second.number, first.number].map((n) => expect.stringMatching(new RegExp(`^Izin reklame · \\d{1,2} [A-Z][a-z]+ · ${n.split("-").at(-1)}$`))));
    const picked = textOf(await t.tap(choices[1]!.id));
    expect(picked).toContain(`Permohonan *${first.number}*`);
    expect(picked).not.toContain("4 angka terakhir");
    // The pick is in the transcript staff read by its number.
    expect((await t.loket.store.transcript(t.conversationId)).some((e) => e.text === `[pilihan] ${first.number}`)).toBe(true);
    await t.restart();
    await t.say("cek status");
    const typed = textOf(await t.say("1"));
    expect(typed).toContain(`Permohonan *${second.number}*`);
  });
});
