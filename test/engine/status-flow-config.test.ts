// The status check's flow is the one flows/patterns.yaml's `check_status` intent goes to, whatever
// its name: a clerk may rename flows/status.yaml (flow "lacak", questions "nomor_registrasi" and
// "empat_digit"). A configuration that cannot work is refused at its file and line, saying what to do.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkMessages, validateFlows } from "../../src/engine/flows/load.js";
import { formatIssue } from "../../src/errors.js";
import { loadMessages } from "../../src/text/messages.js";
import { renamedStatusFlows } from "../support/renamed-status.js";
import { edit, lineIn, lines } from "../support/flow-files.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "loket-statusflow-"));
  dirs.push(dir);
  return dir;
};


describe("the status check's flow, as a clerk may rename it", () => {
  it("flows/status.yaml renamed to lacak.yaml (other ids, other field names) loads, with its texts and placeholders, and no status.yaml", async () => {
    const dir = renamedStatusFlows(tmp());
    const { flows, issues } = await validateFlows(dir);
    expect(issues.map(formatIssue)).toEqual([]);
    expect(flows!.byId.has("status")).toBe(false);
    expect(flows!.byId.has("lacak")).toBe(true);
    const found = checkMessages(flows!, await loadMessages("messages"), [], dir).filter((i) => !i.warning);
    expect(found.map(formatIssue)).toEqual([]);
  });

  it("a copy left beside the renamed flow (two flows checking statuses) is refused at its check, naming patterns.yaml's line", async () => {
    const dir = renamedStatusFlows(tmp());
    cpSync("flows/status.yaml", join(dir, "status.yaml"));
    const check = lineIn(dir, "status.yaml", "action: check_status");
    const intent = lineIn(dir, "patterns.yaml", "check_status: { flow: lacak }");
    expect(await lines(dir)).toEqual([
      {
        file: "status.yaml",
        line: check,
        message:
          `flow "status" checks an application's status (step "check"), but ${relative(process.cwd(), join(dir, "patterns.yaml"))} line ${intent} sends "check_status" to flow "lacak": ` +
          `citizens would get one check or the other depending on how they ask. Keep one status check: delete this flow's file (and start "lacak" where "status" was started), or write "check_status: { flow: status }" in ${relative(process.cwd(), join(dir, "patterns.yaml"))}`,
      },
    ]);
  });

  it("a check_status action in a flow without a reads: registration_number question is refused at the action's line", async () => {
    const dir = renamedStatusFlows(tmp());
    edit(dir, "lacak.yaml", "    reads: registration_number\n", "");
    const check = lineIn(dir, "lacak.yaml", "action: check_status");
    expect(await lines(dir)).toEqual([
      {
        file: "lacak.yaml",
        line: check,
        message:
          'step "cek": "action: check_status" looks an application up by its registration number, but no question of flow "lacak" has "reads: registration_number"; add that line to the question asking the number (as in the status flow as shipped), or remove this step',
      },
    ]);
  });

  it("check_status sent to a flow that checks nothing, or no check_status intent at all, is refused in patterns.yaml", async () => {
    const wrong = renamedStatusFlows(tmp());
    const at = edit(wrong, "patterns.yaml", "check_status: { flow: lacak }", "check_status: { flow: menu }");
    const issues = await lines(wrong);
    expect(issues).toContainEqual({
      file: "patterns.yaml",
      line: at,
      message: 'intent "check_status" goes to flow "menu", which has no step "action: check_status": "cek status" would never look an application up; name the status check\'s flow here (flows/status.yaml as shipped)',
    });
    // lacak.yaml, still checking, is named as the second status check.
    expect(issues.filter((i) => i.file === "lacak.yaml").map((i) => i.message)).toEqual([expect.stringMatching(/^flow "lacak" checks an application's status .* sends "check_status" to flow "menu"/)]);

    const none = renamedStatusFlows(tmp());
    edit(none, "patterns.yaml", "  check_status: { flow: lacak }\n", "");
    const intents = lineIn(none, "patterns.yaml", "intents:");
    expect(await lines(none)).toEqual([
      { file: "patterns.yaml", line: intents, message: 'intents need "check_status" (the flow that answers "where is my application?", e.g. check_status: { flow: status })' },
    ]);
  });
});
