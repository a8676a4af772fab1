import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { textOf } from "../support/loket.js";
import { clerkLokets, replaceAll } from "../support/clerk-copy.js";
import { answerValidly, askingField, openFormUntil, submitForm } from "../support/forms.js";
import { fixtures } from "../support/fixtures.js";
import { REGISTRATION } from "../support/citizen.js";
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
  const { loketOnCopies } = clerkLokets("loket-clerk-");
  const replace = replaceAll;

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

  it("a question added to a permit's form above the one a citizen is answering: the answer is stored under the question asked (not the one now in its place), and the new required question is asked before the summary", async () => {
    const { t, dir } = await loketOnCopies();
    await openFormUntil(t, "saya mau ajukan izin reklame", "ukuran");
    replace(join(dir, "knowledge/permits/izin-reklame.md"), "  - id: lokasi_reklame\n", "  - id: nama_usaha\n    label: Nama usaha\n    kind: text\n    required: true\n  - id: lokasi_reklame\n");
    await t.restart();
    await t.say("4 x 6 meter");
    const app = await submitForm(t);
    expect(app.fields.ukuran).toBe("4 x 6 meter");
    expect(app.fields.lokasi_reklame).not.toBe("4 x 6 meter");
    expect(app.fields.nama_usaha).toBeTruthy();
  });

  it("a document added to a permit above the one a citizen is sending: the file is stored as the document asked for, not as the one now in its place", async () => {
    const { t, dir } = await loketOnCopies();
    await openFormUntil(t, "saya mau ajukan izin reklame", "isi_reklame");
    for (let i = 0; i < 8 && askingField(t) !== "desain_reklame"; i++) await answerValidly(t);
    expect(askingField(t)).toBe("desain_reklame");
    const before = (await t.loket.store.peekState(t.conversationId)) as { engine: { stack: { slots: { docs?: Record<string, { sha256: string }> } }[] } };
    const landOwner = before.engine.stack.at(-1)!.slots.docs!.izin_pemilik_lahan!.sha256;
    replace(join(dir, "knowledge/permits/izin-reklame.md"), "requirements:\n", "requirements:\n  - id: surat_kuasa\n    name: Surat kuasa\n    accept: [pdf]\n    required: true\n");
    await t.restart();
    await t.upload(fixtures.jpg, "desain.jpg");
    // On to the summary; "ya" there asks for the new required document first (askMissingDocument).
    let number: string | undefined;
    for (let i = 0; i < 40 && !number; i++) {
      if (askingField(t) === "confirm") await t.say("ya");
      else await answerValidly(t);
      number = REGISTRATION.exec(textOf(t.last))?.[0];
    }
    const app = (await t.loket.store.get<Application>("applications", number!))!;
    expect(app.documents.izin_pemilik_lahan!.sha256).toBe(landOwner);
    expect(app.documents.desain_reklame!.mime).toBe("image/jpeg");
    expect(app.documents.surat_kuasa).toBeTruthy();
  });

  it("a menu step renamed while a citizen is at it (the follow-up after an answer): the next message is read at the menu as usual, with no word about answers kept", async () => {
    const { t, dir } = await loketOnCopies();
    await t.say("berapa lama proses slf");
    expect(askingField(t)).toBe("followup");
    const menu = join(dir, "flows/menu.yaml");
    const text = readFileSync(menu, "utf8");
    writeFileSync(menu, text.replace("  - id: followup\n", "  - id: lanjutan\n").replace(/next: followup\b/g, "next: lanjutan"));
    await t.restart();
    const reply = textOf(await t.say("syarat pbg apa saja"));
    expect(reply).not.toMatch(/diperbarui/);
    expect(reply).toMatch(/Persyaratan/);
  });
});
