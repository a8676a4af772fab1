import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { checkIssues } from "../../src/cli/check-issues.js";
import type { FileIssue } from "../../src/errors.js";
import { editInCopy } from "./clerk-copy.js";

/** A copy of knowledge/, flows/ and messages/ for one test, and the clerk's check (`npm run check`) run on it. */
export interface ClerkFolders {
  /** The copy's root (it holds knowledge/, flows/ and messages/). */
  readonly dir: string;
  /** Replaces `from` (which must occur) in `path` under the copy; the 1-based line of `marker` (default: `to`, trimmed) afterwards. */
  edit(path: string, from: string, to: string, marker?: string): Promise<number>;
  /** Every problem the check finds in the copy, errors and warnings. */
  check(): Promise<FileIssue[]>;
  errors(): Promise<FileIssue[]>;
  warnings(): Promise<FileIssue[]>;
}

/**
 * Makes a fresh copy of the shipped folders before each test of the suite that calls it (at its top
 * level or in a describe block) and removes it after, for a clerk's mistakes to be made in.
 */
export function clerkFolders(prefix: string): ClerkFolders {
  let root = "";
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), prefix));
    for (const d of ["knowledge", "flows", "messages"]) cpSync(d, join(root, d), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const check = async (): Promise<FileIssue[]> =>
    (await checkIssues({ knowledge: join(root, "knowledge"), flows: join(root, "flows"), messages: join(root, "messages") }, root)).issues;
  return {
    get dir() {
      return root;
    },
    edit: async (path, from, to, marker) => editInCopy(root, path, from, to, marker),
    check,
    errors: async () => (await check()).filter((i) => !i.warning),
    warnings: async () => (await check()).filter((i) => i.warning),
  };
}
