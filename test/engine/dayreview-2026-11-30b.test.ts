import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";
import { openFormUntil, submitForm } from "../support/forms.js";

/** Where two of 2026-11-30's changes meet (day review, second round). */
describe("day review 2026-11-30b: engine", () => {
  const open: { t: TestLoket; dir: string }[] = [];
  afterEach(async () => {
    for (const { t, dir } of open.splice(0)) {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  async function loketOnCopies(): Promise<{ t: TestLoket; dir: string }> {
    const dir = mkdtempSync(join(tmpdir(), "loket-day-"));
    for (const d of ["knowledge", "flows"]) cpSync(d, join(dir, d), { recursive: true });
    const t = await createTestLoket({ store: "sqlite", env: { KNOWLEDGE_DIR: join(dir, "knowledge"), FLOWS_DIR: join(dir, "flows") } });
    open.push({ t, dir });
    return { t, dir };
  }
  const replace = (path: string, from: string, to: string) => {
    const text = readFileSync(path, "utf8");
    expect(text).toContain(from);
    writeFileSync(path, text.split(from).join(to));
  };

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
});
