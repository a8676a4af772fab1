import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Runs `npm run chat`'s entry with `input` on its standard input; resolves with what it printed. */
function chat(input: string, dataDir: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/channels/console/chat.ts"], {
      env: { ...process.env, DATA_DIR: dataDir, REDIS_URL: "", LOG_LEVEL: "warn" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out }));
    child.stdin.end(input); // all lines at once, as `npm run chat < lines.txt` sends them
  });
}

describe("npm run chat", () => {
  it("answers every piped line in order, and continues the conversation after a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-chat-"));
    try {
      const first = await chat("min syarat bikin IMB apa aja?\nberapa lama?\njam buka kantor\n", dir);
      expect(first.code).toBe(0);
      const heads = ["Selamat datang", "*Persyaratan Persetujuan Bangunan Gedung (PBG)*", "*Lama proses Persetujuan Bangunan Gedung (PBG)*", "*Jam pelayanan"];
      const at = heads.map((h) => first.out.indexOf(h));
      expect(at.every((i) => i >= 0), first.out).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      // The same conversation in the same DATA_DIR: no new greeting, the permit still known.
      const second = await chat("biayanya berapa?\n/keluar\nhalo\n", dir);
      expect(second.out).toContain("Percakapan sebelumnya dilanjutkan");
      expect(second.out).toContain("*Biaya Persetujuan Bangunan Gedung (PBG)*");
      expect(second.out).not.toContain("Selamat datang"); // "halo" after /keluar is never read
      // A replay longer than the channels' rate-limit burst (10) is answered to the end.
      const long = await chat(`${Array.from({ length: 14 }, (_, i) => `biaya pbg ${i + 1}`).join("\n")}\njam buka kantor\n`, dir);
      expect(long.out).not.toMatch(/terlalu cepat/);
      expect(long.out).toContain("*Jam pelayanan");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
