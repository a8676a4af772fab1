import { describe, expect, it } from "vitest";
import { answerPermit } from "../../src/knowledge/answer.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { loadMessages } from "../../src/text/messages.js";

/**
 * A citizen writing in English reads a permit's fee and processing time in English: each permit
 * writes them beside the Indonesian text (`fee.en`, `duration.en`), and a missing one fails here
 * instead of silently showing the Indonesian sentence.
 */
describe("English fee and processing time of every permit", () => {
  it("every shipped permit has fee.en and duration.en", async () => {
    const kb = await loadKnowledge("knowledge");
    const missing = kb.permits.flatMap((p) => [...(p.fee.en ? [] : [`${p.id}: fee.en`]), ...(p.duration.en ? [] : [`${p.id}: duration.en`])]);
    expect(missing).toEqual([]);
  });

  it("English answers say the English text, Indonesian ones the Indonesian text", async () => {
    const kb = await loadKnowledge("knowledge");
    const messages = await loadMessages("messages");
    const en = messages.get("en")!;
    const id = messages.get("id")!;
    const apotek = kb.permit("izin-apotek")!;
    expect(answerPermit(kb, en, "izin-apotek", "fee")).toContain(apotek.fee.en!);
    expect(answerPermit(kb, en, "izin-apotek", "fee")).not.toContain(apotek.fee.text);
    expect(answerPermit(kb, en, "izin-klinik", "duration")).not.toContain("belum kami dapatkan");
    expect(answerPermit(kb, en, "izin-klinik", "general")).not.toContain("belum kami dapatkan");
    expect(answerPermit(kb, id, "izin-apotek", "fee")).toContain(apotek.fee.text);
    expect(answerPermit(kb, id, "izin-apotek", "duration")).toContain(apotek.duration.text);
  });

  it("an English text left empty is refused at its file and line", async () => {
    const { clerkCopies } = await import("../support/clerk-copy.js");
    const { readFileSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const dir = clerkCopies().copy("knowledge");
    const file = join(dir, "permits", "izin-apotek.md");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/^(  en: ).*$/m, '$1""'));
    const line = text.split("\n").findIndex((l) => l.startsWith("  en: ")) + 1;
    await expect(loadKnowledge(dir)).rejects.toThrow(new RegExp(`izin-apotek\\.md:${line}:`));
  });
});
