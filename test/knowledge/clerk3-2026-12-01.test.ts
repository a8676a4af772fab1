import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applicationFields, checkMessages, validateFlows } from "../../src/engine/flows/load.js";
import { permitFieldClashes, validateKnowledge } from "../../src/knowledge/load.js";
import { loadMessages } from "../../src/text/messages.js";
import { editInCopy, projectCopies } from "../support/clerk-copy.js";

const permitForm = "knowledge/permits/sip-perawat.md";

/**
 * A clerk configuring Loket from README.md and the docs it points to (third review, 2026-12-01):
 * ten everyday edits (a holiday, Friday hours, a name of a permit, a document, a question, a field
 * renamed, a message, a referral, a permit copied, indentation and a tab), each slip she made
 * said by `npm run check` at its file and line in words that say what to write.
 */
describe("clerk review 2026-12-01 (third round): what npm run check says", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-clerk3-"));
    for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(dir, d), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  /** Replaces `from` (which must occur) in a file of the copy; returns the 1-based line of `marker` afterwards. */
  const edit = (path: string, from: string, to: string, marker?: string) => editInCopy(dir, path, from, to, marker);
  const knowledgeIssues = async () => (await validateKnowledge(join(dir, "knowledge"), { root: dir })).issues;
  /** What `npm run check` says of the permits beside the flows: a permit's field the application flow asks everyone. */
  async function fieldClashes() {
    // Files named from the working folder, as npm run check's (which runs in the project), here the repo: the lines are read from them.
    const knowledge = await validateKnowledge(relative(process.cwd(), join(dir, "knowledge")));
    const flows = await validateFlows(join(dir, "flows"));
    expect(flows.issues).toEqual([]);
    const clashes = knowledge.kb ? permitFieldClashes(knowledge.kb.permits, applicationFields(flows.flows!, relative(process.cwd(), join(dir, "flows")))) : [];
    // Then named from the copy, as npm run check in it would.
    const here = (file: string) => relative(dir, resolve(file));
    return [...knowledge.issues, ...clashes].map((i) => ({ ...i, file: here(i.file), message: i.message.replaceAll(relative(process.cwd(), dir) + "/", "") }));
  }
  /** A question added at the top of sip-perawat's own form; returns its id's line. */
  const addPermitField = (id: string, label: string, kind = "text") => edit(permitForm, "form:\n", `form:\n  - id: ${id}\n    label: ${label}\n    kind: ${kind}\n    required: false\n`, `  - id: ${id}\n`);

  describe("the fields flows/apply.yaml asks every applicant are read from it, not from a list in the code", () => {
    it("a field added to flows/apply.yaml and a permit's field of the same id: refused at the permit's line, naming apply.yaml's line, as for e-mail", async () => {
      const flowLine = await edit("flows/apply.yaml", "      - { id: alamat, label: field.label.alamat, kind: text, min: 10, max: 300 }\n", "      - { id: alamat, label: field.label.alamat, kind: text, min: 10, max: 300 }\n      - { id: pekerjaan, label: field.label.alamat, kind: text, required: false }\n", "- { id: pekerjaan");
      const emailLine = (await readFile(join(dir, "flows/apply.yaml"), "utf8")).split("\n").findIndex((l) => l.includes("{ id: email,")) + 1;
      const occupation = await addPermitField("pekerjaan", "Pekerjaan saat ini");
      const email = await addPermitField("email", "E-mail tempat praktik", "email");
      const clashes = (await fieldClashes()).filter((i) => i.file === permitForm);
      expect(clashes).toEqual([
        { file: permitForm, line: email, message: `field "email" is already asked for every application by flows/apply.yaml (line ${emailLine}): one answer would replace the other; give this field another id, or remove it` },
        { file: permitForm, line: occupation + 4, message: `field "pekerjaan" is already asked for every application by flows/apply.yaml (line ${flowLine}): one answer would replace the other; give this field another id, or remove it` },
      ]);
    });

    it("a field renamed in flows/apply.yaml (hp to no_wa): a permit's no_wa is refused at its line, a permit's own hp (no longer asked by the flow) is not", async () => {
      const flowLine = await edit("flows/apply.yaml", "- { id: hp, label: field.label.hp, kind: phone }", "- { id: no_wa, label: field.label.hp, kind: phone }", "- { id: no_wa");
      await addPermitField("hp", "Nomor HP tempat praktik", "phone");
      const wa = await addPermitField("no_wa", "Nomor WhatsApp tempat praktik", "phone");
      const clashes = (await fieldClashes()).filter((i) => i.file === permitForm);
      expect(clashes).toEqual([
        { file: permitForm, line: wa, message: `field "no_wa" is already asked for every application by flows/apply.yaml (line ${flowLine}): one answer would replace the other; give this field another id, or remove it` },
      ]);
    });

    it("ids the flow does not ask (telepon, nama_pemohon) are a permit's own questions, such as the clinic's telephone", async () => {
      await addPermitField("telepon", "Nomor telepon tempat praktik", "phone");
      await addPermitField("nama_pemohon", "Nama pemohon pada surat rekomendasi");
      expect((await fieldClashes()).filter((i) => i.file === permitForm)).toEqual([]);
    });
  });

  it("edit 3: a permit's alias with a comma (two names on one line) is refused at its line: citizens writing one of them would not find the permit", async () => {
    const alias = await edit("knowledge/permits/nib.md", "  - izin usaha\n", "  - izin usaha\n  - ijin usaha mikro, IUMK\n", "  - ijin usaha mikro");
    const keyword = await edit("knowledge/permits/nib.md", "  - warung\n", "  - warung\n  - toko kelontong; kios\n", "  - toko kelontong");
    const referral = await edit("knowledge/referrals.yaml", "aliases: [KK, kartu keluarga,", "aliases: [KK; kartu keluarga,", "aliases: [KK; kartu keluarga");
    const found = await knowledgeIssues();
    expect(found).toContainEqual({ file: "knowledge/permits/nib.md", line: alias, message: `aliases: "ijin usaha mikro, IUMK" holds a ",": each name is an item of its own, so citizens writing one of them find the permit; write "- ijin usaha mikro" and "- IUMK" on lines of their own` });
    expect(found).toContainEqual({ file: "knowledge/permits/nib.md", line: keyword, message: `keywords: "toko kelontong; kios" holds a ";": each name is an item of its own, so citizens writing one of them find the permit; write "- toko kelontong" and "- kios" on lines of their own` });
    expect(found).toContainEqual({ file: "knowledge/referrals.yaml", line: referral, message: expect.stringContaining(`aliases: "KK; kartu keluarga" holds a ";": each name is an item of its own`) });
  });

  it("edit 5: a document asked as a form question (kind: file) is told to go under requirements, where documents are uploaded", async () => {
    const line = await addPermitField("sertifikat_pelatihan", "Sertifikat pelatihan (jika ada)", "file");
    expect((await knowledgeIssues()).filter((i) => i.file === permitForm)).toEqual([
      { file: permitForm, line: line + 2, message: `form field "sertifikat_pelatihan": kind: kind must be one of text, nik, phone, email, date, number, choice; a document the citizen sends goes under requirements (with accept: [pdf, jpg, png] and required: false when it is optional), not in form` },
    ]);
  });

  it("edit 5: an optional question written with optional: true is told to write required: false, not 'did you mean options'", async () => {
    const line = await edit(permitForm, "form:\n", "form:\n  - id: nomor_sertifikat\n    label: Nomor sertifikat pelatihan\n    kind: text\n    optional: true\n", "    optional: true");
    const found = (await knowledgeIssues()).filter((i) => i.file === permitForm);
    expect(found).toContainEqual({ file: permitForm, line, message: `form field "nomor_sertifikat": unknown key "optional": an optional question is written required: false` });
    expect(found.map((i) => i.message).join("\n")).not.toMatch(/did you mean "options"/);
  });

  it("edit 7: a message's {placeholder} written in Indonesian ({nomor}) or without its second word ({status}) is answered with the one meant", async () => {
    const m = "messages/id/conversation.yaml";
    const receipt = await edit(m, "Nomor registrasi: *{number}*", "Nomor registrasi Bapak/Ibu: *{nomor}*", "  receipt:");
    const found = await edit(m, "Status: *{status_label}*", "Status: *{status}*", "  found: ");
    const flows = await validateFlows(join(dir, "flows"));
    const knowledge = await validateKnowledge(join(dir, "knowledge"), { root: dir });
    const said = checkMessages(flows.flows!, await loadMessages(join(dir, "messages"), dir), knowledge.kb!.permits.flatMap((p) => p.form.map((f) => f.id)));
    expect(said).toContainEqual({ file: m, line: receipt, message: expect.stringContaining("apply.receipt: Loket does not fill in {nomor} in this message: citizens would read it as it is; did you mean {number}?") });
    expect(said).toContainEqual({ file: m, line: found, message: expect.stringContaining("status.found: Loket does not fill in {status} in this message: citizens would read it as it is; did you mean {status_label}?") });
  });

  it("edit 8: a referral added again under an id the file already has names the other one's line (edit that one), and so does a name listed twice", async () => {
    const text = await readFile(join(dir, "knowledge/referrals.yaml"), "utf8");
    const first = text.split("\n").indexOf("- id: bpjs") + 1;
    const firstAliases = first + 2;
    const added = await edit("knowledge/referrals.yaml", "- id: kk\n", "- id: bpjs\n  name: BPJS Kesehatan\n  aliases: [BPJS, kartu BPJS]\n  agency: BPJS Kesehatan Kantor Cabang Rembang\n  where: Kantor BPJS Kesehatan.\n- id: kk\n", "- id: bpjs");
    const found = (await knowledgeIssues()).filter((i) => i.file === "knowledge/referrals.yaml");
    expect(found).toContainEqual({ file: "knowledge/referrals.yaml", line: first + 5, message: `referral id "bpjs" is used twice (also at line ${added}): keep one of them, and put what the other says in it` });
    expect(found).toContainEqual({ file: "knowledge/referrals.yaml", line: firstAliases + 5, message: `"BPJS" is listed twice (also at line ${added + 2}); remove one` });
  });

  it("edit 10: a key indented one space too few or too many is said with the spaces to write, at its line", async () => {
    const less = await edit(permitForm, "  - id: str\n    name: STR", "  - id: str\n   name: STR", "   name: STR");
    const found = (await knowledgeIssues()).filter((i) => i.file === permitForm);
    expect(found).toEqual([{ file: permitForm, line: less, message: expect.stringContaining("this line is indented 3 spaces and the line above 4: keys of one block start at the same column; indent it with 4 spaces") }]);
  });
});

