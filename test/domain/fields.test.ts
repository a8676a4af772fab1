import { describe, expect, it } from "vitest";
import {
  matchChoice,
  validateDate,
  validateEmail,
  validateField,
  validateNik,
  validateNumber,
  validatePhone,
  validateText,
} from "../../src/domain/fields.js";

const ok = (value: string) => ({ ok: true, value });
const no = (reason: string) => ({ ok: false, reason });

describe("NIK", () => {
  it("accepts a man's NIK (born 17-08-1990, Rembang)", () => {
    expect(validateNik("3317011708900001")).toEqual(ok("3317011708900001"));
  });
  it("accepts a woman's NIK: day + 40 (57 = 17th)", () => {
    expect(validateNik("3317015708900002")).toEqual(ok("3317015708900002"));
    expect(validateNik("3317017108900002")).toEqual(ok("3317017108900002")); // 71 = 31st
  });
  it("refuses a birth date the calendar does not have; 29 February only in a leap year (19yy or 20yy)", () => {
    expect(validateNik("3317013102900001")).toEqual(no("field.nik.date")); // 31 February
    expect(validateNik("3317017102900001")).toEqual(no("field.nik.date")); // 31 February, a woman's code
    expect(validateNik("3317013104900001")).toEqual(no("field.nik.date")); // 31 April
    expect(validateNik("3317012902010001")).toEqual(no("field.nik.date")); // 29 February 1901/2001
    expect(validateNik("3317012902000001")).toEqual(ok("3317012902000001")); // 29 February 2000
    expect(validateNik("3317012902960001")).toEqual(ok("3317012902960001")); // 29 February 1996
    expect(validateNik("3317013012900001")).toEqual(ok("3317013012900001")); // 30 December
  });
  it("does not require the Rembang regency code (another province and regency)", () => {
    expect(validateNik("3174010101800003")).toEqual(ok("3174010101800003")); // DKI Jakarta
    expect(validateNik("9471024502950001")).toEqual(ok("9471024502950001")); // Papua
  });
  it("strips spaces, dots and dashes people type", () => {
    expect(validateNik("3317 0117 0890 0001")).toEqual(ok("3317011708900001"));
    expect(validateNik("3317.0117.0890.0001")).toEqual(ok("3317011708900001"));
  });
  it("refuses letters, a wrong length, an unknown province", () => {
    expect(validateNik("33170117O8900001")).toEqual(no("field.nik.digits"));
    expect(validateNik("331701170890001")).toEqual(no("field.nik.length"));
    expect(validateNik("33170117089000011")).toEqual(no("field.nik.length"));
    expect(validateNik("2017011708900001")).toEqual(no("field.nik.province")); // 20 is no province
    expect(validateNik("0017011708900001")).toEqual(no("field.nik.province"));
    expect(validateNik("9917011708900001")).toEqual(no("field.nik.province"));
  });
  it("refuses an impossible birth date part, including 32–40 and > 71", () => {
    expect(validateNik("3317010008900001")).toEqual(no("field.nik.date")); // day 00
    expect(validateNik("3317013208900001")).toEqual(no("field.nik.date")); // day 32
    expect(validateNik("3317014008900001")).toEqual(no("field.nik.date")); // day 40
    expect(validateNik("3317017208900001")).toEqual(no("field.nik.date")); // day 72 (= 32 + 40)
    expect(validateNik("3317011713900001")).toEqual(no("field.nik.date")); // month 13
    expect(validateNik("3317011700900001")).toEqual(no("field.nik.date")); // month 00
  });
  it("refuses serial 0000", () => {
    expect(validateNik("3317011708900000")).toEqual(no("field.nik.serial"));
  });
});

describe("phone", () => {
  it.each([
    ["0812-3456-7890", "+6281234567890"],
    ["0812 3456 7890", "+6281234567890"],
    ["+62 812 3456 7890", "+6281234567890"],
    ["6281234567890", "+6281234567890"],
    ["81234567890", "+6281234567890"],
    ["(0857) 1234 5678", "+6285712345678"],
    ["+62 (0) 812 3456 7890", "+6281234567890"],
  ])("%s -> %s", (input, want) => expect(validatePhone(input)).toEqual(ok(want)));
  it("refuses landlines, letters and wrong lengths", () => {
    expect(validatePhone("0295 691 234")).toEqual(no("field.phone.mobile"));
    expect(validatePhone("+1 415 555 0100")).toEqual(no("field.phone.mobile"));
    expect(validatePhone("08123abc")).toEqual(no("field.phone.format"));
    expect(validatePhone("08123")).toEqual(no("field.phone.length"));
    expect(validatePhone("12345")).toEqual(no("field.phone.length")); // too short, whatever its start
    expect(validatePhone("08123456789012345")).toEqual(no("field.phone.length"));
  });
});

