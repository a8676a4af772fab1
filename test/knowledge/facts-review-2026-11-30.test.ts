import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * Facts review of 30 November 2026: what a citizen is actually told, through the whole runtime,
 * against shared/reference/permit-facts.md. One test per defect found.
 */
describe("facts review 2026-11-30", () => {
  let t: TestLoket;
  let n = 0;
  beforeAll(async () => {
    t = await createTestLoket();
  });
  afterAll(async () => t.close());

  const ask = async (text: string) => textOf(await t.loket.runtime.handle({ channel: "web", conversationId: `web:facts-${n++}`, text }));

  it("the overview of fees does not call the minimarket permit (IUTM) or the tourism permit (TDUP) generally free: the reference names no fee for them, and their own fee answers leave the other costs to staff", async () => {
    // Reference A14/A15 give no fee for toko swalayan or tourism permits (only NIB, A3, is free).
    const reply = await ask("ngurus izin bayar ga?");
    const free = reply.split("\n").find((l) => l.startsWith("✅")) ?? "";
    expect(free).toContain("NIB"); // the overview itself is there
    expect(free).not.toMatch(/\bIUTM\b/);
    expect(free).not.toMatch(/\bTDUP\b/);
  });

  it("'izin usaha minimarket' / 'izin usaha toko swalayan' is answered as the toko swalayan permit (IUTM), not as the NIB alone ('Gratis')", async () => {
    // Reference A15: IUTM (Izin Usaha Toko Modern) is now toko swalayan (minimarket, supermarket) under PP 29/2021.
    expect(await ask("syarat izin usaha minimarket")).toContain("Persyaratan Izin Usaha Toko Modern");
    expect(await ask("biaya izin usaha minimarket")).toContain("Biaya Izin Usaha Toko Modern");
    expect(await ask("syarat izin usaha toko swalayan")).toContain("Persyaratan Izin Usaha Toko Modern");
    expect(await ask("syarat izin usaha supermarket")).toContain("Persyaratan Izin Usaha Toko Modern");
  });

  it("SIP dokter for a private practice: the practice-place document may be a praktik mandiri statement, and the floor plan, equipment list and photos are asked for praktik mandiri, as for the other SIPs", async () => {
    // Reference A4: "Statement of place of practice / letter from the health-facility head";
    // "Floor plan, equipment list and photos (for independent practice)".
    const reply = await ask("syarat sip dokter praktik mandiri");
    expect(reply).toContain("Persyaratan Surat Izin Praktik Dokter");
    expect(reply).toContain("pernyataan praktik mandiri");
    expect(reply).toContain("Denah, daftar peralatan, dan foto tempat praktik");
  });

  it("the requirements of TDUP (now the NIB in OSS) name the email and BPJS the NIB needs, as the NIB's own list does", async () => {
    // Reference A14: TDUP is replaced by NIB + risk-based permits; A3: individual needs NIK/KTP, NPWP, email, BPJS.
    const reply = await ask("syarat tdup");
    expect(reply).toContain("Persyaratan Perizinan Usaha Pariwisata");
    expect(reply).toMatch(/email/i);
    expect(reply).toMatch(/BPJS/);
  });

  it("the legal basis of izin reklame and IUTM does not cite Rembang regulations the reference could not find as settled", async () => {
    // Reference A9: "amount per Perda ... Rembang Perda not found"; A15: "Regional Perda/Perbup on toko swalayan ... Rembang's not found".
    for (const q of ["dasar hukum izin reklame", "dasar hukum izin minimarket"]) {
      const reply = await ask(q);
      expect(reply, q).toContain("Dasar hukum");
      const local = reply.split("\n").filter((l) => l.startsWith("⚖️") && /Rembang/.test(l));
      for (const line of local) expect(line, q).toMatch(/dikonfirmasi/);
    }
    expect(await ask("dasar hukum izin reklame")).not.toContain("Peraturan Bupati Rembang tentang penyelenggaraan reklame");
  });

  it("the SLF validity answer does not give the unverified '60 days before expiry' renewal lead time as a rule", async () => {
    // Reference A2: "Apply for renewal ≥ 60 days before expiry. ... (unverified)".
    const line = (await ask("masa berlaku slf")).split("\n").find((l) => /60 hari/.test(l)) ?? "";
    expect(line).toContain("60 hari");
    expect(line).toMatch(/60 hari[^.]*\((?:belum terverifikasi|akan dikonfirmasi)/);
  });

  it("the PBG validity answer does not state 'no fixed validity' as settled: the reference marks it unverified", async () => {
    // Reference A1: "Validity: no expiry is stated for PBG itself; it is tied to the building as planned. (unverified)".
    const reply = await ask("masa berlaku pbg");
    const line = reply.split("\n")[1] ?? "";
    expect(reply).toContain("Masa berlaku Persetujuan Bangunan Gedung");
    expect(line).toMatch(/belum terverifikasi|akan dikonfirmasi/);
  });
});
