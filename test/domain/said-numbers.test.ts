import { describe, expect, it } from "vitest";
import { labelledNumber, sizeSaid } from "../../src/domain/said-numbers.js";

describe("labelledNumber: the number labelled with the question's own words", () => {
  const floor = "Luas total lantai bangunan (m²)";
  const land = "Luas tanah (m²)";
  it.each([
    [floor, "jumlah lantai 2, luas 150", "150"],
    [floor, "luas tanah 200, luas bangunan 150", "150"],
    [floor, "luas kira2 150 m2", "150"],
    [floor, "luas total 150m2 pak", "150"],
    [land, "bangunan 150 luas tanahnya 200 m2", "200"],
  ])("%s: %s -> %s", (label, text, want) => expect(labelledNumber(label, text)).toBe(want));
  it.each([
    // a choice, a pair, a count after the number, another area, floors numbered, no label at all
    [floor, "luas 100 atau 120 pak, blm pasti"],
    [floor, "jadi 2 lantai ya, luasnya 90 sama 60"],
    [floor, "luas 2 lantainya 150 m2"],
    [floor, "luas tanahnya 200"],
    [floor, "luas lantai 1 80, lantai 2 70"],
    [floor, "lantai 1 90, lantai 2 60"],
    [land, "luas bangunannya 150, tanahnya 200"],
  ])("%s: %s -> none", (label, text) => expect(labelledNumber(label, text)).toBeUndefined());
});

describe("sizeSaid: a length × width said in words or with labels", () => {
  it.each([
    ["kira kira panjangnya tiga meter lebarnya satu meter pak", "3 x 1 m"],
    ["ukurannya dua setengah kali satu meter", "2.5 x 1 m"],
    ["satu koma lima kali satu meter", "1.5 x 1 m"],
    ["panjang 4 m, lebar 6 m", "4 x 6 m"],
    ["three by one metres", "3 x 1 m"],
    ["2 buah, yg besar empat kali enam meter, yg kecil dua kali satu meter", "4 x 6 m, 2 x 1 m"],
    ["yg depan panjang 4 m lebar 6 m, yg samping panjang 2 lebar 1", "4 x 6 m, 2 x 1 m"],
  ])("%s -> %s", (text, want) => expect(sizeSaid(text)).toBe(want));
  it.each(["4 x 6", "4x6 meter", "spanduk promo"])("%s is kept as written", (text) => expect(sizeSaid(text)).toBeUndefined());
});
