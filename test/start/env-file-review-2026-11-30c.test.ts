import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLoketProcess } from "../support/process.js";

/**
 * An operator used to other Node apps writes the settings into `.env` in the project folder and
 * runs `npm start`. Loket reads only the environment: the file's Telegram token was ignored and
 * Loket started without Telegram, saying nothing. It is said at start, naming the settings (never
 * their values) and how to have them read.
 */
const repo = process.cwd();
const root = mkdtempSync(join(tmpdir(), "loket-envfile-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a .env file in the project folder", () => {
  it("is said at start with the Loket settings it holds and how to have them read; none when there is no such file", async () => {
    const dir = join(root, "p");
    mkdirSync(dir);
    for (const d of ["src", "node_modules", "knowledge", "flows", "messages", "package.json"]) symlinkSync(join(repo, d), join(dir, d));
    writeFileSync(join(dir, ".env"), "# settings\nTELEGRAM_BOT_TOKEN=123456:AAF-secret-in-env-file\nexport RETENTION_DAYS=400\nSOMETHING_ELSE=1\n");
    const loket = await startLoketProcess({ DATA_DIR: join(dir, "data") }, undefined, undefined, dir);
    for (let i = 0; i < 100 && !/\.env/.test(loket.output()); i++) await new Promise((r) => setTimeout(r, 50));
    await loket.kill();
    expect(loket.output()).toMatch(/\.env is not read.*TELEGRAM_BOT_TOKEN, RETENTION_DAYS.*--env-file=\.env/);
    expect(loket.output()).not.toContain("secret-in-env-file");
    expect(loket.output()).not.toContain("SOMETHING_ELSE");

    const plain = await startLoketProcess({ DATA_DIR: join(root, "data2") });
    await new Promise((r) => setTimeout(r, 500));
    await plain.kill();
    expect(plain.output()).not.toMatch(/\.env is not read/);
  }, 60_000);
});
