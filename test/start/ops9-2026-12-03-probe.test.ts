import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { freePort } from "../support/process.js";
import { startRefusals } from "../support/start-refusal.js";

/**
 * Probe set of ops9 (2026-12-03), written after the fix of ops9-2026-12-03-wrong-values and not
 * tuned on: other wrong values an operator makes, each one line per variable and a non-zero exit.
 */
const { dir, run, lines, refusedInOneLine } = startRefusals("loket-ops9-probe-");

describe("probe: other wrong values", () => {
  it("RETENTION_DAYS=0", async () => {
    refusedInOneLine(await run({ RETENTION_DAYS: "0" }), /RETENTION_DAYS="0"/, /at least 1/);
  });

  it("Loket started from another folder: the default knowledge and flows folders are not there", async () => {
    const elsewhere = mkdtempSync(join(dir, "elsewhere-"));
    const port = await freePort();
    // tsx from the project (an import is resolved from the folder a process starts in).
    const tsx = pathToFileURL(join(process.cwd(), "node_modules/tsx/dist/loader.mjs")).href;
    const child = spawn(process.execPath, ["--import", tsx, join(process.cwd(), "src/main.ts")], {
      cwd: elsewhere,
      env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), DATA_DIR: join(elsewhere, "data"), KNOWLEDGE_DIR: "", FLOWS_DIR: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 25_000);
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    clearTimeout(timer);
    expect(code, stderr).toBe(1);
    const said = lines(stderr);
    expect(said.length, stderr).toBeGreaterThanOrEqual(1);
    for (const l of said) expect(l).toMatch(/^Loket cannot start \(CONFIG_INVALID\): (KNOWLEDGE_DIR|FLOWS_DIR) \(unset: .*project folder/);
  });

  it("a REDIS_URL whose host does not resolve", async () => {
    const r = await run({ REDIS_URL: "redis://redis-kantor.invalid:6379" }, { waitMs: 40_000 });
    refusedInOneLine(r, /REDIS_URL=redis:\/\/redis-kantor\.invalid:6379/, /ENOTFOUND|EAI_AGAIN/);
  }, 60_000);

  it("a REDIS_URL whose password Redis refuses: one line, the password never printed", async () => {
    const { Redis } = await import("ioredis");
    const { testRedisUrl } = await import("../support/redis.js");
    const admin = new Redis(testRedisUrl());
    const user = `loket-ops9-${process.pid}`;
    await admin.call("ACL", "SETUSER", user, "on", ">sandi-benar-123", "~*", "&*", "+@all");
    try {
      const url = new URL(testRedisUrl());
      url.username = user;
      url.password = "sandi-keliru-456";
      const r = await run({ REDIS_URL: url.toString() }, { waitMs: 40_000 });
      refusedInOneLine(r, /REDIS_URL=redis:\/\/\*\*\*@/, /WRONGPASS|password/);
      expect(r.stderr + r.stdout).not.toContain("sandi-keliru-456");
    } finally {
      await admin.call("ACL", "DELUSER", user);
      admin.disconnect();
    }
  }, 60_000);

  it("a TELEGRAM_API_ROOT ending in /", async () => {
    refusedInOneLine(await run({ TELEGRAM_BOT_TOKEN: "123456:ABC-def", TELEGRAM_API_ROOT: "http://127.0.0.1:8081/" }), /TELEGRAM_API_ROOT=/, /must not end with '\/'/);
  });
});
