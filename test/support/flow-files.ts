import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { validateFlows } from "../../src/engine/flows/load.js";

/** Replaces `from` (which must occur) in a flow file of `dir`; returns the 1-based line of the change. */
export function edit(dir: string, file: string, from: string, to: string): number {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`"${from}" not in ${file}`);
  writeFileSync(path, text.slice(0, at) + to + text.slice(at + from.length));
  return text.slice(0, at).split("\n").length;
}

/** The 1-based line of `text` (which must occur) in a flow file. */
export const lineIn = (dir: string, file: string, text: string): number => edit(dir, file, text, text);

/** The loader's issues for the flows in `dir`, each file named relative to `dir`. */
export const lines = async (dir: string) => (await validateFlows(dir)).issues.map((i) => ({ ...i, file: relative(dir, i.file.startsWith("/") ? i.file : join(process.cwd(), i.file)) }));
