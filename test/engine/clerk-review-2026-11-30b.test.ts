import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";
import { answerValidly, askingField, openFormUntil } from "../support/forms.js";
import type { Application } from "../../src/domain/records.js";
import { createEngine, loadFlows } from "../../src/engine/index.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { loadMessages } from "../../src/text/messages.js";

/**
 * A clerk's edits to knowledge/ and flows/ while citizens are half-way through a form, then a
 * restart (review of 2026-11-30, second round): the citizen must lose nothing or be told clearly.
 */
describe("clerk edits while a citizen is mid-form, then a restart", () => {
  const open: { t: TestLoket; dir: string }[] = [];
  afterEach(async () => {
    for (const { t, dir } of open.splice(0)) {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  async function loketOnCopies(): Promise<{ t: TestLoket; dir: string }> {
    const dir = mkdtempSync(join(tmpdir(), "loket-clerk-"));
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

  it("a permit file deleted while a citizen applies for it: told clearly, no summary or receipt with {permit_name}, nothing filed for a permit that is gone", async () => {
    const { t, dir } = await loketOnCopies();
    await openFormUntil(t, "saya mau ajukan izin reklame", "hp");
    rmSync(join(dir, "knowledge/permits/izin-reklame.md"));
    await t.restart();
    const reply = textOf(await t.say("081234567890"));
    expect(reply).toMatch(/tidak (?:lagi|dapat)/);
    expect(reply).toMatch(/petugas/);
    expect(askingField(t)).not.toBe("email");
    // Whatever the citizen does next, no placeholder shows and nothing is filed.
    for (let i = 0; i < 12 && t.last.at(-1)?.expects && askingField(t) !== "menu"; i++) await answerValidly(t);
    expect(textOf(t.last)).not.toMatch(/\{permit_\w+\}/);
    expect(await t.loket.store.list<Application>("applications")).toEqual([]);
  });

  it("a form step renamed in flows/apply.yaml while a citizen is mid-form: the answers given are kept and the citizen is told, not met with 'belum memahami'", async () => {
    const { t, dir } = await loketOnCopies();
    await openFormUntil(t, "saya mau ajukan izin reklame", "hp");
    const apply = join(dir, "flows/apply.yaml");
    replace(apply, "  - id: data\n", "  - id: data_pemohon\n");
    replace(apply, "next: data }", "next: data_pemohon }");
    await t.restart();
    const reply = textOf(await t.say("081234567890"));
    expect(reply).not.toMatch(/belum memahami/);
    expect(reply).toMatch(/diperbarui/);
    // Going on, the name and NIK already given are not asked again.
    const asked: string[] = [];
    for (let i = 0; i < 40 && askingField(t) !== "confirm"; i++) {
      asked.push(askingField(t) ?? "");
      await answerValidly(t);
    }
    expect(asked).not.toContain("nama");
    expect(asked).not.toContain("nik");
    expect(asked).toContain("hp");
    expect(textOf(t.last)).toContain("3317014508900002");
  });

  it("a correction staff asked for on an application whose permit file was removed still takes the documents named (it needs no permit facts)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-clerk-"));
    cpSync("knowledge", join(dir, "knowledge"), { recursive: true });
    rmSync(join(dir, "knowledge/permits/izin-reklame.md"));
    const [kb, messages, flows] = await Promise.all([loadKnowledge(join(dir, "knowledge")), loadMessages("messages"), loadFlows("flows")]);
    rmSync(dir, { recursive: true, force: true });
    const engine = createEngine({ flows, knowledge: kb, understander: createUnderstander(kb), messages, uploadLimitBytes: 5 * 1048576 });
    const doc = { sha256: "a".repeat(64), mime: "application/pdf" as const, size: 1234 };
    let r = engine.step(engine.initialState("web:test", "web"), { type: "trigger", flow: "correction", slots: { number: "RBG-2026-000042", permit: "izin-reklame", documents: ["ktp", "foto_lokasi"] } });
    expect(r.replies.map((o) => o.text).join("\n")).toContain("Dokumen 1 dari 2");
    r = engine.step(r.state, { type: "file", result: { ok: true, document: doc } });
    const text = r.replies.map((o) => o.text).join("\n");
    expect(text).not.toContain(messages.get("id")!.t("state.permit_gone"));
    expect(text).toContain("Dokumen 2 dari 2");
  });
});
