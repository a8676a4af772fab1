import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLoketProcess } from "../support/process.js";

/**
 * The first start of a fresh installation: the web chat works and citizens can ask for a person
 * ("petugas"), but nobody can open the staff console until an account exists. The operator is
 * told at start-up, with the command, not left to find the console's "wrong username or password".
 */
const root = mkdtempSync(join(tmpdir(), "loket-first-start-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const noAccount = /no staff account.*npm run staff -- add \S+ --role admin/;

describe("first start without a staff account", () => {
  it("says so with the command to make one; once an account exists, it does not", async () => {
    const dataDir = join(root, "data");
    const first = await startLoketProcess({ DATA_DIR: dataDir });
    // Said beside the ready line, not waited for by it.
    for (let i = 0; i < 100 && !noAccount.test(first.output()); i++) await new Promise((r) => setTimeout(r, 50));
    await first.kill();
    expect(first.output()).toMatch(noAccount);
    expect(first.output()).toMatch(/\/staff/);

    const add = spawnSync(process.execPath, ["--import", "tsx", "src/cli/staff.ts", "add", "sari", "--role", "admin"], {
      env: { ...process.env, DATA_DIR: dataDir, REDIS_URL: "" },
      input: "kata-sandi-panjang-1\n",
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(add.status).toBe(0);

    const second = await startLoketProcess({ DATA_DIR: dataDir });
    await new Promise((r) => setTimeout(r, 1_000));
    await second.kill();
    expect(second.output()).toMatch(/Loket is ready/);
    expect(second.output()).not.toMatch(/no staff account/);
  }, 60_000);
});
