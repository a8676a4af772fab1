import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLoketProcess, type LoketProcess } from "../support/process.js";
import { slowUpload } from "../support/slow-upload.js";

/**
 * Stopping Loket while a citizen's upload is still arriving (a KTP scan on a weak mobile link
 * takes minutes): the operator's Ctrl-C, `docker stop` or systemd's SIGTERM must stop it in
 * seconds, not whenever the upload ends (up to the 10-minute request limit).
 */
const root = mkdtempSync(join(tmpdir(), "loket-shutdown-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function exitOf(loket: LoketProcess): Promise<{ code: number | null; ms: number }> {
  const t = Date.now();
  return new Promise((resolve) => loket.child.once("exit", (code) => resolve({ code, ms: Date.now() - t })));
}

describe("stopping while an upload is still arriving", () => {
  it("SIGTERM stops Loket within its grace period (before Docker's 10 s SIGKILL), cutting the upload off", async () => {
    const loket = await startLoketProcess({ DATA_DIR: join(root, `d${++n}`) });
    const socket = await slowUpload(loket);
    try {
      const exited = exitOf(loket);
      loket.child.kill("SIGTERM");
      const { code, ms } = await exited;
      expect(code).toBe(0);
      expect(ms).toBeLessThan(9_500);
      expect(loket.output()).toMatch(/still under way .*cut off/);
    } finally {
      socket.destroy();
      loket.child.kill("SIGKILL");
    }
  }, 40_000);

  it("a second Ctrl-C stops Loket at once", async () => {
    const loket = await startLoketProcess({ DATA_DIR: join(root, `d${++n}`) });
    const socket = await slowUpload(loket);
    try {
      const exited = exitOf(loket);
      loket.child.kill("SIGINT");
      await new Promise((r) => setTimeout(r, 500));
      loket.child.kill("SIGINT");
      const { code, ms } = await exited;
      expect(ms).toBeLessThan(2_500);
      expect(code).toBe(130);
      expect(loket.output()).toMatch(/another Ctrl-C stops at once/);
      expect(loket.output()).toMatch(/stopping at once/);
    } finally {
      socket.destroy();
      loket.child.kill("SIGKILL");
    }
  }, 40_000);
});
