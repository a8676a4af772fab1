// The status check for a citizen without the number (each looped or misread at dee554e).
import { afterEach, describe, expect, it } from "vitest";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

let t: TestLoket | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("a citizen who has no registration number to give", () => {
  it("is told where the number is and that staff can find it, instead of the question again", async () => {
    t = await createTestLoket();
    await t.say("cek status");
    const r = textOf(await t.say("saya lupa nomor registrasinya"));
    expect(r).toContain("tanda terima");
    expect(r).toContain("*petugas*");
    expect(r).not.toContain("Mohon tulis *nomor registrasi*");
    // The check ended: the next message is read for itself.
    expect(textOf(await t.say("syarat pbg apa saja"))).toContain("Persyaratan");
  });

  it("after a check that found nothing, 'lupa nomornya' gets the same help, not 'belum memahami'", async () => {
    t = await createTestLoket();
    await t.say("RBG-2026-000123");
    expect(textOf(await t.say("1234"))).toContain("tidak menemukan");
    const r = textOf(await t.say("lupa nomornya"));
    expect(r).toContain("tanda terima");
    expect(r).not.toContain("belum memahami");
  });

  it("a forgotten or changed phone number at the last-four question: staff", async () => {
    t = await createTestLoket();
    await t.say("cek status RBG-2026-000123");
    const r = textOf(await t.say("lupa no hp nya, sudah ganti"));
    expect(r).toContain("*petugas*");
    expect(r).not.toContain("tepat 4 angka");
  });

  it("examples give the office's own prefix and this year, not Rembang's", async () => {
    t = await createTestLoket({ env: { REGISTRATION_PREFIX: "SMG" }, now: () => new Date("2027-03-01T03:00:00Z") });
    expect(textOf(await t.say("cek status"))).toContain("SMG-2027-000123");
    const r = textOf(await t.say("nomornya hilang"));
    expect(r).toContain("*SMG-*");
    expect(r).not.toContain("RBG");
  });
});