describe("clerk review 2026-12-01 (third round): the renamed field through npm run check", () => {
  const { projectCopy } = projectCopies("loket-clerk3-");
  it("npm run check accepts a permit's hp once flows/apply.yaml calls the phone no_wa, and refuses its no_wa at its line", () => {
    const dir = projectCopy();
    const run = () => spawnSync(process.execPath, ["--import", "tsx", "src/cli/check.ts"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    const swap = async (path: string, from: string, to: string) => {
      const f = join(dir, path);
      const text = await readFile(f, "utf8");
      await writeFile(f, text.replace(from, to));
    };
    return (async () => {
      await swap("flows/apply.yaml", "- { id: hp, label: field.label.hp, kind: phone }", "- { id: no_wa, label: field.label.hp, kind: phone }");
      await swap(permitForm, "form:\n", "form:\n  - id: hp\n    label: Nomor HP tempat praktik\n    kind: phone\n    required: false\n");
      const ok = run();
      expect(`${ok.stdout}${ok.stderr}`).toMatch(/^OK: /m);
      expect(ok.status).toBe(0);
      await swap(permitForm, "  - id: hp\n", "  - id: no_wa\n");
      const refused = run();
      expect(refused.status).toBe(1);
      expect(refused.stdout).toMatch(/^knowledge\/permits\/sip-perawat\.md:\d+: field "no_wa" is already asked for every application by flows\/apply\.yaml \(line \d+\)/m);
    })();
  }, 90_000);
});
