// The NIK question for a citizen without the NIK at hand (each got "NIK hanya berisi angka", or the
// permit's overview, at dee554e).
import { afterEach, describe, expect, it } from "vitest";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

let t: TestLoket | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function atNik(): Promise<TestLoket> {
  const l = await createTestLoket();
  await l.say("mau daftar izin reklame");
  await l.say("setuju");
  expect(textOf(await l.say("Siti Aminah"))).toContain("NIK");
  return l;
}

describe("at the NIK question", () => {
  it.each(["gak hafal nik, ktp ketinggalan", "nik itu apa?", "saya belum punya ktp", "lupa nik saya"])("%s: where the NIK is written, that the form waits, and staff", async (msg) => {
    t = await atNik();
    const r = textOf(await t.say(msg));
    expect(r).toContain("Kartu Keluarga");
    expect(r).toContain("tetap tersimpan");
    expect(r).toContain("*petugas*");
    expect(r).not.toContain("Izin Penyelenggaraan Reklame");
    // The form goes on from the same question.
    expect(textOf(await t.say("3317014506900002"))).toContain("Nomor HP");
  });
});
