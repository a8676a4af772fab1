import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.js";
import { FileValidationError, formatIssue } from "../../src/errors.js";
import { loadFlows } from "../../src/engine/index.js";
import { edit, lineOfKey } from "../support/clerk-copy.js";
import { answerValidly, askingField, openFormUntil, submitForm } from "../support/forms.js";
import { textOf } from "../support/loket.js";
import { startStaffWorld, type StaffWorld } from "../staff/support.js";

/**
 * Held-out ops7 (2026-12-03), written before any change: a clerk edits flows/ and messages/ while
 * Loket runs and an admin presses "Muat ulang" (the same reload as knowledge/, ops6). A set that
 * passes every start-up check is served at once; a broken one keeps the old set serving and says
 * every problem with file:line; a citizen in the middle of a form when the flow changes loses
 * nothing, never crashes and is never asked a question that no longer exists.
 */
interface ReloadAnswer {
  version: string;
  instances: { instance: string; ok: boolean; version: string; problems: { file: string; line: number; message: string }[] }[];
}

const dirs: string[] = [];
const worlds: StaffWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Copies of knowledge/, flows/ and messages/ and a world serving them (SQLite, real HTTP). */
async function world(logLines?: string[]): Promise<{ w: StaffWorld; root: string }> {
  const root = mkdtempSync(join(tmpdir(), "loket-ops7-"));
  dirs.push(root);
  for (const d of ["knowledge", "flows", "messages"]) cpSync(d, join(root, d), { recursive: true });
  const w = await startStaffWorld({
    store: "sqlite",
    env: { KNOWLEDGE_DIR: join(root, "knowledge"), FLOWS_DIR: join(root, "flows") },
    messagesDir: join(root, "messages"),
    ...(logLines ? { logLines } : {}),
  });
  worlds.push(w);
  return { w, root };
}
async function reload(w: StaffWorld): Promise<ReloadAnswer> {
  const admin = await w.login("sari");
  const res = await admin.post("/knowledge/reload");
  expect(res.status).toBe(200);
  return (await res.json()) as ReloadAnswer;
}
const said = (replies: { text: string }[]) => replies.map((r) => r.text).join("\n");
const NEW_GREETING = "Selamat datang di layanan perizinan *{office}*, Bapak/Ibu. Saya Loket, siap membantu.";
const OLD_GREETING = "Halo Bapak/Ibu 👋 Selamat datang di layanan *{office}*. Saya Loket, asisten perizinan.";
const FIELD_HP = "      - { id: hp, label: field.label.hp, kind: phone }\n";
const FIELD_ALAMAT = "      - { id: alamat, label: field.label.alamat, kind: text, min: 10, max: 300 }\n";

