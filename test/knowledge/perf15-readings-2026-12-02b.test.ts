import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadKnowledgeCached } from "../../src/knowledge/cache.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { plainTokens } from "../../src/engine/understand/normalise.js";

/**
 * perf15 (2026-12-02): the names and cue words the knowledge check read (plain tokens) are kept
 * with the parsed knowledge, so a restart's understander does not read them again (~70 ms of CPU).
 */
describe("plain readings kept with the parsed knowledge", () => {
  const copy = () => {
    const root = mkdtempSync(join(tmpdir(), "loket-readings-"));
    cpSync("knowledge", join(root, "knowledge"), { recursive: true });
    return { dir: join(root, "knowledge"), cache: join(root, "cache"), root };
  };

  it("a restart's understander reads the kept readings, and understands as one built from the files", async () => {
    const { dir, cache, root } = copy();
    await loadKnowledgeCached(dir, cache, { root });
    const file = join(cache, readdirSync(cache).find((f) => f.startsWith("knowledge-"))!);
    const kept = JSON.parse(readFileSync(file, "utf8")) as { readings: [string, [string, string, number][]][] };
    expect(kept.readings.length).toBeGreaterThan(500);
    const restarted = await loadKnowledgeCached(dir, cache, { root });
    const fresh = await loadKnowledge(dir, { root });
    const a = createUnderstander(restarted);
    const b = createUnderstander(fresh);
    for (const text of ["berapa lama bikin pbg?", "syarat biyaya sertifikat fisiotrapis", "jam buka kantor?", "mau daftar nib", "i want to apply for a building permit", "status RBG-2026-000123"]) {
      expect(a.understand(text)).toEqual(b.understand(text));
    }
    // A reading changed in the kept file is what the next start's tokens give: it is read, not redone.
    const [text] = kept.readings[0]!;
    kept.readings[0]![1] = [["kata", "katakunci-dari-cache", 0]];
    writeFileSync(file, JSON.stringify(kept));
    const again = await loadKnowledgeCached(dir, cache, { root });
    expect(plainTokens(again.language)(text).map((t) => t.stem)).toEqual(["katakunci-dari-cache"]);
  });
});
