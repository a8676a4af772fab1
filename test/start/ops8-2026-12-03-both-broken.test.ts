import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLoket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { formatIssue, type FileIssue } from "../../src/errors.js";
import { edit } from "../support/clerk-copy.js";
import { startLoketProcess } from "../support/process.js";

/**
 * Held-out ops8 (2026-12-03), written before any change: a clerk broke a flow and a message file
 * at once. Start-up (`npm start`), the check (`npm run check`) and a reload each name both
 * folders' problems, each with its file:line, so one round of corrections is enough.
 */
const repo = process.cwd();
let root = "";
let flowLine = 0;
let messageLine = 0;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "loket-ops8-both-"));
  for (const d of ["knowledge", "flows", "messages"]) cpSync(join(repo, d), join(root, d), { recursive: true });
  // The project's code and packages, as they are: the copy is an office's working folder.
  for (const d of ["src", "node_modules", "package.json", "tsconfig.json"]) symlinkSync(join(repo, d), join(root, d));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const breakBoth = () => {
  flowLine = edit(join(root, "flows/apply.yaml"), "      - { id: hp, label: field.label.hp, kind: phone }\n", "      - { id: hp, label: field.label.hp, kind: telepon }\n");
  messageLine = edit(join(root, "messages/id/telegram.yaml"), `    petugas: "Bicara dengan petugas"\n`, `    petugas: "Bicara dengan petugas\n`);
};
const mendBoth = () => {
  edit(join(root, "flows/apply.yaml"), "kind: telepon }", "kind: phone }");
  edit(join(root, "messages/id/telegram.yaml"), `    petugas: "Bicara dengan petugas\n`, `    petugas: "Bicara dengan petugas"\n`);
};
/** Both problems named: the flow's at its line, the message file's at its own (a YAML error may be said a line or two below). */
function namesBoth(text: string): void {
  expect(text).toContain(`flows/apply.yaml:${flowLine}`);
  expect(text).toMatch(/messages\/id\/telegram\.yaml:\d+/);
  const at = Number(/messages\/id\/telegram\.yaml:(\d+)/.exec(text)![1]);
  expect(Math.abs(at - messageLine)).toBeLessThanOrEqual(3);
}

describe("ops8 held-out 2026-12-03: flows/ and messages/ both broken", () => {
  it("7. start-up (buildLoket) refuses with both folders' problems", async () => {
    breakBoth();
    try {
      const config = loadConfig({ DATA_DIR: join(root, "data-7"), LOG_LEVEL: "silent", KNOWLEDGE_DIR: join(root, "knowledge"), FLOWS_DIR: join(root, "flows") });
      const err = await buildLoket(config, { logger: pino({ level: "silent" }), sweepEveryMs: false, messagesDir: join(root, "messages") }).then(
        async (l) => (await l.close(), undefined),
        (e: unknown) => e as Error & { issues?: FileIssue[] },
      );
      expect(err).toBeDefined();
      namesBoth(`${err!.message}\n${(err!.issues ?? []).map(formatIssue).join("\n")}`);
    } finally {
      mendBoth();
    }
  });

  it("8. a reload lists both folders' problems, and the set in use stays", async () => {
    const config = loadConfig({ DATA_DIR: join(root, "data-8"), LOG_LEVEL: "silent", KNOWLEDGE_DIR: join(root, "knowledge"), FLOWS_DIR: join(root, "flows") });
    const loket = await buildLoket(config, { logger: pino({ level: "silent" }), sweepEveryMs: false, messagesDir: join(root, "messages") });
    try {
      const before = loket.knowledgeVersion();
      breakBoth();
      const answer = await loket.reloadKnowledge("test");
      expect(answer.instances[0]!.ok).toBe(false);
      namesBoth(answer.instances[0]!.problems.map(formatIssue).join("\n"));
      expect(loket.knowledgeVersion()).toBe(before);
    } finally {
      mendBoth();
      await loket.close();
    }
  });

  it("9. npm start (a real process) and npm run check both print both folders' problems", async () => {
    breakBoth();
    try {
      const started = await startLoketProcess({ DATA_DIR: join(root, "data-9") }, undefined, ["--import", "tsx", "src/main.ts"], root).then(
        async (p) => (await p.kill(), "started"),
        (e: Error) => e.message,
      );
      namesBoth(started);
      const check = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/check.ts"], { cwd: root, env: { ...process.env, FLOWS_DIR: "flows", KNOWLEDGE_DIR: "knowledge" } }).then(
        (r) => r.stdout,
        (e: { stdout: string }) => e.stdout,
      );
      namesBoth(check);
    } finally {
      mendBoth();
    }
  }, 60_000);
});
