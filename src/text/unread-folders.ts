import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import type { FileIssue } from "../errors.js";

/**
 * Folders Loket does not read: one inside flows/ (flows are the .yaml files directly in it) or
 * inside a language folder of messages/ (messages/id/arsip/): a clerk's backup, or files moved
 * there that she means to be used. A warning at each, saying where files that should count belong.
 */
export async function unreadFolders(messagesDir: string, flowsDir: string): Promise<FileIssue[]> {
  const folders = async (dir: string) => (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory() && !e.name.startsWith("."));
  const label = (p: string) => relative(process.cwd(), p) || p;
  const issues: FileIssue[] = [];
  for (const f of await folders(flowsDir)) {
    issues.push({
      file: `${label(join(flowsDir, f.name))}/`,
      line: 1,
      warning: true,
      message: `the folder ${f.name}/ is not read: Loket reads only the .yaml files directly in ${label(flowsDir)}/. A flow meant to be used goes in ${label(flowsDir)}/ itself; a backup belongs outside ${label(flowsDir)}/`,
    });
  }
  for (const lang of await folders(messagesDir)) {
    for (const f of await folders(join(messagesDir, lang.name))) {
      const langDir = label(join(messagesDir, lang.name));
      issues.push({
        file: `${langDir}/${f.name}/`,
        line: 1,
        warning: true,
        message: `the folder ${f.name}/ is not read: Loket reads only the .yaml files directly in ${langDir}/. Messages meant to be used go in ${langDir}/ itself; a backup belongs outside ${label(messagesDir)}/`,
      });
    }
  }
  return issues;
}