describe("ops7 held-out 2026-12-03: flows/ and messages/ reload while Loket runs", () => {
  it("1. a message edited in messages/id: after the reload a citizen reads the new words, with a new version", async () => {
    const { w, root } = await world();
    const before = await (await w.login("sari")).json<{ version: string }>("/knowledge");
    edit(join(root, "messages/id/conversation.yaml"), OLD_GREETING, NEW_GREETING);
    const body = await reload(w);
    expect(body.instances[0]).toMatchObject({ ok: true, problems: [] });
    expect(body.version).not.toBe(before.version);
    expect(said(await (await w.citizen()).say("halo"))).toContain("siap membantu");
  });

  it("2. a question added to flows/apply.yaml (with its label in both languages): a new application asks it", async () => {
    const { w, root } = await world();
    edit(join(root, "flows/apply.yaml"), FIELD_ALAMAT, `${FIELD_ALAMAT}      - { id: pekerjaan, label: field.label.pekerjaan, kind: text, min: 3, max: 100 }\n`);
    edit(join(root, "messages/id/conversation.yaml"), `    alamat: "Alamat lengkap sesuai KTP"\n`, `    alamat: "Alamat lengkap sesuai KTP"\n    pekerjaan: "Pekerjaan pemohon"\n`);
    edit(join(root, "messages/en/conversation.yaml"), `    alamat: "Full address as on the KTP"\n`, `    alamat: "Full address as on the KTP"\n    pekerjaan: "Applicant's occupation"\n`);
    expect((await reload(w)).instances[0]!.ok).toBe(true);
    await openFormUntil(w.t, "saya mau ajukan izin reklame", "pekerjaan");
    expect(textOf(w.t.last)).toContain("Pekerjaan pemohon");
  });

  it("3. a broken flow: refused with every problem as start-up says it (file:line), and the old flow keeps serving", async () => {
    const logLines: string[] = [];
    const { w, root } = await world(logLines);
    const line = edit(join(root, "flows/apply.yaml"), FIELD_HP, "      - { id: hp, label: field.label.hp, kind: telepon }\n");
    let expected: string[] = [];
    try {
      await loadFlows(join(root, "flows"));
    } catch (err) {
      expected = (err as FileValidationError).issues.map(formatIssue);
    }
    expect(expected.length).toBeGreaterThan(0);
    const before = await (await w.login("sari")).json<{ version: string }>("/knowledge");
    const body = await reload(w);
    expect(body.instances[0]!.ok).toBe(false);
    expect(body.version).toBe(before.version);
    expect(body.instances[0]!.problems.map(formatIssue)).toEqual(expected);
    expect(body.instances[0]!.problems.some((p) => p.file.endsWith("apply.yaml") && p.line === line)).toBe(true);
    expect(logLines.join("\n")).toContain(`"line":${line}`);
    // The old flow: the phone question is asked as before.
    await openFormUntil(w.t, "saya mau ajukan izin reklame", "hp");
    expect(w.t.last.at(-1)?.expects?.kind).toBe("phone");
  });

  it("4. a message naming a placeholder it is never given: refused at its file:line, the old words keep serving", async () => {
    const { w, root } = await world();
    edit(join(root, "messages/id/conversation.yaml"), OLD_GREETING, "Halo Bapak/Ibu, selamat datang di {kantor}.");
    const line = lineOfKey(join(root, "messages/id/conversation.yaml"), "menu.greeting");
    const body = await reload(w);
    expect(body.instances[0]!.ok).toBe(false);
    expect(body.instances[0]!.problems.some((p) => p.file.endsWith("conversation.yaml") && p.line === line && p.message.includes("{kantor}"))).toBe(true);
    const reply = said(await (await w.citizen()).say("halo"));
    expect(reply).toContain("asisten perizinan");
    expect(reply).not.toContain("{kantor}");
  });

  it("5. a good knowledge edit beside a broken flow: nothing is swapped (one set, all of it checked)", async () => {
    const { w, root } = await world();
    edit(join(root, "knowledge/permits/sppl.md"), "validity: Masa berlaku SPPL belum kami dapatkan datanya; petugas akan mengonfirmasi.", "validity: SPPL berlaku selama kegiatan usaha tidak berubah.");
    edit(join(root, "flows/apply.yaml"), FIELD_HP, "      - { id: hp, label: field.label.hp, kind: telepon }\n");
    const body = await reload(w);
    expect(body.instances[0]!.ok).toBe(false);
    expect(said(await (await w.citizen()).say("masa berlaku sppl berapa lama?"))).not.toContain("selama kegiatan usaha tidak berubah");
  });

  it("6. the question a citizen is answering is removed: told, the answer does not go under another question, the next one is asked, and the application is filed", async () => {
    const { w, root } = await world();
    await openFormUntil(w.t, "saya mau ajukan izin reklame", "alamat");
    edit(join(root, "flows/apply.yaml"), FIELD_ALAMAT, "");
    expect((await reload(w)).instances[0]!.ok).toBe(true);
    const reply = said(await w.t.say("Jl. Diponegoro No. 12, Rembang"));
    expect(reply).not.toMatch(/belum memahami/);
    expect(askingField(w.t)).not.toBe("alamat");
    const asked: string[] = [];
    for (let i = 0; i < 40 && askingField(w.t) !== "confirm"; i++) {
      asked.push(askingField(w.t) ?? "");
      await answerValidly(w.t);
    }
    expect(asked).not.toContain("alamat");
    expect(asked).not.toContain("nama");
    expect(asked).not.toContain("nik");
    const app = await submitForm(w.t);
    expect(app.fields.nama).toBeTruthy();
    expect(app.fields.nik).toBeTruthy();
    expect(Object.values(app.fields)).not.toContain("Jl. Diponegoro No. 12, Rembang");
  });

  it("7. a field renamed (hp -> telepon) after the citizen answered it: the new question is asked, nothing given before is lost or asked again", async () => {
    const { w, root } = await world();
    await openFormUntil(w.t, "saya mau ajukan izin reklame", "alamat");
    edit(join(root, "flows/apply.yaml"), FIELD_HP, "      - { id: telepon, label: field.label.hp, kind: phone }\n");
    expect((await reload(w)).instances[0]!.ok).toBe(true);
    const reply = said(await w.t.say("Jl. Diponegoro No. 12, Rembang"));
    expect(reply).not.toMatch(/belum memahami/);
    const asked: string[] = [];
    for (let i = 0; i < 40 && askingField(w.t) !== "confirm"; i++) {
      asked.push(askingField(w.t) ?? "");
      await answerValidly(w.t);
    }
    expect(asked).not.toContain("hp");
    expect(asked).not.toContain("nama");
    expect(asked).not.toContain("alamat");
    const app = await submitForm(w.t);
    expect(app.fields.alamat).toBe("Jl. Diponegoro No. 12, Rembang");
    expect(app.fields.telepon).toBeTruthy();
  });

  it("8. a new required question added above the one being answered: the answer stays under its own question and the new one is asked before the summary", async () => {
    const { w, root } = await world();
    await openFormUntil(w.t, "saya mau ajukan izin reklame", "alamat");
    edit(join(root, "flows/apply.yaml"), FIELD_HP, `${FIELD_HP}      - { id: tempat_lahir, label: field.label.alamat, kind: text, min: 3, max: 100 }\n`);
    expect((await reload(w)).instances[0]!.ok).toBe(true);
    await w.t.say("Jl. Diponegoro No. 12, Rembang");
    const app = await submitForm(w.t);
    expect(app.fields.alamat).toBe("Jl. Diponegoro No. 12, Rembang");
    expect(app.fields.tempat_lahir).toBeTruthy();
    expect(app.fields.tempat_lahir).not.toBe("Jl. Diponegoro No. 12, Rembang");
  });

  it("9. a new required question added while the citizen is at the summary: 'ya' does not file without it; it is asked first", async () => {
    const { w, root } = await world();
    await openFormUntil(w.t, "saya mau ajukan izin reklame", "confirm");
    edit(join(root, "flows/apply.yaml"), FIELD_ALAMAT, `${FIELD_ALAMAT}      - { id: tempat_lahir, label: field.label.alamat, kind: text, min: 3, max: 100 }\n`);
    expect((await reload(w)).instances[0]!.ok).toBe(true);
    await w.t.say("ya");
    expect(await w.t.loket.store.list<Application>("applications")).toEqual([]);
    expect(askingField(w.t)).toBe("tempat_lahir");
    const app = await submitForm(w.t);
    expect(app.fields.tempat_lahir).toBeTruthy();
  });

  it("10. the web chat page's words (webpage.yaml) and the office name in its title follow the reload", async () => {
    const { w, root } = await world();
    edit(join(root, "messages/id/webpage.yaml"), `  type_message: "Tulis pesan…"`, `  type_message: "Ketik pertanyaan Bapak/Ibu…"`);
    edit(join(root, "knowledge/office.yaml"), "short_name: DPMPTSP Kab. Rembang", "short_name: DPMPTSP Rembang Baru");
    expect((await reload(w)).instances[0]!.ok).toBe(true);
    const page = await (await fetch(`${w.base}/`)).text();
    expect(page).toContain("Ketik pertanyaan Bapak/Ibu…");
    expect(page).toContain("DPMPTSP Rembang Baru");
  });

  it("11. the console's reload says it covers flows/ and messages/ (no more 'after a restart')", async () => {
    const { w } = await world();
    const html = await (await fetch(`${w.base}/staff/`)).text();
    expect(html).not.toMatch(/flows\/ dan messages\/ baru terbaca setelah Loket dimulai ulang/);
    expect(html).toMatch(/flows\//);
  });

  it("12. a refused flow reload logs its problems and none of the citizen's data", async () => {
    const logLines: string[] = [];
    const { w, root } = await world(logLines);
    await openFormUntil(w.t, "saya mau ajukan izin reklame", "hp", { answers: { nama: "Siti Rahmawati", nik: "3317014501900002" } });
    edit(join(root, "flows/apply.yaml"), "next: data }", "next: data_lama }");
    const body = await reload(w);
    expect(body.instances[0]!.ok).toBe(false);
    expect(body.instances[0]!.problems.some((p) => p.file.endsWith("apply.yaml") && p.message.includes("data_lama"))).toBe(true);
    const log = logLines.join("\n");
    expect(log).toContain("data_lama");
    expect(log).not.toContain("3317014501900002");
    expect(log).not.toContain("Rahmawati");
    // The citizen goes on with the old flow.
    await w.t.say("081234567890");
    expect(askingField(w.t)).not.toBe("hp");
  });
});
