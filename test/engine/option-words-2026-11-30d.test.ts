// A form's choice in the citizen's everyday words: "punya sendiri", "ngontrak", "bukan PNS",
// "karyawan kontrak" were refused ("Mohon pilih salah satu pilihan") at PBG's "Pemilik tanah" and
// the SIPs' "Status kepegawaian". Options now carry other words a clerk writes in the permit's file.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { validateKnowledge } from "../../src/knowledge/load.js";
import { answerValidly, askingField, openFormUntil, submitForm } from "../support/forms.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

const open: TestLoket[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const loket = async () => {
  const t = await createTestLoket({ now: () => new Date("2026-12-01T03:00:00Z") });
  open.push(t);
  return t;
};

describe("other words of a form's options (also)", () => {
  it("PBG 'Pemilik tanah': own land and land of others in everyday words; a negated one is not taken", async () => {
    for (const [said, id] of [["punya sendiri", "milik_sendiri"], ["tanah sendiri pak, SHM atas nama saya", "milik_sendiri"], ["tanahnya ngontrak", "milik_pihak_lain"], ["sewa, bukan punya sendiri", "milik_pihak_lain"], ["masih numpang di tanah mertua", "milik_pihak_lain"]] as const) {
      const t = await loket();
      await openFormUntil(t, "saya mau ajukan pbg", "status_tanah");
      await t.say(said);
      expect(askingField(t), said).toBe("ktp");
      expect((await submitForm(t)).fields.status_tanah, said).toBe(id);
    }
    const t = await loket();
    await openFormUntil(t, "saya mau ajukan pbg", "status_tanah");
    expect(textOf(await t.say("bukan milik sendiri")), "a negation alone").toContain("Mohon pilih salah satu pilihan");
    expect(askingField(t)).toBe("status_tanah");
  });

  it("SIP 'Status kepegawaian': 'bukan PNS', 'belum PNS', 'karyawan kontrak' are 'Lainnya' (no superior's approval asked); 'karyawan tetap RS' is a permanent employee", async () => {
    for (const [said, id] of [["bukan PNS", "lainnya"], ["belum pns kak", "lainnya"], ["karyawan kontrak", "lainnya"], ["karyawan tetap RS", "pegawai_tetap"], ["saya p3k", "asn"]] as const) {
      const t = await loket();
      await openFormUntil(t, "saya mau ajukan sip bidan", "status_kepegawaian");
      await t.say(said);
      expect(askingField(t), said).not.toBe("status_kepegawaian");
      for (let i = 0; i < 40 && askingField(t) !== "confirm"; i++) await answerValidly(t);
      const summary = textOf(t.last);
      expect((await submitForm(t)).fields.status_kepegawaian, said).toBe(id);
      expect(summary.includes("persetujuan atasan") || summary.includes("Persetujuan atasan"), said).toBe(id !== "lainnya");
    }
  });

  it("the same other word on two options of a question is refused at its line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-also-"));
    dirs.push(dir);
    cpSync("knowledge", join(dir, "knowledge"), { recursive: true });
    const file = join(dir, "knowledge/permits/pbg.md");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace('also: [punya sendiri,', 'also: [sewa, punya sendiri,'));
    const line = text.split("\n").findIndex((l) => l.includes("id: milik_pihak_lain")) + 1;
    const { issues } = await validateKnowledge(join(dir, "knowledge"));
    expect(issues).toContainEqual(expect.objectContaining({ line, message: expect.stringMatching(/"sewa" in also is also an other word of option "milik_sendiri"/) }));
  });
});
