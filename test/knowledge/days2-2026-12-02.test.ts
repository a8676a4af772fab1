import { rm } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { askerIn, firstLine, specialOfficeCopy, wib } from "../support/office-special.js";

/**
 * Held-out round days2 (2026-12-02): when can I come, and where. Ranges of days ("weekend buka?",
 * "minggu ini", "bulan depan ada libur?"), "kamis depan" said early in the week, the place of a day
 * during a move, closing time and breaks near the clock, dates written as "2/12", "02-12-2026",
 * "tanggal 2 desember", and the same in English. The office is clerk10's (test/support/office-special.ts:
 * invented test data) with a cuti bersama on 24 December. Written from the citizen's side before
 * reading the code that answers them; first run on the untouched code (d5acb84): 6/27, and 7/27 once
 * cases 14, 19 and 20 were moved off 5 January 2027 (a holiday in the file, Isra Mikraj) to the 19th.
 * After the fixes 27/27; two assertions were made exact, not looser in meaning: case 16 allows the
 * bold "*buka* sampai", case 10 reads the month's list (the week's "Libur terdekat" may name the 24th).
 */

describe("days2 2026-12-02: when can I come, and where", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await specialOfficeCopy("loket-days2-");
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const ask = askerIn(() => dir);

  describe("'kamis depan' and next week's days", () => {
    it("1: Monday 4 January, 'kamis depan buka?': this coming Thursday, 7 January, dated on the first line", async () => {
      const said = firstLine(await ask(wib("2027-01-04"), "kamis depan buka?"));
      expect(said).toContain("7 Januari");
      expect(said).not.toContain("14 Januari");
    });
    it("2: Monday 4 January, 'minggu depan hari kamis buka?': next week's Thursday, 14 January", async () => {
      const said = firstLine(await ask(wib("2027-01-04"), "minggu depan hari kamis buka?"));
      expect(said).toContain("14 Januari");
      expect(said).toContain("08.00–15.30");
    });
    it("3: Monday 11 January, 'selasa depan buka?': tomorrow is the closure; 'selasa depan' is the 19th, open", async () => {
      // Said on Monday about Tuesday, "selasa depan" is not tomorrow (that would be "besok"): the week after.
      const said = firstLine(await ask(wib("2027-01-11"), "selasa depan buka?"));
      expect(said).toContain("19 Januari");
      expect(said).toContain("08.00–15.30");
    });
  });

  describe("ranges of days", () => {
    it("4: 'weekend buka?' in the week of the extra Saturday: Saturday 19 December at the town square, Sunday closed", async () => {
      const text = await ask(wib("2026-12-16"), "weekend buka?");
      expect(text).toContain("19 Desember");
      expect(text).toContain("08.00–12.00");
      expect(text).toContain("Alun-alun Rembang (data uji)");
      expect(text).toContain("20 Desember");
    });
    it("5: 'sabtu minggu buka?' in an ordinary week: both days closed, both dated", async () => {
      const text = await ask(wib("2027-01-06"), "sabtu minggu buka?");
      const said = firstLine(text);
      expect(said).toMatch(/tutup/);
      expect(text).toContain("9 Januari");
      expect(text).toContain("10 Januari");
      expect(text).not.toContain("jemput bola");
    });
    it("6: 'akhir pekan kantor buka ga?' in an ordinary week: closed Saturday and Sunday", async () => {
      const text = await ask(wib("2027-01-06"), "akhir pekan kantor buka ga?");
      expect(firstLine(text)).toMatch(/tutup/);
      expect(text).toContain("9 Januari");
      expect(text).toContain("10 Januari");
    });
    it("7: Wednesday 23 December, 'minggu ini buka sampai kapan?': the 24th (cuti bersama) and the 25th (Natal) closed", async () => {
      const text = await ask(wib("2026-12-23"), "minggu ini buka sampai kapan?");
      expect(text).toContain("24 Desember");
      expect(text).toContain("25 Desember");
      expect(text).toMatch(/tutup/);
      expect(text).toContain("Cuti Bersama");
    });
    it("8: 'hari kerja jam berapa': the weekday hours with the Friday break", async () => {
      const text = await ask(wib("2027-01-06"), "hari kerja jam berapa");
      expect(text).toContain("08.00–15.30");
      expect(text).toContain("11.00");
      expect(text).toContain("Jumat");
    });
    it("9: 20 November, 'bulan depan ada libur?': December's cuti bersama and Christmas, not January's", async () => {
      const text = await ask(wib("2026-11-20"), "bulan depan ada libur?");
      expect(text).toContain("24 Desember");
      expect(text).toContain("25 Desember");
      expect(text).not.toContain("Tahun Baru 2027");
    });
    it("10: 20 December, 'bulan depan ada libur?': New Year, Isra Mikraj and the stock-opname closure of January", async () => {
      // The month's list comes before the week's hours (whose "Libur terdekat" may name the 24th).
      const text = (await ask(wib("2026-12-20"), "bulan depan ada libur?")).split("*Jam pelayanan")[0]!;
      expect(text).toContain("1 Januari");
      expect(text).toContain("5 Januari");
      expect(text).toContain("12 Januari");
      expect(text).toContain("stock opname");
      expect(text).not.toContain("Natal");
    });
  });

  describe("where, during the move", () => {
    it("11: 12 April, 'kantornya di mana?': today's place, the temporary building, first", async () => {
      const text = await ask(wib("2027-04-12"), "kantornya di mana?");
      expect(text).toContain("Gedung Eks Kawedanan");
      const usual = text.indexOf("Gedung Mal Pelayanan Publik");
      if (usual >= 0) expect(text.indexOf("Gedung Eks Kawedanan")).toBeLessThan(usual);
    });
    it("12: 31 March, 'besok saya ke kantor yang mana?': the temporary building, dated 1 April", async () => {
      const text = await ask(wib("2027-03-31"), "besok saya ke kantor yang mana?");
      expect(text).toContain("Gedung Eks Kawedanan");
      expect(text).toContain("1 April");
    });
    it("13: Sunday 2 May, 'besok saya ke kantor yang mana?': the move is over, the usual building", async () => {
      const text = await ask(wib("2027-05-02"), "besok saya ke kantor yang mana?");
      expect(text).toContain("Gedung Mal Pelayanan Publik");
      expect(text).not.toContain("Kawedanan");
    });
  });

  describe("closing time, breaks and the queue, by the clock", () => {
    it("14: Tuesday 14:00, 'jam berapa tutup hari ini?': 15.30 on the first line", async () => {
      const said = firstLine(await ask(wib("2027-01-19", 14), "jam berapa tutup hari ini?"));
      expect(said).toContain("15.30");
    });
    it("15: a Ramadan Monday, 'jam berapa tutup hari ini?': 14.00 on the first line", async () => {
      const said = firstLine(await ask(wib("2027-02-15", 10), "jam berapa tutup hari ini?"));
      expect(said).toContain("14.00");
      expect(said).not.toContain("15.30");
    });
    it("16: Monday 15:20, 'masih buka ga?': still open, until 15.30", async () => {
      const said = firstLine(await ask(wib("2027-01-11", 15, 20), "masih buka ga?"));
      expect(said).toMatch(/masih buka|buka\*? sampai|sedang buka/i);
      expect(said).toContain("15.30");
    });
    it("17: Monday 15:45, 'masih buka ga?': closed, open again tomorrow (the closure!) — Wednesday 13 January 08.00", async () => {
      const text = await ask(wib("2027-01-11", 15, 45), "masih buka ga?");
      expect(firstLine(text)).toMatch(/tutup/);
      expect(text).toContain("13 Januari");
      expect(text).toContain("08.00");
    });
    it("18: Friday 11:30, 'sekarang istirahat?': yes, the Friday break, open again at 13.00", async () => {
      const said = firstLine(await ask(wib("2027-01-15", 11, 30), "sekarang istirahat?"));
      expect(said).toContain("13.00");
      expect(said).not.toMatch(/tidak ada istirahat/);
    });
    it("19: Tuesday 10:00, 'sekarang istirahat?': no break today, open until 15.30", async () => {
      const said = firstLine(await ask(wib("2027-01-19", 10), "sekarang istirahat?"));
      expect(said).toContain("15.30");
      expect(said).not.toContain("13.00");
    });
    it("20: 'sampai jam berapa bisa ambil antrian?' (the file names no last-queue time): today's closing, no invented time", async () => {
      const text = await ask(wib("2027-01-19", 10), "sampai jam berapa bisa ambil antrian?");
      expect(text).toContain("15.30");
      expect(text).not.toMatch(/\b1[45]\.[0-5]0\b(?<!15\.30)/);
    });
  });

  describe("dates as citizens write them", () => {
    it("21: '2/12 buka?' on 30 November: Wednesday 2 December, the usual hours", async () => {
      const said = firstLine(await ask(wib("2026-11-30"), "2/12 buka?"));
      expect(said).toContain("2 Desember");
      expect(said).toContain("08.00–15.30");
    });
    it("22: '24/12 buka ga' on 20 December: the cuti bersama, closed", async () => {
      const said = firstLine(await ask(wib("2026-12-20"), "24/12 buka ga"));
      expect(said).toContain("24 Desember");
      expect(said).toMatch(/tutup/);
    });
    it("23: '02-12-2026 buka jam berapa?': Wednesday 2 December", async () => {
      const said = firstLine(await ask(wib("2026-11-30"), "02-12-2026 buka jam berapa?"));
      expect(said).toContain("2 Desember");
      expect(said).toContain("08.00–15.30");
    });
    it("24: 'tanggal 2 desember buka?': Wednesday 2 December", async () => {
      const said = firstLine(await ask(wib("2026-11-30"), "tanggal 2 desember buka?"));
      expect(said).toContain("2 Desember");
      expect(said).toContain("08.00–15.30");
    });
    it("25: 'hari selasa tgl 8 buka?' on 2 December: Tuesday 8 December", async () => {
      const said = firstLine(await ask(wib("2026-12-02"), "hari selasa tgl 8 buka?"));
      expect(said).toContain("8 Desember");
      expect(said).toContain("08.00–15.30");
    });
  });

  describe("in English", () => {
    it("26: 'are you open this weekend?' in the week of the extra Saturday: Saturday 19 December 08:00–12:00, Sunday closed", async () => {
      const text = await ask(wib("2026-12-16"), "are you open this weekend?");
      expect(text).toContain("19 December");
      expect(text).toContain("08:00–12:00");
      expect(text).toContain("20 December");
      expect(text).toMatch(/closed/i);
    });
    it("27: Friday 10:00, 'what time do you close today?': 15:30, with the Friday break", async () => {
      const said = firstLine(await ask(wib("2027-01-15", 10), "what time do you close today?"));
      expect(said).toContain("15:30");
      expect(said).toContain("11:00");
    });
  });

  // Probe, written after the fixes and run once (2026-12-02): 4/5. P3 failed ("udah tutup ya?" was not
  // read as an office question: "sudah tutup" added to understanding.yaml office.hours); passes since.
  describe("probe (after the fixes)", () => {
    it("P1: Thursday 17 December, 'sabtu ini buka ga?': Saturday 19 December, the extra service at the town square", async () => {
      const said = firstLine(await ask(wib("2026-12-17"), "sabtu ini buka ga?"));
      expect(said).toContain("19 Desember");
      expect(said).toContain("08.00–12.00");
    });
    it("P2: Friday 8 January, 'minggu depan ada libur ga?': next week's closure on Tuesday 12 January, dated", async () => {
      const text = await ask(wib("2027-01-08"), "minggu depan ada libur ga?");
      expect(text).toContain("12 Januari");
      expect(text).toContain("stock opname");
      expect(firstLine(text)).toContain("11 Januari");
    });
    it("P3: Friday 12:00 on a Ramadan Friday, 'udah tutup ya?': a break, open again at 13.00 until 14.30", async () => {
      const said = firstLine(await ask(wib("2027-02-12", 12), "udah tutup ya?"));
      expect(said).toContain("13.00");
      expect(said).toMatch(/istirahat/);
    });
    it("P4: 'tgl 24/12 kantor libur?' on 1 December: the cuti bersama, closed", async () => {
      const said = firstLine(await ask(wib("2026-12-01"), "tgl 24/12 kantor libur?"));
      expect(said).toContain("24 Desember");
      expect(said).toMatch(/tutup/);
    });
    it("P5: Wednesday 16 December, 'is the office open on the weekend?': Saturday 19 December open, Sunday closed", async () => {
      const text = await ask(wib("2026-12-16"), "is the office open on the weekend?");
      expect(text).toContain("19 December");
      expect(text).toContain("08:00–12:00");
      expect(text).toContain("20 December");
    });
  });
});
