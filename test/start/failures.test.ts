import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, startLoketProcess } from "../support/process.js";

/** A start-up that fails for a reason outside Loket says what to do in one line, not a stack. */
describe("start-up failures an operator can fix", () => {
  const dir = mkdtempSync(join(tmpdir(), "loket-fail-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const failure = (env: Record<string, string>, port?: number) =>
    startLoketProcess(env, port).then(
      async (p) => {
        await p.kill();
        return "started";
      },
      (err: Error) => err.message,
    );

  it("a port in use names PORT", async () => {
    const port = await freePort();
    const taken = createServer((s) => s.destroy()).listen(port, "127.0.0.1");
    try {
      const out = await failure({ DATA_DIR: join(dir, "a") }, port);
      expect(out).toMatch(new RegExp(`Loket cannot start: port ${port} is already in use \\(PORT\\)`));
      expect(out).not.toMatch(/\n\s+at /); // no stack
    } finally {
      taken.close();
    }
  });

  it("a DATA_DIR that is a file names DATA_DIR", async () => {
    const file = join(dir, "not-a-folder");
    writeFileSync(file, "");
    const out = await failure({ DATA_DIR: file });
    expect(out).toMatch(/Loket cannot start: DATA_DIR .*not-a-folder cannot be used \(EEXIST\): it must be a folder/);
    expect(out).not.toMatch(/\n\s+at /);
  });

  it("so does one written as a relative path starting with ./ (as the default ./data is)", async () => {
    const file = join(dir, "also-a-file");
    writeFileSync(file, "");
    const out = await failure({ DATA_DIR: `./${relative(process.cwd(), join(file, "data"))}` });
    expect(out).toMatch(/Loket cannot start: DATA_DIR \.\/.*also-a-file\/data cannot be used \(ENOTDIR\)/);
    expect(out).not.toMatch(/\n\s+at /);
  });
});

describe("Redis refusing REDIS_URL's user or password", () => {
  it("is said as that, naming REDIS_URL, and never prints the password", async () => {
    const { Redis } = await import("ioredis");
    const { testRedisUrl } = await import("../support/redis.js");
    const { createTestLoket } = await import("../support/loket.js");
    const admin = new Redis(testRedisUrl());
    const user = `loket-acl-${process.pid}`;
    await admin.call("ACL", "SETUSER", user, "on", ">kata-sandi-benar", "~*", "&*", "+@all");
    const lines: string[] = [];
    const url = new URL(testRedisUrl());
    url.username = user;
    url.password = "kata-sandi-salah";
    const t = await createTestLoket({ store: "redis", env: { REDIS_URL: url.toString() }, logLines: lines });
    try {
      await expect.poll(() => lines.some((l) => l.includes("REDIS_URL")), { timeout: 5000 }).toBe(true);
      const said = lines.find((l) => l.includes("REDIS_URL"))!;
      expect(JSON.parse(said)).toMatchObject({ level: 50 });
      expect(said).toMatch(/refused the user or password of REDIS_URL/);
      expect(lines.join("\n")).not.toContain("kata-sandi-salah");
    } finally {
      await t.close();
      await admin.call("ACL", "DELUSER", user);
      admin.disconnect();
    }
  });
});
