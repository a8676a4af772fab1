import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { edit, projectCopies } from "../support/clerk-copy.js";
import { freePort } from "../support/process.js";

/**
 * Held-out ops10 (2026-12-03), written before the change: a clerk checks her edits with `npm run
 * check` (or tries them with `npm run chat`) and must read the same one-line answers start-up
 * gives for every refusal that concerns her files (ops9: a KNOWLEDGE_DIR or FLOWS_DIR that is
 * missing, a file, or unreadable is refused naming the variable), and both ways: a check that
 * passes means start passes on the same files, a check that fails means start is refused. Each
 * command runs as the clerk runs it (its TypeScript through tsx, in a copy of the project).
 */
const { projectCopy } = projectCopies("loket-ops10-check-");

interface Run {
  code: number | null;
  out: string;
}

/** Runs `entry` in `cwd` with `env`; `ready`: stop it once it says Loket is ready (start-up). */
async function run(cwd: string, entry: string, env: Record<string, string>, opts: { asUser?: number; input?: string; ready?: boolean } = {}): Promise<Run> {
  const port = await freePort();
  const data = join(cwd, `data-${port}`);
  mkdirSync(data, { recursive: true });
  if (opts.asUser !== undefined) chmodSync(data, 0o777);
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd,
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "info", DATA_DIR: data, ...(opts.asUser !== undefined ? { HOME: data } : {}), ...env },
    stdio: ["pipe", "pipe", "pipe"],
    ...(opts.asUser !== undefined ? { uid: opts.asUser, gid: opts.asUser } : {}),
  });
  let out = "";
  const keep = (d: Buffer) => {
    out += d.toString();
    if (opts.ready && /Loket is ready/.test(out)) child.kill("SIGTERM");
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  child.stdin!.end(opts.input ?? "");
  const code = await new Promise<number | null>((r) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.once("exit", (c) => (clearTimeout(timer), r(c)));
  });
  return { code, out };
}
const check = (cwd: string, env: Record<string, string> = {}, asUser?: number) => run(cwd, "src/cli/check.ts", env, asUser !== undefined ? { asUser } : {});
const start = (cwd: string, env: Record<string, string> = {}, asUser?: number) => run(cwd, "src/main.ts", env, { ready: true, ...(asUser !== undefined ? { asUser } : {}) });
const chat = (cwd: string, env: Record<string, string> = {}) => run(cwd, "src/channels/console/chat.ts", env, { input: "/keluar\n" });
const started = (r: Run) => /Loket is ready/.test(r.out);
/** Start-up's refusal lines, without "Loket cannot start (CODE): ". */
const refusals = (r: Run) => r.out.split("\n").filter((l) => l.startsWith("Loket cannot start")).map((l) => l.replace(/^Loket cannot start \([A-Z_, ]+\):\s*/, ""));
/** The check (or chat) says start-up's one line for the folder, as a line of its own. */
function saysSameLine(r: Run, startLine: string) {
  expect(r.code, r.out).toBe(1);
  const own = r.out.split("\n").map((l) => l.replace(/^Loket cannot start \([A-Z_, ]+\):\s*/, ""));
  expect(own, r.out).toContain(startLine);
}
const asNobody = process.getuid?.() === 0 ? 65534 : undefined;

describe("ops10 held-out 2026-12-03: npm run check and npm run chat refuse a wrong folder as start-up does", () => {
  it("1. KNOWLEDGE_DIR naming a folder that is missing: the check prints start-up's one line", async () => {
    const p = projectCopy();
    const env = { KNOWLEDGE_DIR: join(p, "pengetahuan") };
    const s = await start(p, env);
    expect(started(s)).toBe(false);
    const [line] = refusals(s);
    expect(line).toMatch(/^KNOWLEDGE_DIR=/);
    saysSameLine(await check(p, env), line!);
  }, 120_000);

  it("2. FLOWS_DIR naming a file: the check prints start-up's one line", async () => {
    const p = projectCopy();
    writeFileSync(join(p, "alur.zip"), "PK");
    const env = { FLOWS_DIR: join(p, "alur.zip") };
    const s = await start(p, env);
    const [line] = refusals(s);
    expect(line).toMatch(/^FLOWS_DIR=.*not a folder/);
    saysSameLine(await check(p, env), line!);
  }, 120_000);

  it.runIf(asNobody !== undefined)("3. a KNOWLEDGE_DIR the user may not read: the check (as that user) prints start-up's one line", async () => {
    const p = projectCopy();
    chmodSync(dirname(p), 0o755);
    chmodSync(p, 0o755);
    chmodSync(join(p, "knowledge"), 0o700);
    const s = await start(p, {}, asNobody);
    const [line] = refusals(s);
    expect(line, s.out).toMatch(/^KNOWLEDGE_DIR .*may not read/);
    saysSameLine(await check(p, {}, asNobody), line!);
  }, 120_000);

  it("4. npm run chat with a FLOWS_DIR that is missing: start-up's one line", async () => {
    const p = projectCopy();
    const env = { FLOWS_DIR: join(p, "flows-baru") };
    const [line] = refusals(await start(p, env));
    expect(line).toMatch(/^FLOWS_DIR=/);
    const c = await chat(p, env);
    saysSameLine(c, line!);
    expect(c.out.split("\n").filter((l) => l.trim())).toHaveLength(1);
  }, 120_000);

  it("5. both ways on the shipped files and on a clerk's good edit: the check passes and start-up is ready", async () => {
    const p = projectCopy();
    edit(join(p, "knowledge/permits/sppl.md"), "validity: Masa berlaku SPPL belum kami dapatkan datanya; petugas akan mengonfirmasi.", "validity: SPPL berlaku selama kegiatan usaha tidak berubah.");
    const c = await check(p);
    expect(c.code, c.out).toBe(0);
    expect(started(await start(p))).toBe(true);
  }, 120_000);

  it("6. both ways on a broken YAML line: the check fails and start-up is refused, both with the same file:line", async () => {
    const p = projectCopy();
    edit(join(p, "knowledge/permits/sppl.md"), "validity: Masa berlaku SPPL", "validity: [Masa berlaku SPPL");
    const c = await check(p);
    expect(c.code).toBe(1);
    const said = /knowledge\/permits\/sppl\.md:\d+: [^\n]*/.exec(c.out)?.[0];
    expect(said, c.out).toBeDefined();
    const s = await start(p);
    expect(started(s), s.out).toBe(false);
    expect(s.out).toContain(said!);
  }, 120_000);
});
