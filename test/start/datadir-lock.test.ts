import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLoketProcess } from "../support/process.js";

/**
 * Two Lokets on one embedded store would each answer from their own memory and overwrite the
 * other's answers: the second is refused while the first runs; a crashed one's claim is taken over.
 */
describe("one Loket per DATA_DIR on the embedded store", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "loket-lock-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("refuses a second Loket on the same DATA_DIR, takes over after a crash, and lets go on a clean stop", async () => {
    const first = await startLoketProcess({ DATA_DIR: dataDir });
    try {
      const second = await startLoketProcess({ DATA_DIR: dataDir }).then(
        (p) => p.kill().then(() => "started"),
        (err: Error) => err.message,
      );
      expect(second).toMatch(/DATA_DIR_IN_USE[\s\S]*Another Loket \(process \d+\) is already running on DATA_DIR/);
    } finally {
      await first.kill("SIGKILL"); // a crash: its claim stays behind
    }
    expect(existsSync(join(dataDir, "loket.pid"))).toBe(true);
    const third = await startLoketProcess({ DATA_DIR: dataDir });
    expect((await (await fetch(`${third.base}/healthz`)).json()).ok).toBe(true);
    await third.kill("SIGTERM");
    expect(existsSync(join(dataDir, "loket.pid"))).toBe(false);
  });
});
