import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigSchema, loadConfig } from "../../src/config.js";

/**
 * README's configuration table, held against what the code reads (review of 2026-12-03, ops9): an
 * operator who knows only the README must find every variable Loket reads there, each with the
 * default Loket really takes. Fails when a variable is added to src/config.ts and not to the table
 * (or the reverse), when a default drifts, or when code reads the environment around loadConfig.
 */
const readme = readFileSync("README.md", "utf8");

/** The table's rows: names (a row may hold two, `A` / `B` or `A`, `B`), the default cell. */
function tableRows(): { names: string[]; byDefault: string }[] {
  const start = readme.indexOf("| variable | default | meaning |");
  expect(start, "README's configuration table").toBeGreaterThan(0);
  const rows: { names: string[]; byDefault: string }[] = [];
  for (const line of readme.slice(start).split("\n").slice(2)) {
    if (!line.startsWith("|")) break;
    const [nameCell, defaultCell] = line.split(" | ").map((c) => c.replace(/^\|\s*/, ""));
    const names = [...nameCell!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!);
    rows.push({ names, byDefault: defaultCell!.trim() });
  }
  return rows;
}

/** Every source file of the running program (src/, scripts/): the places an operator's setting could be read. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|mjs|js)$/.test(f) ? [p] : [];
  });
}

describe("README's configuration table against the code", () => {
  const rows = tableRows();
  const inTable = rows.flatMap((r) => r.names);
  const read = Object.keys(ConfigSchema.shape);

  it("lists every variable src/config.ts reads, and nothing it does not read", () => {
    expect([...inTable].sort()).toEqual([...read].sort());
    expect(new Set(inTable).size, "a variable in two rows").toBe(inTable.length);
  });

  it("states the default Loket takes when the variable is unset", () => {
    const defaults = loadConfig({}) as Record<string, unknown>;
    const shown = (v: unknown) => (v === undefined ? "unset" : v === false ? "0" : v === true ? "1" : Array.isArray(v) ? v.join(",") : String(v));
    const wrong: string[] = [];
    for (const row of rows) {
      // `10` / `1`: one default per name, in order.
      const cells = row.byDefault.split(" / ");
      row.names.forEach((name, i) => {
        const cell = (cells[i] ?? cells[0]!).trim();
        const code = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
        // Words for "nothing of Loket's own": unset, another's default (Telegram's), one from a file or the token.
        const said = /^(unset|Telegram's|from .*|derived from .*)$/.test(cell) ? "unset" : code.length ? code[0] : cell;
        if (said !== shown(defaults[name])) wrong.push(`${name}: README says ${cell}, Loket takes ${shown(defaults[name])}`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it("reads the environment only through src/config.ts (no variable the table could miss)", () => {
    const outside: string[] = [];
    for (const file of [...sources("src"), ...sources("scripts")]) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\benv(?:\?)?(?:\.([A-Z][A-Z0-9_]+)|\[["'`]([A-Z][A-Z0-9_]+)["'`]\])/g)) {
        const name = m[1] ?? m[2]!;
        if (!read.includes(name)) outside.push(`${file}: ${name}`);
      }
    }
    // npm's own (npm_lifecycle_event …) are lower case and not matched.
    expect(outside).toEqual([]);
  });

  it("names in the container files only variables of the table", () => {
    const compose = readFileSync("docker-compose.yml", "utf8");
    const composeNames = [...compose.matchAll(/^\s{6}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
    expect(composeNames.length).toBeGreaterThan(0);
    const docker = readFileSync("Dockerfile", "utf8");
    const envBlock = /^ENV ([\s\S]*?)\n(?!\s)/m.exec(docker)?.[1] ?? "";
    // NODE_ENV is for the packages (Node's convention), not a Loket setting.
    const dockerNames = [...envBlock.matchAll(/([A-Z][A-Z0-9_]+)=/g)].map((m) => m[1]!).filter((n) => n !== "NODE_ENV");
    expect(dockerNames.length).toBeGreaterThan(0);
    for (const n of [...composeNames, ...dockerNames]) expect(inTable, n).toContain(n);
  });
});
