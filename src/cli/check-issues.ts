import { join, relative } from "node:path";
import { applicationFields, checkMessages, validateFlows } from "../engine/flows/load.js";
import { FileValidationError, type FileIssue } from "../errors.js";
import { permitFieldClashes, validateKnowledge } from "../knowledge/load.js";
import { commentWarnings } from "../text/comments.js";
import { languageFolderIssues, loadMessages } from "../text/messages.js";
import { unreadFolders } from "../text/unread-folders.js";

/** What `npm run check` found: every problem and warning, in the order it prints them. */
export interface CheckResult {
  issues: FileIssue[];
  permits: number;
  flows: number;
}

/**
 * Validates knowledge/, flows/ and messages/ the way start-up does (src/cli/check.ts prints the
 * result). `root`: the folder file names are said from (the office's copy, or a test's copy of it).
 */
export async function checkIssues(dirs: { knowledge: string; flows: string; messages: string }, root = process.cwd()): Promise<CheckResult> {
  const issues: FileIssue[] = [];
  const knowledge = await validateKnowledge(dirs.knowledge, { root });
  issues.push(...knowledge.issues);
  // A permit text without its English one: a warning where it is (Loket answers in Indonesian there).
  issues.push(...knowledge.warnings);
  const flows = await validateFlows(dirs.flows, root);
  issues.push(...flows.issues);
  const flowsName = relative(root, dirs.flows);
  // The flow checks read the flow files (for a problem's line) by the name they are given, from the
  // working directory: given that path, then named from `root` (the two are one when root is it).
  const flowsRead = relative(process.cwd(), dirs.flows) || ".";
  const fromRoot = (i: FileIssue): FileIssue =>
    flowsRead === flowsName ? i : { ...i, file: i.file.startsWith(`${flowsRead}/`) ? join(flowsName, i.file.slice(flowsRead.length + 1)) : i.file, message: i.message.split(`${flowsRead}/`).join(`${flowsName}/`) };
  // A permit's own question with the id of one the application flow asks everyone: one answer would replace the other.
  if (knowledge.kb && flows.flows) issues.push(...permitFieldClashes(knowledge.kb.permits, applicationFields(flows.flows, flowsRead)).map(fromRoot));
  try {
    const messages = await loadMessages(dirs.messages, root);
    const permitFields = (knowledge.kb?.permits ?? []).flatMap((p) => p.form.map((f) => f.id));
    if (flows.flows) issues.push(...checkMessages(flows.flows, messages, permitFields, flowsRead).map(fromRoot));
    if (knowledge.kb) issues.push(...(await languageFolderIssues(messages.keys(), Object.keys(knowledge.kb.language?.languages ?? {}), relative(root, dirs.messages), relative(root, dirs.knowledge))));
  } catch (err) {
    if (err instanceof FileValidationError) issues.push(...err.issues);
    else throw err;
  }
  // Folders inside flows/ or messages/<language>/ that are not read, as at start-up.
  issues.push(...(await unreadFolders(dirs.messages, dirs.flows)).map(fromRoot));
  // Texts a " #" cuts short: warnings (the comment may be meant), as at start-up.
  issues.push(...(await commentWarnings(dirs, root)));
  return { issues, permits: knowledge.kb?.permits.length ?? 0, flows: flows.flows?.byId.size ?? 0 };
}
