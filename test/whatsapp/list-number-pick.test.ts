import { describe, expect, it } from "vitest";
import { citizenChat } from "./citizen-chat.js";

/**
 * After the numbered list of permits, WhatsApp shows the buttons below it as numbered lines too
 * ("1. Menu utama", "2. Bicara dengan petugas"): a bare number of a button is that button; a
 * higher number can only be the list's.
 */
describe("WhatsApp: a bare number after the numbered list of permits", () => {
  it("a number beyond the numbered buttons picks the permit listed under it; a button's number stays that button", async () => {
    const s = await citizenChat();
    try {
      s.send("izin apa aja yg ada");
      const list = await s.said();
      expect(list).toMatch(/^3\. Sertifikat Laik Fungsi/m);
      expect(list).toMatch(/^1\. Menu utama/m);
      s.send("3");
      expect(await s.said()).toContain("*Sertifikat Laik Fungsi (SLF)*");
      s.send("izin apa aja yg ada");
      await s.said();
      s.send("1");
      const menu = await s.said();
      expect(menu).not.toContain("Persetujuan Bangunan Gedung");
      expect(menu).toContain("Ada yang bisa kami bantu?");
    } finally {
      await s.wa.stop();
      await s.t.close();
    }
  });
});
