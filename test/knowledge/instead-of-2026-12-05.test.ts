import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadKnowledge, validateKnowledge } from "../../src/knowledge/load.js";
import { clerkCopies } from "../support/clerk-copy.js";

/**
 * referrals.yaml `instead_of` (2026-12-05): foods an SPP-IRT cannot cover are BPOM's, also when the
 * citizen names the SPP-IRT beside them ("mau jual nugget ayam frozen, cukup pirt aja ga?"; the
 * conversations fresh50b frozen_nugget… and fresh53a javanese_keripik… show the answers). A permit
 * id there that no permit file has is refused at its line, with the id meant.
 */
describe("a referral instead of a permit", () => {
  const copies = clerkCopies();

  it("the shipped BPOM referral names the SPP-IRT and the foods it does not cover", async () => {
    const kb = await loadKnowledge("knowledge");
    const bpom = kb.referrals.find((r) => r.id === "bpom")!;
    expect(bpom.insteadOf).toEqual(["spp-irt"]);
    expect(bpom.aliases).toEqual(expect.arrayContaining(["nugget", "susu sapi", "makanan bayi"]));
    expect(bpom.note).toMatch(/SPP-IRT tidak bisa/);
    expect(bpom.noteEn).toMatch(/cannot cover/);
  });

  it("an instead_of id no permit has is refused at its line, with the nearest id", async () => {
    const dir = copies.copy("knowledge");
    const file = join(dir, "referrals.yaml");
    const text = readFileSync(file, "utf8").replace("  instead_of: [spp-irt]", "  instead_of:\n    - spp-irt\n    - sp-irt");
    writeFileSync(file, text);
    const r = await validateKnowledge(dir);
    const line = text.split("\n").findIndex((l) => l === "    - sp-irt") + 1;
    expect(r.issues.map((i) => `${i.line}: ${i.message}`)).toEqual([expect.stringMatching(new RegExp(`^${line}: referral "bpom": instead_of names "sp-irt", but no permit has that id .*did you mean "spp-irt"`))]);
  });
});
