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

/** The 1-based line of a dotted messages key ("status.not_found") in a messages YAML file. */
export function lineOfKey(path: string, key: string): number {
  const lines = readFileSync(path, "utf8").split("\n");
  let from = 0;
  let indent = 0;
  for (const part of key.split(".")) {
    const at = lines.findIndex((l, i) => i >= from && l.startsWith(" ".repeat(indent) + part + ":"));
    if (at < 0) throw new Error(`${key} not in ${path}`);
    from = at + 1;
    indent += 2;
  }
  return from;
}