describe("e-mail", () => {
  it("accepts and lower-cases", () => expect(validateEmail(" Siti.R@Gmail.com ")).toEqual(ok("siti.r@gmail.com")));
  it.each(["siti@", "siti gmail.com", "siti@gmail", "@gmail.com", "siti@@gmail.com"])("refuses %s", (e) =>
    expect(validateEmail(e)).toEqual(no("field.email.format")),
  );
});

describe("date", () => {
  it.each([
    ["17-08-1990", "1990-08-17"],
    ["Senin, 4 Januari 2027", "2027-01-04"],
    ["hari Jumat 5-2-2027", "2027-02-05"],
    ["tgl 4 januari 2027", "2027-01-04"],
    ["tanggal: 4-1-2027", "2027-01-04"],
    ["17/08/1990", "1990-08-17"],
    ["17/8/1990", "1990-08-17"],
    ["17.08.1990", "1990-08-17"],
    ["17 Agustus 1990", "1990-08-17"],
    ["17 agustus 1990", "1990-08-17"],
    ["17 agt 1990", "1990-08-17"],
    ["17 Agu 1990", "1990-08-17"],
    ["17-Agt-1990", "1990-08-17"],
    ["1 Januari 2000", "2000-01-01"],
    ["5 Nopember 1985", "1985-11-05"],
    ["31 Des 1999", "1999-12-31"],
    ["1990-08-17", "1990-08-17"],
    ["17-08-90", "1990-08-17"],
    ["17-08-05", "2005-08-17"],
    ["29-02-2024", "2024-02-29"],
  ])("%s -> %s", (input, want) => expect(validateDate(input)).toEqual(ok(want)));
  it("refuses days that do not exist", () => {
    expect(validateDate("30-02-1990")).toEqual(no("field.date.invalid"));
    expect(validateDate("29-02-2023")).toEqual(no("field.date.invalid"));
    expect(validateDate("32 Agustus 1990")).toEqual(no("field.date.invalid"));
    expect(validateDate("17-13-1990")).toEqual(no("field.date.invalid"));
  });
  it("refuses what is no date", () => {
    expect(validateDate("kemarin")).toEqual(no("field.date.format"));
    expect(validateDate("17 agustusan 1990")).toEqual(no("field.date.format"));
    expect(validateDate("17081990")).toEqual(no("field.date.format"));
  });
});

