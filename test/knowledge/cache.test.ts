import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadKnowledgeCached } from "../../src/knowledge/cache.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";

const data = (kb: KnowledgeBase) => ({ permits: kb.permits, office: kb.office, referrals: kb.referrals, language: kb.language });
function copyKnowledge(): { dir: string; cache: string } {
  const root = mkdtempSync(join(tmpdir(), "loket-kcache-"));
  cpSync("knowledge", join(root, "knowledge"), { recursive: true });
  return { dir: join(root, "knowledge"), cache: join(root, "data", "cache") };
}
const cacheFiles = (cache: string) => readdirSync(cache).filter((f) => f.startsWith("knowledge-"));

describe("parsed-knowledge cache", () => {
  it("gives the same knowledge base from the cache as from the files", async () => {
    const { dir, cache } = copyKnowledge();
    const fresh = await loadKnowledge(dir, { root: join(dir, "..") });
    const first = await loadKnowledgeCached(dir, cache, { root: join(dir, "..") });
    expect(cacheFiles(cache)).toHaveLength(1);
    const second = await loadKnowledgeCached(dir, cache, { root: join(dir, "..") });
    expect(data(first)).toEqual(data(fresh));
    expect(data(second)).toEqual(data(fresh));
    expect(second.permit("pbg")?.name).toBe(fresh.permit("pbg")?.name);
  });

  it("parses again when a file changes, and still reports a broken file with its line", async () => {
    const { dir, cache } = copyKnowledge();
    const root = join(dir, "..");
    await loadKnowledgeCached(dir, cache, { root });
    const path = join(dir, "permits", "pbg.md");
    const text = readFileSync(path, "utf8");
    writeFileSync(path, text.replace(/^name: .*$/m, "name: Persetujuan Bangunan Gedung (diubah)"));
    const changed = await loadKnowledgeCached(dir, cache, { root });
    expect(changed.permit("pbg")?.name).toBe("Persetujuan Bangunan Gedung (diubah)");
    expect(cacheFiles(cache)).toHaveLength(1); // the old copy is removed
    writeFileSync(path, text.replace(/^reviewed: .*$/m, "reviewed: 2999-01-01"));
    await expect(loadKnowledgeCached(dir, cache, { root })).rejects.toMatchObject({ code: "KNOWLEDGE_INVALID" });
    await expect(loadKnowledgeCached(dir, cache, { root })).rejects.toThrow(/permits\/pbg\.md:\d+: reviewed date 2999-01-01 is in the future/);
  });

  it("ignores a damaged cache file", async () => {
    const { dir, cache } = copyKnowledge();
    await loadKnowledgeCached(dir, cache);
    writeFileSync(join(cache, cacheFiles(cache)[0]!), "{ not json");
    const kb = await loadKnowledgeCached(dir, cache);
    expect(kb.permits.length).toBeGreaterThan(10);
  });
});
