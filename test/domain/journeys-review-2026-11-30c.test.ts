import { describe, expect, it } from "vitest";
import { validateEmail } from "../../src/domain/fields.js";
import { answerValidly, askingField, openFormUntil } from "../support/forms.js";
import { createTestLoket, textOf } from "../support/loket.js";

/**
 * Journeys review of 30 November 2026 (c), the e-mail question: an address with a slip in its
 * provider ("gmail.con", "gmial.com") was taken and stored, so nothing sent to it would arrive.
 */
describe("journeys review 2026-11-30c: e-mail addresses", () => {
  it("refuses the common slips in a provider's name or in .com, and keeps real providers", () => {
    for (const typo of ["siti@gmail.con", "siti@gmial.com", "siti@gmai.com", "siti@gamil.com", "siti@gmail.co", "siti@gmail.cm", "siti@yahoo.con", "siti@yaho.com", "siti@yahoo.co.di", "siti@hotmial.com", "siti@outlok.com", "siti@gmail.comm"]) {
      expect(validateEmail(typo), typo).toEqual({ ok: false, reason: "field.email.typo" });
    }
    for (const fine of ["siti@gmail.com", "siti@yahoo.co.id", "siti@yahoo.com", "siti@ymail.com", "siti@mail.com", "siti@email.com", "siti@outlook.co.id", "siti@rembangkab.go.id", "siti@ugm.ac.id", "siti@icloud.com", "siti@yahoo.co.uk", "siti@hotmail.com.sg", "siti@outlook.sg"]) {
      expect(validateEmail(fine), fine).toEqual({ ok: true, value: fine });
    }
  });

  it("at the form the citizen is told the address looks mistyped and can write it again or skip it", async () => {
    const t = await createTestLoket();
    try {
      await openFormUntil(t, "saya mau mengajukan izin reklame", "email");
      const reply = textOf(await t.say("siti.rahma@gmail.con"));
      expect(askingField(t), reply).toBe("email");
      expect(reply).toMatch(/salah ketik/);
      expect(reply).toContain("lewati");
      await t.say("siti.rahma@gmail.com");
      expect(askingField(t)).toBe("alamat");
    } finally {
      await t.close();
    }
  });
});

describe("journeys review 2026-11-30c: a practice of one's own in everyday words", () => {
  it("\"praktik sendiri\", \"praktek pribadi\" at the SIP's \"Jenis praktik\" are the independent practice (Praktik mandiri), not refused with \"Mohon pilih salah satu pilihan di atas\"", async () => {
    const t = await createTestLoket();
    try {
      for (const said of ["praktik sendiri", "praktek pribadi", "praktik mandiri"]) {
        t.conversationId = `web:${said}`;
        await openFormUntil(t, "saya perawat mau mengajukan SIP", "jenis_praktik");
        const reply = textOf(await t.say(said));
        expect(askingField(t), `${said} -> ${reply}`).toBe("jenis_permohonan");
        await t.tap(t.last.at(-1)!.choices![0]!.id);
        // Taken as the independent practice: its floor plan and equipment list is asked for.
        const asked: string[] = [];
        for (let i = 0; i < 20 && askingField(t) !== "confirm"; i++) {
          asked.push(askingField(t)!);
          await answerValidly(t);
        }
        expect(asked, said).toContain("denah_peralatan");
      }
    } finally {
      await t.close();
    }
  });
});

describe("journeys review 2026-11-30c: an e-mail typed on a phone keyboard", () => {
  it("\"siti @gmail.com\" (the space a phone keyboard puts after a suggested word) is the address, not \"Alamat e-mail belum benar\"", () => {
    expect(validateEmail("siti @gmail.com")).toEqual({ ok: true, value: "siti@gmail.com" });
    expect(validateEmail("siti.rahma @ gmail.com")).toEqual({ ok: true, value: "siti.rahma@gmail.com" });
    expect(validateEmail("siti rahma@gmail.com")).toEqual({ ok: false, reason: "field.email.format" });
  });
});
