import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, expect } from "vitest";
import { createTestLoket, type TestLoket } from "./loket.js";

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

/**
 * Replaces `from` (which must occur) in `path` under `root` (a copy of the project's folders);
 * returns the 1-based line of `marker` (by default what was written, trimmed) afterwards.
 */
export async function editInCopy(root: string, path: string, from: string, to: string, marker = to.trim()): Promise<number> {
  const f = join(root, path);
  const text = readFileSync(f, "utf8");
  expect(text.includes(from), `"${from}" not in ${path}`).toBe(true);
  const next = text.replace(from, to);
  writeFileSync(f, next);
  return next.slice(0, next.indexOf(marker)).split("\n").length;
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

/**
 * Test Lokets (SQLite) on copies of knowledge/ and flows/, for a clerk's edits between restarts:
 * `loketOnCopies()` starts one; each is closed and its copies removed after each test of the file
 * that calls `clerkLokets()`.
 */
export function clerkLokets(prefix = "loket-clerk-"): { loketOnCopies(): Promise<{ t: TestLoket; dir: string }> } {
  const open: { t: TestLoket; dir: string }[] = [];
  afterEach(async () => {
    for (const { t, dir } of open.splice(0)) {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return {
    async loketOnCopies() {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      for (const d of ["knowledge", "flows"]) cpSync(d, join(dir, d), { recursive: true });
      const t = await createTestLoket({ store: "sqlite", env: { KNOWLEDGE_DIR: join(dir, "knowledge"), FLOWS_DIR: join(dir, "flows") } });
      open.push({ t, dir });
      return { t, dir };
    },
  };
}

/** Replaces every `from` (which must occur) in a file. */
export function replaceAll(path: string, from: string, to: string): void {
  const text = readFileSync(path, "utf8");
  if (!text.includes(from)) throw new Error(`"${from}" not in ${path}`);
  writeFileSync(path, text.split(from).join(to));
}

/**
 * Whole project copies for a clerk's edits run through the real CLI or start-up: package.json,
 * knowledge/, flows/ and messages/ copied, src/ and node_modules/ linked. `projectCopy` makes one;
 * all are removed after the file's tests.
 */
export function projectCopies(prefix = "loket-project-"): { projectCopy(): string } {
  const repo = process.cwd();
  const root = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  return {
    projectCopy() {
      const dir = join(root, `project-${++n}`);
      cpSync(join(repo, "package.json"), join(dir, "package.json"));
      for (const d of ["src", "node_modules"]) symlinkSync(join(repo, d), join(dir, d));
      for (const d of ["knowledge", "flows", "messages"]) cpSync(join(repo, d), join(dir, d), { recursive: true });
      return dir;
    },
  };
}
