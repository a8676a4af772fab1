import { relative } from "node:path";
import { loadConfig } from "../config.js";
import { applicationFields, checkMessages, validateFlows } from "../engine/flows/load.js";
import { formatIssue, FileValidationError, LoketError, unreadableFileHint, type FileIssue } from "../errors.js";
import { permitFieldClashes, validateKnowledge } from "../knowledge/load.js";
import { commentWarnings } from "../text/comments.js";
import { languageFolderIssues, loadMessages } from "../text/messages.js";

/**
 * `npm run check`: validates knowledge/, flows/ and messages/ the way start-up does and prints
 * every problem as `file:line: what is wrong`. Exit code 1 when anything is wrong.
 */
async function check(): Promise<number> {
  const config = loadConfig();
  const issues: FileIssue[] = [];
  const knowledge = await validateKnowledge(config.KNOWLEDGE_DIR);
  issues.push(...knowledge.issues);
  const flows = await validateFlows(config.FLOWS_DIR);
  issues.push(...flows.issues);
  // A permit's own question with the id of one the application flow asks everyone: one answer would replace the other.
  if (knowledge.kb && flows.flows) issues.push(...permitFieldClashes(knowledge.kb.permits, applicationFields(flows.flows, relative(process.cwd(), config.FLOWS_DIR))));
  try {
    const messages = await loadMessages("messages");
    const permitFields = (knowledge.kb?.permits ?? []).flatMap((p) => p.form.map((f) => f.id));
    if (flows.flows) issues.push(...checkMessages(flows.flows, messages, permitFields, relative(process.cwd(), config.FLOWS_DIR)));
    if (knowledge.kb) issues.push(...(await languageFolderIssues(messages.keys(), Object.keys(knowledge.kb.language?.languages ?? {}), "messages", relative(process.cwd(), config.KNOWLEDGE_DIR))));
  } catch (err) {
    if (err instanceof FileValidationError) issues.push(...err.issues);
    else throw err;
  }
  // Texts a " #" cuts short: warnings (the comment may be meant), as at start-up.
  issues.push(...(await commentWarnings({ knowledge: config.KNOWLEDGE_DIR, flows: config.FLOWS_DIR, messages: "messages" })));
  for (const i of issues) console.log(formatIssue(i));
  // Warnings (an English message missing: the Indonesian one is said; a text a comment may cut) do not fail the check.
  const problems = issues.filter((i) => !i.warning).length;
  const warnings = issues.length - problems;
  if (problems) {
    console.log(`\n${problems} problem(s)${warnings ? ` and ${warnings} warning(s)` : ""}. Fix them and run "npm run check" again.`);
    return 1;
  }
  const complete = warnings ? `messages complete; ${warnings} warning(s) above` : "messages complete";
  console.log(`${warnings ? "\n" : ""}OK: ${knowledge.kb?.permits.length ?? 0} permits, ${flows.flows?.byId.size ?? 0} flows, ${complete}.`);
  return 0;
}

check().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // A bad environment variable (the check reads the configuration as start-up does): its one
    // line, as start-up prints it, not a stack.
    if (err instanceof LoketError) {
      console.error(`${err.message}\n\nFix it and run "npm run check" again.`);
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
