import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clerkCopies, edit } from "../support/clerk-copy.js";
import { createTestLoket } from "../support/loket.js";

/**
 * Another office runs Loket: its clerk changes knowledge/office.yaml (name, complaints) and
 * nothing in messages/. What citizens read about complaints, money asked for and the counter
 * must then name that office and its channels, not Rembang's: those sentences come from
 * office.yaml (`{office_complaints}`, `{office}`), so one file holds the office's facts.
 */
describe("the office's own name and complaint channels, from office.yaml alone", () => {
  const copies = clerkCopies();
  const text = (r: { text: string }[]) => r.map((x) => x.text).join("\n");

  it("complaints, a bribe report and the counter say what office.yaml says", async () => {
    const dir = copies.copy("knowledge");
    const office = join(dir, "office.yaml");
    edit(office, "short_name: DPMPTSP Kab. Rembang", "short_name: DPMPTSP Kab. Blora");
    edit(office, "Pengaduan dapat disampaikan langsung ke petugas pengaduan di MPP Rembang", "Pengaduan dapat disampaikan ke meja pengaduan MPP Blora atau WhatsApp 0811-0000-1111 (data uji)");
    edit(office, "Complaints can be made in person to the complaints officer at MPP Rembang", "Complaints go to the complaints desk at MPP Blora or WhatsApp 0811-0000-1111 (test data)");
    const t = await createTestLoket({ env: { KNOWLEDGE_DIR: dir } });
    try {
      const complaint = text(await t.say("saya mau komplain, petugasnya tidak ramah"));
      expect(complaint).toContain("meja pengaduan MPP Blora");
      expect(complaint).not.toMatch(/Rembang/);
      await t.say("menu");
      const bribe = text(await t.say("ada petugas yang minta uang supaya izin saya cepat"));
      expect(bribe).toContain("DPMPTSP Kab. Blora");
      expect(bribe).not.toMatch(/Rembang/);
      await t.say("menu");
      const where = text(await t.say("izin reklame diajukan di mana?"));
      // The counter named as the office (the permit file's own note is the clerk's to change).
      expect(where).toMatch(/📍 DPMPTSP Kab\. Blora \(/);
      await t.say("menu");
      await t.say("english please");
      const en = text(await t.say("I want to complain, the officer was rude"));
      expect(en).toContain("complaints desk at MPP Blora");
      expect(en).not.toMatch(/Rembang/);
    } finally {
      await t.close();
    }
  });
});
