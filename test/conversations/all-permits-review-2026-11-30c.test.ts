import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { createTestLoket, type TestLoket } from "../support/loket.js";
import { transcriptOf, walkJourney } from "../support/journey.js";

/**
 * Journeys review of 30 November 2026 (c): every permit in knowledge/permits/ walked whole, as
 * a citizen would (test/support/journey.ts): its five questions, the application with one wrong
 * answer of each kind, every document, a correction at the summary, the receipt, the status
 * check, staff finishing it, the SKM survey. What each reply must be for any permit a clerk adds.
 * `LOKET_JOURNEY_TRANSCRIPT=1` prints every transcript.
 */
describe("every permit's whole journey", () => {
  let t: TestLoket;
  let kb: KnowledgeBase;
  beforeAll(async () => {
    t = await createTestLoket({ now: () => new Date("2026-11-30T03:00:00Z") });
    kb = t.loket.knowledge;
  });
  afterAll(async () => t?.close());

  it("covers every permit", () => {
    expect(kb.permits.length).toBeGreaterThanOrEqual(23);
  });

  for (const id of ["iutm", "izin-apotek", "izin-klinik", "izin-laboratorium-klinik", "izin-optik", "izin-penelitian", "izin-reklame", "izin-satuan-pendidikan", "nib", "pbg", "pkkpr", "sip-bidan", "sip-dokter-gigi", "sip-dokter", "sip-fisioterapis", "sip-perawat", "sipa", "sipttk", "slf", "spp-irt", "sppl", "tdup", "ukl-upl"]) {
    it(`${id}: answered, applied for (or guided to OSS), numbered, checked, finished and surveyed without a dead end`, async () => {
      const p = kb.permit(id)!;
      t.conversationId = `web:journey-${id}`;
      const j = await walkJourney(t, id, p.aliases[0] ?? p.name, { date: "17-12-2026" });
      const transcript = transcriptOf(j);
      if (process.env.LOKET_JOURNEY_TRANSCRIPT) console.log(`\n===== ${id}\n${transcript}`);
      expect(j.stuck, transcript).toBeUndefined();
      // Every answer names the permit and its source; no reply shows a placeholder or a JS value.
      for (const a of j.answers) {
        expect(a, transcript).toContain(p.name);
        expect(a, transcript).toContain("Sumber:");
      }
      for (const l of j.lines.filter((x) => x.from !== "citizen")) {
        expect(l.text, transcript).not.toMatch(/\{\w+\}|\bundefined\b|\bNaN\b|\[object /);
        expect(l.text.length, `${id}: a message too long for a chat:\n${l.text}`).toBeLessThanOrEqual(2000);
      }
      if (!p.submission.loketCanApply) {
        expect(j.applied).toBe(false);
        expect(j.lines[j.lines.length - 1]!.text, transcript).toContain(p.submission.url!);
        return;
      }
      // The summary lists every answer under its question and every document.
      for (const [field, value] of Object.entries(j.typed)) {
        if (field === "nama") continue; // corrected at the summary
        const label = [...p.form].find((f) => f.id === field)?.label;
        if (label) expect(j.summary, `${id}: ${field}\n${transcript}`).toContain(`${label}: `);
        // As typed, but the phone number (written +62…), dates (17 Desember 2026) and numbers.
        if (field !== "hp" && !/date|number/.test(p.form.find((f) => f.id === field)?.kind ?? "")) expect(j.summary, `${id}: ${field}\n${transcript}`).toContain(value);
      }
      for (const doc of Object.keys(j.application?.documents ?? {})) {
        expect(j.summary, transcript).toContain(p.requirements.find((r) => r.id === doc)!.name);
      }
      // The receipt: the number and what comes next; the status check finds it; the correction stands.
      expect(j.receipt, transcript).toContain(j.number!);
      expect(j.receipt, transcript).toContain("Langkah berikutnya");
      expect(j.status, transcript).toContain(j.number!);
      expect(j.status, transcript).toContain(p.name);
      expect(j.application?.fields.nama).toBe(j.typed.nama);
      expect(j.application?.permit).toBe(id);
      // Finished by staff: told so, and offered the survey, which is recorded.
      expect(j.pushed.join("\n"), transcript).toContain(j.number!);
      expect(j.surveyOffered, transcript).toBe(true);
      const surveys = await t.loket.store.list<{ subject: { applicationNumber?: string } }>("surveys");
      expect(surveys.some((s) => s.subject.applicationNumber === j.number), transcript).toBe(true);
    });
  }
});
