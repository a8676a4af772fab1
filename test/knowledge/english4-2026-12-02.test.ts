import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadKnowledge, validateKnowledge } from "../../src/knowledge/load.js";
import { answerOffice, listedPermitIds, listPermits } from "../../src/knowledge/answer.js";
import { loadMessages } from "../../src/text/messages.js";
import { clerkCopies } from "../support/clerk-copy.js";

/**
 * What an English reader sees of the permits' names and categories (english4, 2026-12-02): the list
 * keeps each permit's official Indonesian name, the one on forms and in OSS, with a short English
 * gloss (`name_en`) after it, under the category in English (`category_en`); the numbers (and so
 * "number 3" after the list) are the Indonesian list's. Times are written as English writes them.
 */
describe("permit names and categories in English", () => {
  const copies = clerkCopies();

  it("the English list glosses every name and heads each group in English; the Indonesian list is unchanged", async () => {
    const kb = await loadKnowledge("knowledge");
    const messages = await loadMessages("messages");
    const en = listPermits(kb, messages.get("en")!);
    const id = listPermits(kb, messages.get("id")!);
    const ids = listedPermitIds(kb);
    ids.forEach((pid, i) => {
      const p = kb.permit(pid)!;
      expect(p.nameEn, pid).toBeTruthy();
      expect(p.categoryEn, pid).toBeTruthy();
      expect(en).toContain(`${i + 1}. ${p.name} — ${p.nameEn}`);
      expect(id).toContain(`${i + 1}. ${p.name}`);
      expect(id).not.toContain(p.nameEn!);
      expect(en).toContain(`*${p.categoryEn}*`);
      expect(en).not.toContain(`*${p.category}*`);
      expect(id).toContain(`*${p.category}*`);
    });
  });

  it("a permit without name_en or category_en is a warning at its name: or category: line; an empty one is refused", async () => {
    const dir = copies.copy("knowledge");
    const file = join(dir, "permits", "pbg.md");
    const text = readFileSync(file, "utf8");
    const without = text.replace(/^name_en: .*\n/m, "").replace(/^category_en: .*\n/m, "");
    writeFileSync(file, without);
    const r = await validateKnowledge(dir);
    const at = (key: string) => without.split("\n").findIndex((l) => l.startsWith(`${key}:`)) + 1;
    const mine = r.warnings.filter((w) => w.file.endsWith("pbg.md")).map((w) => `${w.line}: ${w.message}`);
    expect(mine).toEqual([expect.stringMatching(new RegExp(`^${at("name")}: the permit has name: but no name_en:`)), expect.stringMatching(new RegExp(`^${at("category")}: the permit has category: but no category_en:`))]);
    writeFileSync(file, text.replace(/^name_en: .*$/m, 'name_en: ""'));
    const r2 = await validateKnowledge(dir);
    expect(r2.issues.map((i) => `${i.file}:${i.line}: ${i.message}`).join("\n")).toMatch(/pbg\.md:\d+: .*name_en/);
  });

  it("office hours read 08:00 in English and 08.00 in Indonesian", async () => {
    const kb = await loadKnowledge("knowledge");
    const messages = await loadMessages("messages");
    const at = new Date("2026-12-02T03:00:00Z");
    expect(answerOffice(kb, messages.get("en")!, "hours", { now: () => at })).toContain("Monday–Thursday: 08:00–15:30");
    expect(answerOffice(kb, messages.get("id")!, "hours", { now: () => at })).toContain("08.00–15.30");
  });
});
