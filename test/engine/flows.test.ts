import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkFlowMessages, loadFlows, validateFlows } from "../../src/engine/flows/load.js";
import { FileValidationError, formatIssue } from "../../src/errors.js";
import { loadMessages } from "../../src/text/messages.js";
import { lineOfKey } from "../support/clerk-copy.js";
import { edit, lineIn, lines } from "../support/flow-files.js";

/** A copy of the real flows/ to break one file at a time. */
const dirs: string[] = [];
function copyFlows(): string {
  const dir = mkdtempSync(join(tmpdir(), "loket-flows-"));
  cpSync("flows", dir, { recursive: true });
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});


describe("flow files", () => {
  it("the real flows load, and every messages key they and the engine use exists", async () => {
    const { flows, issues } = await validateFlows("flows");
    expect(issues.map(formatIssue)).toEqual([]);
    expect([...flows!.byId.keys()].sort()).toEqual(["apply", "complaint", "correction", "delete_data", "handoff", "leave_form", "menu", "notify", "offer_human", "privacy", "staff_only", "status", "survey"]);
    const messages = await loadMessages("messages");
    expect(checkFlowMessages(flows!, messages.get("id")!).map(formatIssue)).toEqual([]);
    // English has every key citizens read (none falls back to Indonesian): test/text/message-keys.test.ts.
  });

  it("an unknown step type is reported at its line", async () => {
    const dir = copyFlows();
    const line = edit(dir, "status.yaml", "type: action", "type: actoin");
    const issues = await lines(dir);
    expect(issues).toContainEqual(expect.objectContaining({ file: "status.yaml", line: line }));
    expect(issues.find((i) => i.file === "status.yaml")!.message).toMatch(/step type|type/);
  });

  it("a misspelt key names the key and its line", async () => {
    const dir = copyFlows();
    const line = edit(dir, "status.yaml", "prompt: status.ask_last4", "promt: status.ask_last4");
    const issues = await lines(dir);
    expect(issues).toContainEqual({ file: "status.yaml", line, message: 'step "last4": unknown key "promt" — did you mean "prompt"?' });
    // Since ops3 the misspelt key is the one line said: "prompt" is not said missing apart.
    expect(issues.some((i) => /"prompt" is missing/.test(i.message))).toBe(false);
    // The broken flow is reported once, not echoed by every flow that starts it.
    expect(issues.filter((i) => i.file !== "status.yaml")).toEqual([]);
  });

  it("schema mistakes are said in a clerk's words at their line, naming the step and field by id", async () => {
    const dir = copyFlows();
    const when = edit(dir, "menu.yaml", "when: can_apply }", "when: can_aply }");
    const required = edit(dir, "apply.yaml", "{ id: nik, label: field.label.nik, kind: nik }", '{ id: nik, label: field.label.nik, kind: nik, required: "false" }');
    const type = edit(dir, "status.yaml", "    type: action", "    type: actoin");
    const block = edit(dir, "status.yaml", "    upper: true", '    upper: "ya"');
    const max = edit(dir, "patterns.yaml", "max_failures: 3", 'max_failures: "3"');
    writeFileSync(join(dir, "survey.yaml"), "");
    expect(await lines(dir)).toEqual([
      { file: "apply.yaml", line: required, message: 'step "data", field "nik": required must be true or false without quotes: write required: false' },
      { file: "menu.yaml", line: when, message: 'step "followup", option "apply": when must be can_apply (the only value it takes), not "can_aply"; did you mean "can_apply"?' },
      { file: "patterns.yaml", line: max, message: 'max_failures must be a number (without quotes), not "3" in quotes (quotes make it text)' },
      {
        file: "status.yaml",
        line: type,
        message: 'step "mine": "actoin" is not a step type; did you mean "action"? (step types: say, ask, choose, choose_permit, answer, branch, form, uploads, confirm, action, end)',
      },
      { file: "status.yaml", line: block, message: 'step "number": upper must be true or false (without quotes), not "ya"' },
      { file: "survey.yaml", line: 1, message: 'the file is empty: a flow file starts with "id:" (its name), "description:" and "steps:" (see flows/status.yaml)' },
    ]);
  });

  it("a survey rating's `scale.stop` to a step that does not exist points at its line", async () => {
    const dir = copyFlows();
    const line = edit(dir, "survey.yaml", "stop: stopped }", "stop: stoped }");
    expect(await lines(dir)).toContainEqual({ file: "survey.yaml", line, message: expect.stringContaining('"stoped" is not a step of flow "survey"') });
  });

  it("a `next` to a step that does not exist points at the `next`", async () => {
    const dir = copyFlows();
    const line = edit(dir, "delete_data.yaml", "next: erase", "next: erase_all");
    const issues = await lines(dir);
    expect(issues).toContainEqual({ file: "delete_data.yaml", line, message: expect.stringContaining('"erase_all" is not a step of flow "delete_data"') });
  });

  it("a `start` of an unknown flow, a duplicate step id, and a flow id that differs from its file name", async () => {
    const dir = copyFlows();
    const startLine = edit(dir, "offer_human.yaml", "start: handoff", "start: handof");
    const dupLine = edit(dir, "delete_data.yaml", "id: kept", "id: done");
    const idLine = edit(dir, "correction.yaml", "id: correction", "id: corrections");
    const issues = await lines(dir);
    expect(issues).toContainEqual({ file: "offer_human.yaml", line: startLine, message: 'there is no flow "handof"' });
    expect(issues).toContainEqual({ file: "delete_data.yaml", line: dupLine, message: 'step id "done" is used twice' });
    expect(issues).toContainEqual(expect.objectContaining({ file: "correction.yaml", line: idLine, message: expect.stringContaining("must match the file name") }));
  });

  it("a YAML syntax error gives its line; a missing required flow is named", async () => {
    const dir = copyFlows();
    const line = edit(dir, "survey.yaml", "  - id: u2\n", "  - id: u2\n   type: [oops\n");
    rmSync(join(dir, "handoff.yaml"));
    const issues = await lines(dir);
    const syntax = issues.find((i) => i.file === "survey.yaml");
    expect(syntax?.line).toBeGreaterThanOrEqual(line);
    expect(syntax!.line).toBeLessThanOrEqual(line + 2);
    expect(issues).toContainEqual(expect.objectContaining({ file: "handoff.yaml", message: expect.stringContaining('"handoff" is required') }));
  });

  it("patterns.yaml: an intent to an unknown flow points at the intent; a missing repair word list is named", async () => {
    const dir = copyFlows();
    const line = edit(dir, "patterns.yaml", "check_status: { flow: status }", "check_status: { flow: statuss }");
    let issues = await lines(dir);
    expect(issues).toContainEqual({ file: "patterns.yaml", line, message: 'intent "check_status" goes to unknown flow "statuss"' });
    edit(dir, "patterns.yaml", "  help: [bantuan, help, tolong, bingung, panduan]\n", "");
    issues = await lines(dir);
    expect(issues.some((i) => i.file === "patterns.yaml" && /help/.test(i.message))).toBe(true);
  });

  it("patterns.yaml: a word in two lists the engine reads one way only is refused, naming both lines", async () => {
    const dir = copyFlows();
    // "ya" as a no: answering "ya" to the consent question would decline it.
    const no = edit(dir, "patterns.yaml", "  no: [tidak,", "  no: [Ya!, tidak,");
    const yes = lineIn(dir, "patterns.yaml", "  yes: [");
    let issues = await lines(dir);
    expect(issues).toEqual([
      {
        file: "patterns.yaml",
        line: no,
        message: `"Ya!" (read as "ya") is in both repair.yes (line ${yes}) and repair.no (line ${no}): Loket reads a word one way only, so one of the two would be lost (a citizen typing "Ya!" could get the opposite of what they meant); remove it from one of the lists`,
      },
    ]);
    // Cancel and skip, a filler word that is a no, a command that is a repair word.
    const dir2 = copyFlows();
    const skip = edit(dir2, "patterns.yaml", "  skip: [lewati,", "  skip: [batal, lewati,");
    const filler = edit(dir2, "patterns.yaml", "filler: [saya,", "filler: [gak, saya,");
    const command = edit(dir2, "patterns.yaml", "  delete_data: [hapus data saya,", "  delete_data: [menu utama, hapus data saya,");
    issues = await lines(dir2);
    expect(issues.map((i) => `${i.line}: ${i.message.split(":")[0]}`)).toEqual([
      `${skip}: "batal" is in both repair.cancel (line 4) and repair.skip (line ${skip})`,
      `${command}: "menu utama" is in both repair.menu (line 7) and commands.delete_data (line ${command})`,
      `${filler}: "gak" is in both repair.no (line ${lineIn(dir2, "patterns.yaml", "  no: [")}) and filler (line ${filler})`,
    ]);
    // Lists that share words on purpose: "nanti" both skips an optional document and waits for a required one.
    expect((await lines("flows")).filter((i) => i.file === "patterns.yaml")).toEqual([]);
  });

  it("the application flow must ask the mobile number, required: the status check needs its last 4 digits", async () => {
    const dir = copyFlows();
    const hp = "      - { id: hp, label: field.label.hp, kind: phone }\n";
    edit(dir, "apply.yaml", hp, "");
    const fields = readFileSync(join(dir, "apply.yaml"), "utf8").split("\n").indexOf("    fields:") + 1;
    expect(await lines(dir)).toEqual([
      {
        file: "apply.yaml",
        line: fields,
        message:
          'flow "apply" submits an application (step "submit") but asks no mobile number: the status check finds an application only by its registration number and the last 4 digits of this number (the receipt tells the citizen so), and staff call the applicant back on it. Add to the form\'s fields: - { id: hp, label: field.label.hp, kind: phone }',
      },
    ]);
    const optional = copyFlows();
    const line = edit(optional, "apply.yaml", "{ id: hp, label: field.label.hp, kind: phone }", "{ id: hp, label: field.label.hp, kind: phone, required: false }");
    expect(await lines(optional)).toEqual([
      expect.objectContaining({ file: "apply.yaml", line, message: expect.stringMatching(/^the mobile number "hp" must be required \(remove "required: false"\): the status check finds/) }),
    ]);
  });

  it("own_applications on a question: a misspelt value, an offer without the action that finds the applications, a skip without an offer, each at its line", async () => {
    const dir = copyFlows();
    const value = edit(dir, "status.yaml", "own_applications: skip", "own_applications: skpi");
    expect(await lines(dir)).toEqual([expect.objectContaining({ file: "status.yaml", line: value, message: expect.stringMatching(/step "last4": own_applications must be one of offer, skip.*"skpi"/) })]);

    const other = copyFlows();
    edit(other, "status.yaml", "    action: own_applications\n", "    action: check_status\n");
    const offer = lineIn(other, "status.yaml", "own_applications: offer");
    const skipDir = copyFlows();
    const offerGone = edit(skipDir, "status.yaml", "    own_applications: offer\n", "");
    const skip = lineIn(skipDir, "status.yaml", "own_applications: skip");
    expect(offerGone).toBeGreaterThan(1);
    expect(await lines(other)).toEqual([
      {
        file: "status.yaml",
        line: offer,
        message: 'step "number": "own_applications: offer" needs a step "type: action" with "action: own_applications" before it (it finds this conversation\'s applications); add one, or remove the line',
      },
    ]);
    expect(await lines(skipDir)).toEqual([
      {
        file: "status.yaml",
        line: skip,
        message: 'step "last4": "own_applications: skip" skips this question for a number of this conversation\'s applications, but no question before it has "own_applications: offer" (the registration number\'s); put that line on the number\'s question, or remove this one',
      },
    ]);
  });

  it("reads on a question: a misspelt value, one on a question that is not text, the same value twice, each at its line", async () => {
    const dir = copyFlows();
    const value = edit(dir, "status.yaml", "reads: phone_last4", "reads: phone_last_4");
    expect(await lines(dir)).toEqual([
      expect.objectContaining({ file: "status.yaml", line: value, message: expect.stringMatching(/step "last4": reads must be one of registration_number, phone_last4.*"phone_last_4"/) }),
    ]);

    const kind = copyFlows();
    const number = lineIn(kind, "status.yaml", "reads: registration_number");
    edit(kind, "status.yaml", "    field: number\n    kind: text\n", "    field: number\n    kind: number\n");
    const twice = copyFlows();
    const second = edit(twice, "status.yaml", "reads: phone_last4", "reads: registration_number");
    expect(await lines(kind)).toEqual([
      {
        file: "status.yaml",
        line: number,
        message: 'step "number": "reads: registration_number" reads the number out of a sentence, so the question must be "kind: text" (not "number"); change the kind, or remove the line',
      },
    ]);
    expect(await lines(twice)).toEqual([
      {
        file: "status.yaml",
        line: second,
        message: 'step "last4": "reads: registration_number" is already on step "number"; one question of a flow reads it, remove the line here',
      },
    ]);
  });

  it("a messages key a flow uses but nobody wrote is reported at the flow's line", async () => {
    const dir = copyFlows();
    const line = edit(dir, "status.yaml", "text: status.not_found", "text: status.not_fund");
    const { flows, issues } = await validateFlows(dir);
    expect(issues).toEqual([]);
    const messages = await loadMessages("messages");
    const found = checkFlowMessages(flows!, messages.get("id")!, dir);
    expect(found).toEqual([
      {
        file: join(dir, "status.yaml"),
        line,
        message: `messages key "status.not_fund" is not in messages/id/*.yaml; did you mean "status.not_found" (messages/id/conversation.yaml:${lineOfKey("messages/id/conversation.yaml", "status.not_found")})? Correct the spelling in the flow or in the messages file`,
      },
    ]);
  });

  it("loadFlows refuses a broken directory with FLOW_INVALID and every problem as file:line", async () => {
    const dir = copyFlows();
    edit(dir, "status.yaml", "type: action", "type: actoin");
    edit(dir, "delete_data.yaml", "next: erase", "next: erase_all");
    const err = await loadFlows(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileValidationError);
    expect((err as FileValidationError).code).toBe("FLOW_INVALID");
    expect((err as FileValidationError).message).toMatch(/status\.yaml:\d+: /);
    expect((err as FileValidationError).message).toMatch(/delete_data\.yaml:\d+: /);
  });
});