describe("number", () => {
  it("reads what people type", () => {
    expect(validateNumber("2")).toEqual(ok("2"));
    expect(validateNumber("2,5")).toEqual(ok("2.5"));
    expect(validateNumber("1.250")).toEqual(ok("1250"));
    expect(validateNumber("150 m2")).toEqual(ok("150"));
  });
  it("reads a plot's length × width as its area only where m² is asked ('10x15 meter' is 150)", () => {
    const area = "Luas tanah (m²)";
    expect(validateNumber("10x15 meter", 1, undefined, area)).toEqual(ok("150"));
    expect(validateNumber("7,5 x 20 m", 1, undefined, area)).toEqual(ok("150"));
    expect(validateNumber("1,5 × 750", 1, undefined, area)).toEqual(ok("1125"));
    expect(validateNumber("10x15", 1, undefined, "Jumlah reklame")).toEqual(no("field.number.format"));
  });
  it("reads a small number written in words ('tiga' floors), and nothing else as one", () => {
    const cases: [string, string][] = [["tiga", "3"], ["Dua belas", "12"], ["sebelas", "11"], ["sepuluh", "10"], ["dua puluh lima", "25"], ["seratus lima", "105"], ["tiga ratus dua puluh", "320"]];
    for (const [w, n] of cases) expect(validateNumber(w), w).toEqual(ok(n));
    for (const w of ["se", "dua tiga", "puluh", "lantai", "tiga lantai dua"]) expect(validateNumber(w), w).toEqual(no("field.number.format"));
    expect(validateNumber("tiga", 4, 10)).toEqual(no("field.number.min"));
  });
  it("applies bounds", () => {
    expect(validateNumber("0", 1, 10)).toEqual(no("field.number.min"));
    expect(validateNumber("11", 1, 10)).toEqual(no("field.number.max"));
    expect(validateNumber("10", 1, 10)).toEqual(ok("10"));
  });
  it("refuses words that are no number", () => expect(validateNumber("banyak")).toEqual(no("field.number.format")));
  it("takes the question's unit, refuses another time unit, a size and two numbers", () => {
    expect(validateNumber("90 hari", 1, 365, "Lama penelitian (hari)")).toEqual(ok("90"));
    expect(validateNumber("2 lantai", 1, 10, "Jumlah lantai")).toEqual(ok("2"));
    expect(validateNumber("3 bulan", 1, 365, "Lama penelitian (hari)")).toEqual(no("field.number.unit"));
    expect(validateNumber("2 minggu", 1, 365, "Lama penelitian (hari)")).toEqual(no("field.number.unit"));
    // Land in hectares, are or ru is not that many m².
    for (const area of ["1,5 ha", "1 hektar", "2 are", "200 ru", "3 tumbak"]) expect(validateNumber(area, 1, undefined, "Luas tanah (m²)"), area).toEqual(no("field.number.area"));
    expect(validateNumber("150 m2", 1, undefined, "Luas tanah (m²)")).toEqual(ok("150"));
    expect(validateNumber("150 meter persegi", 1, undefined, "Luas tanah (m²)")).toEqual(ok("150"));
    expect(validateNumber("3 bulan", 1, 10, "Jumlah reklame (buah)")).toEqual(no("field.number.format"));
    for (const bad of ["10x20", "1e3", "3 4", "4 x 6"]) expect(validateNumber(bad, 1, 100, "Jumlah reklame (buah)"), bad).toEqual(no("field.number.format"));
  });
});

describe("text", () => {
  it("trims and collapses spaces", () => expect(validateText("  Jl.  Pemuda   10 ")).toEqual(ok("Jl. Pemuda 10")));
  it("refuses an answer of only emoji, punctuation or invisible characters", () => {
    for (const v of ["???", "🙏🙏", "..."]) expect(validateText(v), v).toEqual(no("field.text.unreadable"));
    expect(validateText("\u200B\u200B\u200B")).toEqual(no("field.text.short")); // nothing visible at all
    expect(validateText("Siti 🙏")).toEqual(ok("Siti")); // an emoji beside a name is not part of it
  });
  it("checks length bounds", () => {
    expect(validateText("ab", 3)).toEqual(no("field.text.short"));
    expect(validateText("x".repeat(11), 1, 10)).toEqual(no("field.text.long"));
  });
});

describe("choice", () => {
  const opts = [
    { id: "tetap", label: "Reklame tetap (papan nama, billboard)" },
    { id: "insidentil", label: "Reklame insidentil (spanduk, umbul-umbul)" },
  ];
  it("by number, id, label, or a unique part of the label, tolerant of case and punctuation", () => {
    expect(matchChoice("2", opts)).toBe("insidentil");
    expect(matchChoice("tetap", opts)).toBe("tetap");
    expect(matchChoice("REKLAME TETAP (papan nama, billboard)", opts)).toBe("tetap");
    expect(matchChoice("spanduk", opts)).toBe("insidentil");
  });
  it("by the number in words, with 'yg' and a call after it (fresh67h: 'yg pertama' was asked again)", () => {
    expect(matchChoice("yg pertama", opts)).toBe("tetap");
    expect(matchChoice("yang kedua aja min", opts)).toBe("insidentil");
    expect(matchChoice("pilih yg kedua aja pak", opts)).toBe("insidentil");
    expect(matchChoice("yg ketiga", opts)).toBeUndefined();
  });
  it("nothing for an ambiguous or unknown answer or an out-of-range number", () => {
    expect(matchChoice("reklame", opts)).toBeUndefined();
    expect(matchChoice("3", opts)).toBeUndefined();
    expect(matchChoice("baliho besar", opts)).toBeUndefined();
  });
  it("validateField gives the reason key", () => {
    expect(validateField("choice", "9", { options: opts })).toEqual(no("field.choice.unknown"));
    expect(validateField("choice", "1", { options: opts })).toEqual(ok("tetap"));
    expect(validateField("nik", "123")).toEqual(no("field.nik.length"));
    expect(validateField("text", "ok", { min: 3 })).toEqual(no("field.text.short"));
  });
});

