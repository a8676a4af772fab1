import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { textOf } from "../support/loket.js";
import { clerkLokets, replaceAll } from "../support/clerk-copy.js";
import { answerValidly, askingField, openFormUntil, submitForm } from "../support/forms.js";

/** Where two of 2026-11-30's changes meet (day review, second round). */
describe("day review 2026-11-30b: engine", () => {
  const { loketOnCopies } = clerkLokets("loket-day-");
  const replace = replaceAll;

  it("an answer written as a video's caption after a clerk added a question above: stored under the question asked, as a typed answer is", async () => {
    const { t, dir } = await loketOnCopies();
    await openFormUntil(t, "saya mau ajukan izin reklame", "ukuran");
    replace(join(dir, "knowledge/permits/izin-reklame.md"), "  - id: lokasi_reklame\n", "  - id: nama_usaha\n    label: Nama usaha\n    kind: text\n    required: true\n  - id: lokasi_reklame\n");
    await t.restart();
    await t.send({ unsupported: "video", caption: "4 x 6 meter" });
    const app = await submitForm(t);
    expect(app.fields.lokasi_reklame).not.toBe("4 x 6 meter");
    expect(app.fields.ukuran).toBe("4 x 6 meter");
  });
  it("a form step renamed while the complaint offer is on top of the form: the form's answer typed at the offer is not dropped unsaid ('Kita lanjutkan ya' and the offer again); the citizen is told and the answers are kept", async () => {
    const { t, dir } = await loketOnCopies();
    await openFormUntil(t, "saya mau ajukan izin reklame", "hp");
    await t.say("petugasnya tidak sopan, saya mau komplain");
    expect(askingField(t)).toBe("offer");
    const apply = join(dir, "flows/apply.yaml");
    replace(apply, "  - id: data\n", "  - id: data_pemohon\n");
    replace(apply, "next: data }", "next: data_pemohon }");
    await t.restart();
    const reply = textOf(await t.say("081234567890"));
    expect(reply).toMatch(/diperbarui/);
    const asked: string[] = [];
    for (let i = 0; i < 40 && askingField(t) !== "confirm"; i++) {
      asked.push(askingField(t) ?? "");
      await answerValidly(t);
    }
    expect(asked).not.toContain("nama");
    expect(asked).not.toContain("offer");
    expect(textOf(t.last)).toContain("3317014508900002");
  });
});
