import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A copy of knowledge/ in which the office has written its own processing time for some permits,
 * as a clerk would (docs/knowledge.md, "duration"): "Paling lama N hari kerja sejak berkas
 * lengkap" and `working_days: N`. For tests of the expected day and the due date, which the
 * shipped knowledge gives only for PBG (the national 28 working days). Returns the copy's
 * knowledge folder (for KNOWLEDGE_DIR) and the temp folder to remove afterwards.
 *
 * @example officeDaysKnowledge({ "izin-reklame": 5 }) // reklame counts 5 working days
 */
export function officeDaysKnowledge(days: Record<string, number>): { knowledgeDir: string; root: string } {
  const root = mkdtempSync(join(tmpdir(), "loket-office-days-"));
  const knowledgeDir = join(root, "knowledge");
  cpSync("knowledge", knowledgeDir, { recursive: true });
  for (const [permit, n] of Object.entries(days)) {
    const file = join(knowledgeDir, "permits", `${permit}.md`);
    const text = readFileSync(file, "utf8");
    const block = /^duration:\n(?: {2}.*\n)+/m.exec(text);
    if (!block) throw new Error(`no duration block in ${file}`);
    const own = `duration:\n  text: Paling lama ${n} hari kerja sejak berkas lengkap.\n  en: "At most ${n} working days after the documents are complete."\n  working_days: ${n}\n`;
    writeFileSync(file, text.slice(0, block.index) + own + text.slice(block.index + block[0].length));
  }
  return { knowledgeDir, root };
}
