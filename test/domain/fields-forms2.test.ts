import { describe, expect, it } from "vitest";
import * as fields from "../../src/domain/fields.js";

const ok = (value: string) => ({ ok: true, value });
const no = (reason: string) => ({ ok: false, reason });

describe("areas and counts in words beyond 999 (forms2)", () => {
  it("reads thousands said in words", () => {
    expect(fields.numberFromWords("dua ribu lima ratus")).toBe(2500);
    expect(fields.numberFromWords("seribu dua ratus")).toBe(1200);
    expect(fields.numberFromWords("sepuluh ribu")).toBe(10000);
    expect(fields.numberFromWords("seratus dua puluh")).toBe(120);
  });
  it("is not fooled by words that are not a number", () => {
    expect(fields.numberFromWords("ribu")).toBeUndefined();
    expect(fields.numberFromWords("dua ribu ribu")).toBeUndefined();
    expect(fields.numberFromWords("dua ribu meter")).toBeUndefined();
  });
  it("takes 'meter persegi' as m² for a question in m²", () => {
    expect(fields.validateNumber("dua ribu lima ratus meter persegi", 1, 1_000_000, "Luas tanah (m²)")).toEqual(ok("2500"));
    expect(fields.validateNumber("kurang lebih 2.500 meter persegi", 1, 1_000_000, "Luas tanah (m²)")).toEqual(ok("2500"));
  });
  it("still refuses digits with a multiplier, and hectares for m²", () => {
    expect(fields.validateNumber("2 ribu", 1, 1_000_000, "Luas tanah (m²)")).toEqual(no("field.number.format"));
    expect(fields.validateNumber("1,5 ha", 1, 1_000_000, "Luas tanah (m²)")).toEqual(no("field.number.area"));
  });
});

describe("a day counted from today (forms2)", () => {
  it("reads besok, lusa, kemarin, hari ini from the office's date", () => {
    expect(fields.relativeDate("besok", "2026-12-31")).toBe("2027-01-01");
    expect(fields.relativeDate("mulai lusa aja", "2026-12-01")).toBe("2026-12-03");
    expect(fields.relativeDate("kemarin", "2026-12-01")).toBe("2026-11-30");
    expect(fields.relativeDate("Hari ini", "2026-12-01")).toBe("2026-12-01");
  });
  it("reads a weekday by name as the coming one, a week on for today's name ('senin depan' on a Monday)", () => {
    // 2026-12-07 is a Monday.
    expect(fields.relativeDate("senin depan", "2026-12-07")).toBe("2026-12-14");
    expect(fields.relativeDate("mulai kamis aja", "2026-12-07")).toBe("2026-12-10");
    expect(fields.relativeDate("jum'at depan", "2026-12-07")).toBe("2026-12-11");
    expect(fields.relativeDate("hari minggu", "2026-12-07")).toBe("2026-12-13");
    expect(fields.relativeDate("next friday", "2026-12-07")).toBe("2026-12-11");
    expect(fields.relativeDate("senin ini", "2026-12-07")).toBe("2026-12-07");
    // "minggu depan" is next week, no day.
    expect(fields.relativeDate("minggu depan", "2026-12-07")).toBeUndefined();
  });
  it("is nothing for other words", () => {
    expect(fields.relativeDate("besok saya tanyakan dulu", "2026-12-01")).toBeUndefined();
    expect(fields.relativeDate("17 agustus", "2026-12-01")).toBeUndefined();
  });
});

describe("a KK number at the NIK question (forms2)", () => {
  it("is the family card's number when the message names the KK and not the NIK", () => {
    expect(fields.namesKkNumber("ini no KK saya 3317012003150007")).toBe(true);
    expect(fields.namesKkNumber("nomor kartu keluarga: 3317 0120 0315 0007")).toBe(true);
  });
  it("is a NIK when the NIK is named or no number is given", () => {
    expect(fields.namesKkNumber("NIK saya sesuai KK 3317011708900001")).toBe(false);
    expect(fields.namesKkNumber("3317011708900001")).toBe(false);
    expect(fields.namesKkNumber("KK saya ketinggalan")).toBe(false);
  });
});
