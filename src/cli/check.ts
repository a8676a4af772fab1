import { checkFolders, loadConfig } from "../config.js";
import { formatIssue, LoketError, unreadableFileHint } from "../errors.js";
import { checkIssues } from "./check-issues.js";

/**
 * `npm run check`: validates knowledge/, flows/ and messages/ the way start-up does and prints
 * every problem as `file:line: what is wrong`. Exit code 1 when anything is wrong.
 */
async function check(): Promise<number> {
  const config = loadConfig();
  // A KNOWLEDGE_DIR or FLOWS_DIR start-up refuses (missing, a file, unreadable): its one line, naming the variable.
  checkFolders(config);
  const { issues, permits, flows } = await checkIssues({ knowledge: config.KNOWLEDGE_DIR, flows: config.FLOWS_DIR, messages: "messages" });
  for (const i of issues) console.log(formatIssue(i));
  // Warnings (an English message missing: the Indonesian one is said; a text a comment may cut) do not fail the check.
  const problems = issues.filter((i) => !i.warning).length;
  const warnings = issues.length - problems;
  if (problems) {
    console.log(`\n${problems} problem(s)${warnings ? ` and ${warnings} warning(s)` : ""}. Fix them and run "npm run check" again.`);
    return 1;
  }
  const complete = warnings ? `messages complete; ${warnings} warning(s) above` : "messages complete";
  console.log(`${warnings ? "\n" : ""}OK: ${permits} permits, ${flows} flows, ${complete}.`);
  return 0;
}

check().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // A bad environment variable (the check reads the configuration as start-up does): its one
    // line, as start-up prints it, not a stack.
    if (err instanceof LoketError) {
      // One line per wrong setting, as start-up says it (without its "Loket cannot start (CODE): ").
      const said = err.message.split("\n").filter((l) => l.trim() && l !== "Invalid configuration:").join("\n");
      console.error(`${said}\n\nFix it and run "npm run check" again.`);
      process.exit(1);
    }
    // A file the clerk's copy left unreadable to this user: named, as a problem of the check.
    const unreadable = unreadableFileHint(err);
    if (unreadable) {
      console.log(`${unreadable.replace(/^([^:]+):/, "$1:1:")}\n\n1 problem(s). Fix it and run "npm run check" again.`);
      process.exit(1);
    }
    console.error(err);
    process.exit(2);
  },
);