describe("what people write before the value", () => {
  it("is dropped for a NIK, a mobile number and an e-mail address, and a wrong value is still judged as written", () => {
    expect(validateField("nik", "nik saya 3317 0117 0890 0001")).toEqual({ ok: true, value: "3317011708900001" });
    expect(validateField("nik", "NIK: 3317011708900001")).toEqual({ ok: true, value: "3317011708900001" });
    expect(validateField("nik", "no ktp saya 3317011708900001")).toEqual({ ok: true, value: "3317011708900001" });
    expect(validateField("phone", "hp saya 0812-3456-7890")).toEqual({ ok: true, value: "+6281234567890" });
    expect(validateField("phone", "no wa: +62 812 3456 7890")).toEqual({ ok: true, value: "+6281234567890" });
    expect(validateField("email", "email saya Budi@Desa.id")).toEqual({ ok: true, value: "budi@desa.id" });
    expect(validateField("nik", "nik saya belum punya")).toEqual({ ok: false, reason: "field.nik.digits" });
    expect(validateField("nik", "nik saya 3317")).toEqual({ ok: false, reason: "field.nik.length" });
  });
});

describe("keycap emoji digits", () => {
  it("are read as their digits at a number or a choice", () => {
    expect(validateField("number", "5\uFE0F\u20E3")).toEqual(ok("5"));
    expect(validateField("number", "1\uFE0F\u20E30\uFE0F\u20E3")).toEqual(ok("10"));
    expect(validateField("choice", "2\uFE0F\u20E3", { options: [{ id: "a", label: "Satu" }, { id: "b", label: "Dua" }] })).toEqual(ok("b"));
  });
});

describe("a number dictated digit by digit", () => {
  it("is read as its digits at the NIK and phone questions, in Indonesian, Javanese or English words", () => {
    expect(validateField("nik", "tiga tiga satu tujuh nol satu satu dua nol tiga enam lima nol nol nol satu")).toEqual(ok("3317011203650001"));
    expect(validateField("nik", "nik saya 3317 nol satu satu dua nol tiga enam lima 0001")).toEqual(ok("3317011203650001"));
    expect(validateField("phone", "kosong delapan lima dua sembilan delapan tujuh enam lima empat tiga dua")).toEqual(ok("+6285298765432"));
    expect(validateField("phone", "nomer hp kulo nol wolu siji loro telu papat limo enem pitu wolu songo")).toEqual(ok("+628123456789"));
    expect(validateField("phone", "zero eight one two three four five six seven eight nine zero")).toEqual(ok("+6281234567890"));
  });
  it("gives the reason of the digits it says, and reads no number said as a number or other words", () => {
    expect(validateField("nik", "tiga tiga satu tujuh nol satu")).toEqual(no("field.nik.length"));
    expect(validateField("nik", "tiga puluh tiga satu tujuh nol satu")).toEqual(no("field.nik.digits"));
    expect(validateField("phone", "kosong pak, gk punya hp")).toEqual(no("field.phone.format"));
  });
});

describe("a numbered choice typed as people type it", () => {
  const opts = [
    { id: "hunian", label: "Hunian (rumah tinggal)" },
    { id: "usaha", label: "Usaha (toko, ruko, gudang, kantor)" },
  ];
  it("reads '2.', 'no 2', 'nomor 2' and a pasted line, not a number with other words", () => {
    for (const t of ["2", "2.", "no 2", "nomor 2", "pilih 2", "2)", "2. Usaha (toko, ruko, gudang, kantor)", "2. usaha", "yg ke 2", "yang ke-2 aja", "ke 2"]) expect(matchChoice(t, opts), t).toBe("usaha");
    expect(matchChoice("2 lantai", opts)).toBeUndefined();
    expect(matchChoice("2. Hunian", opts)).toBeUndefined();
    expect(matchChoice("3.", opts)).toBeUndefined();
  });
});
