import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";

/**
 * Copies of the shipped folders (messages/, flows/, …) to make a clerk's mistakes in: `copy`
 * makes one, removed after each test of the file that calls `clerkCopies()`.
 */
export function clerkCopies(): { copy(folder: string): string } {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    copy(folder) {
      const dir = mkdtempSync(join(tmpdir(), `loket-${folder}-`));
      cpSync(folder, dir, { recursive: true });
      dirs.push(dir);
      return dir;
    },
  };
}

/** Replaces `from` (which must occur) in a file; returns the 1-based line of the change. */
export function edit(path: string, from: string, to: string): number {
  const text = readFileSync(path, "utf8");
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`"${from}" not in ${path}`);
  writeFileSync(path, text.slice(0, at) + to + text.slice(at + from.length));
  return text.slice(0, at).split("\n").length;
}
