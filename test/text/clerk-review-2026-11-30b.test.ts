import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileValidationError } from "../../src/errors.js";
import { checkMessages, loadFlows, validateFlows } from "../../src/engine/flows/load.js";
import { loadMessages } from "../../src/text/messages.js";

/** A clerk's edits to messages/ (review of 2026-11-30, second round). */
describe("clerk review 2026-11-30b: messages/", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('refuses a message emptied to "" (citizens got an empty bubble, a Telegram button without text is refused by Telegram), at its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-messages-"));
    dirs.push(dir);
    cpSync("messages", join(dir, "messages"), { recursive: true });
    const file = join(dir, "messages/id/conversation.yaml");
    const text = readFileSync(file, "utf8");
    const from = '  cancelled: "Baik, dibatalkan."';
    expect(text).toContain(from);
    writeFileSync(file, text.replace(from, '  cancelled: ""').replace('  agree: "', '  agree: "  " # '));
    const line = text.slice(0, text.indexOf(from)).split("\n").length;
    const err = await loadMessages(join(dir, "messages")).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FileValidationError);
    const issues = (err as FileValidationError).issues;
    expect(issues).toContainEqual({ file: expect.stringMatching(/messages\/id\/conversation\.yaml$/), line, message: expect.stringMatching(/"repair\.cancelled" is empty/) });
    expect(issues.some((i) => /"consent\.agree" is empty/.test(i.message))).toBe(true);
  });

  it("a flow given the text itself instead of a messages key (text: Maaf, tidak ditemukan.) is told where the text goes, not only that the 'key' is missing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-flows-"));
    dirs.push(dir);
    cpSync("flows", join(dir, "flows"), { recursive: true });
    const file = join(dir, "flows/status.yaml");
    const text = readFileSync(file, "utf8");
    expect(text).toContain("text: status.not_found");
    writeFileSync(file, text.replace("text: status.not_found", "text: Maaf, permohonan tidak ditemukan."));
    const line = text.slice(0, text.indexOf("text: status.not_found")).split("\n").length;
    const issues = checkMessages(await loadFlows(join(dir, "flows")), await loadMessages("messages"), [], join(dir, "flows")).filter((i) => !i.warning);
    expect(issues).toEqual([{ file: join(dir, "flows/status.yaml"), line, message: expect.stringMatching(/is a text, not a messages key.*goes in messages\/id/) }]);
  });

  it("a branch a clerk adds on a value nothing sets (on: nomer for number) is refused at its step with the nearest value, instead of always going to its default", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-flows-"));
    dirs.push(dir);
    cpSync("flows", join(dir, "flows"), { recursive: true });
    const file = join(dir, "flows/status.yaml");
    const text = readFileSync(file, "utf8");
    const from = "  - id: check\n    type: action";
    expect(text).toContain(from);
    writeFileSync(file, text.replace(from, "  - id: which\n    type: branch\n    on: nomer\n    cases:\n      skip: { next: not_found }\n    default: check\n" + from));
    const line = text.slice(0, text.indexOf(from)).split("\n").length;
    const flowsDir = join(dir, "flows");
    const issues = checkMessages(await loadFlows(flowsDir), await loadMessages("messages"), [], flowsDir).filter((i) => !i.warning);
    expect(issues).toEqual([{ file: join(flowsDir, "status.yaml"), line, message: expect.stringMatching(/branch on "nomer".*always go to "check".*did you mean "number"/) }]);
  });

  it("an application flow without the permit's own questions (permit_fields: true deleted) or without its uploads step is refused: staff would get applications without them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-flows-"));
    dirs.push(dir);
    cpSync("flows", join(dir, "flows"), { recursive: true });
    const file = join(dir, "flows/apply.yaml");
    const text = readFileSync(file, "utf8");
    for (const from of ["    permit_fields: true\n", "  - id: documents\n    type: uploads\n"]) expect(text).toContain(from);
    writeFileSync(file, text.replace("    permit_fields: true\n", "").replace("  - id: documents\n    type: uploads\n", ""));
    const issues = (await validateFlows(join(dir, "flows"), dir)).issues;
    expect(issues.map((i) => i.message)).toEqual([expect.stringMatching(/no form step has "permit_fields: true"/), expect.stringMatching(/has no uploads step/)]);
    expect(issues.every((i) => i.file === "flows/apply.yaml")).toBe(true);
  });

  it("a flows or messages file saved by Notepad with .txt added (status.yaml.txt) is named as not read, as a permit file is; backups stay ignored", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-clerk-"));
    dirs.push(dir);
    cpSync("flows", join(dir, "flows"), { recursive: true });
    cpSync("messages", join(dir, "messages"), { recursive: true });
    cpSync(join(dir, "flows/status.yaml"), join(dir, "flows/status.yaml.txt"));
    cpSync(join(dir, "flows/status.yaml"), join(dir, "flows/status.yaml.bak"));
    cpSync(join(dir, "messages/id/answers.yaml"), join(dir, "messages/id/answers.yaml.txt"));
    const flows = (await validateFlows(join(dir, "flows"), dir)).issues;
    expect(flows).toEqual([{ file: "flows/status.yaml.txt", line: 1, message: expect.stringMatching(/not read.*Rename it to status\.yaml/) }]);
    const err = await loadMessages(join(dir, "messages"), dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as FileValidationError).issues).toEqual([{ file: "messages/id/answers.yaml.txt", line: 1, message: expect.stringMatching(/not read.*Rename it to answers\.yaml/) }]);
  });

  it("the menu question renamed (id: menu -> menu_utama) is refused: the code goes back to it by its id, and the bot went silent after every answer", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-flows-"));
    dirs.push(dir);
    cpSync("flows", join(dir, "flows"), { recursive: true });
    const file = join(dir, "flows/menu.yaml");
    const text = readFileSync(file, "utf8");
    expect(text).toContain("  - id: menu\n");
    // Renamed everywhere in the file, as a careful clerk does: every "next: menu" too.
    writeFileSync(file, text.replace("  - id: menu\n", "  - id: menu_utama\n").replace(/next: menu\b/g, "next: menu_utama"));
    const line = text.slice(0, text.indexOf("  - id: menu\n")).split("\n").length;
    const issues = (await validateFlows(join(dir, "flows"), dir)).issues;
    expect(issues).toEqual([{ file: "flows/menu.yaml", line, message: expect.stringMatching(/step "id: menu".*change "id: menu_utama" back to "id: menu"/) }]);
  });

  it("the menu's which-permit question renamed everywhere in the file (which_permit -> pilih_izin) is refused likewise: the code goes to it by its id", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-flows-"));
    dirs.push(dir);
    cpSync("flows", join(dir, "flows"), { recursive: true });
    const file = join(dir, "flows/menu.yaml");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace("  - id: which_permit\n", "  - id: pilih_izin\n").replace(/next: which_permit\b/g, "next: pilih_izin"));
    const issues = (await validateFlows(join(dir, "flows"), dir)).issues;
    expect(issues).toEqual([{ file: "flows/menu.yaml", line: text.slice(0, text.indexOf("  - id: which_permit\n")).split("\n").length, message: expect.stringMatching(/"id: which_permit".*change "id: pilih_izin" back/) }]);
  });
});
