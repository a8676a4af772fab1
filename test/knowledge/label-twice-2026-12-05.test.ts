import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadKnowledge, validateKnowledge } from "../../src/knowledge/load.js";
import { loadMessages } from "../../src/text/messages.js";
import { clerkCopies } from "../support/clerk-copy.js";

/**
 * A permit's processing time is printed after its label ("⏱️ Lama proses: …", the receipt's and the
 * status check's "Lama proses: …"). Fourteen shipped texts began with the label themselves, so a
 * status check read "Lama proses: Lama proses izin reklame di Rembang belum …" (2026-12-05). They
 * start with the time now, and `npm run check` warns a clerk who writes the label again.
 */
describe("a processing time does not repeat its label", () => {
  const copies = clerkCopies();

  it("no shipped permit's time, in either language, reads its label twice where it is shown", async () => {
    const kb = await loadKnowledge("knowledge");
    const messages = await loadMessages("messages");
    const twice = { id: /lama proses:?\s+(\S+\s+){0,2}lama (proses|pemeriksaan)/i, en: /processing time:?\s+(\S+\s+){0,6}processing time/i };
    for (const p of kb.permits) {
      for (const lang of ["id", "en"] as const) {
        const m = messages.get(lang)!;
        const text = lang === "en" ? (p.duration.en ?? p.duration.text) : p.duration.text;
        for (const key of ["status.next.received", "status.next.verified"]) {
          const shown = m.t(key, { permit_duration: text });
          expect(shown, `${p.id} ${lang} ${key}`).toContain(text);
          expect(shown, `${p.id} ${lang} ${key}`).not.toMatch(twice[lang]);
        }
      }
    }
    const r = await validateKnowledge("knowledge");
    expect(r.warnings.filter((w) => /starts with "(lama proses|processing time)"/.test(w.message))).toEqual([]);
  });

  it("a clerk who writes 'Lama proses …' as the time is warned at that line, in each language, and Loket still starts", async () => {
    const dir = copies.copy("knowledge");
    const file = join(dir, "permits", "izin-reklame.md");
    const text = readFileSync(file, "utf8");
    const old = text
      .replace("  text: Di Rembang belum kami dapatkan datanya; petugas akan mengonfirmasi.", "  text: Lama proses izin reklame di Rembang belum kami dapatkan datanya; petugas akan mengonfirmasi.")
      .replace('  en: "Not yet known for Rembang; our staff will confirm it."', '  en: "We do not have the processing time of a billboard permit in Rembang yet; our staff will confirm it."');
    expect(old).not.toBe(text);
    writeFileSync(file, old);
    const r = await validateKnowledge(dir);
    expect(r.issues).toEqual([]);
    const line = (start: string) => old.split("\n").findIndex((l) => l.startsWith(start)) + 1;
    const mine = r.warnings.filter((w) => w.file.endsWith("izin-reklame.md")).map((w) => `${w.line}: ${w.message}`);
    expect(mine).toEqual([
      expect.stringMatching(new RegExp(`^${line("  text: Lama proses")}: duration text starts with "lama proses"`)),
      expect.stringMatching(new RegExp(`^${line("  en: \"We do not")}: duration en starts with "processing time"`)),
    ]);
  });
});
