import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateKnowledge } from "../../src/knowledge/load.js";
import { officeIn } from "../../src/knowledge/in-language.js";
import { clerkCopies } from "../support/clerk-copy.js";

/**
 * knowledge/office.yaml's sentences a citizen reads (complaints, facilities, representation and its
 * notes) have English beside them (`complaints_en`, `facilities_en`, `text_en`), as a permit's
 * fee.en: English answers read those; a missing one is a warning at the Indonesian text's line.
 */
describe("the office's texts in English", () => {
  const copies = clerkCopies();

  it("the shipped office has every English text, and English reads them while Indonesian is unchanged", async () => {
    const r = await validateKnowledge("knowledge");
    expect(r.warnings.filter((w) => w.file.endsWith("office.yaml"))).toEqual([]);
    const o = r.kb!.office;
    const en = officeIn(o, "en");
    expect(en.complaints).toMatch(/^Complaints can be made/);
    expect(en.facilities).toMatch(/parking area/);
    expect(en.representation!.text).toMatch(/power of attorney/);
    expect(en.representation!.notes[0]!.text).toMatch(/in person/);
    expect(officeIn(o, "id")).toBe(o);
  });

  it("a text without its English one is a warning at that text's line; an empty one is refused there", async () => {
    const dir = copies.copy("knowledge");
    const file = join(dir, "office.yaml");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/^facilities_en: .*\n/m, ""));
    const r = await validateKnowledge(dir);
    const line = text.split("\n").findIndex((l) => l.startsWith("facilities:")) + 1;
    expect(r.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([expect.stringMatching(new RegExp(`^${line}: facilities: has no facilities_en`))]);
    writeFileSync(file, text.replace(/^complaints_en: .*$/m, 'complaints_en: ""'));
    const r2 = await validateKnowledge(dir);
    expect(r2.issues.map((i) => i.message).join("\n")).toMatch(/complaints_en/);
  });

  it("the address has its English too (english4): English reads it, its names kept; without it, a warning at the address line", async () => {
    const r = await validateKnowledge("knowledge");
    const o = r.kb!.office;
    expect(officeIn(o, "en").address).toMatch(/former PGRI building, facing Alun-alun Rembang/);
    expect(officeIn(o, "id").address).toBe(o.address);
    const dir = copies.copy("knowledge");
    const file = join(dir, "office.yaml");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/^address_en: .*\n/m, ""));
    const r2 = await validateKnowledge(dir);
    const line = text.split("\n").findIndex((l) => l.startsWith("address:")) + 1;
    expect(r2.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([expect.stringMatching(new RegExp(`^${line}: address: has no address_en`))]);
  });
});
