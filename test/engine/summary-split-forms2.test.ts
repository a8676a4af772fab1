import { describe, expect, it } from "vitest";
import * as edit from "../../src/engine/summary-edit.js";

const correct = ["yang benar", "yg bener", "harusnya", "jadi"];

describe("several corrections in one message at the summary (forms2)", () => {
  it("splits before each later correction, at the comma before what it names", () => {
    const split = (edit as unknown as { createCorrectionSplitter?: (w: { correct: string[] }) => (t: string) => string[] }).createCorrectionSplitter;
    expect(split).toBeTypeOf("function");
    const parts = split!({ correct })("nama optik salah, yang benar Optik Terang Jaya, no hp salah, yang benar 085712345678");
    expect(parts).toEqual(["nama optik salah, yang benar Optik Terang Jaya", "no hp salah, yang benar 085712345678"]);
    expect(split!({ correct })("alamat harusnya Jl. Pemuda 8, Rembang dan hp yg bener 0857 1234 5678")).toEqual([
      "alamat harusnya Jl. Pemuda 8, Rembang",
      "hp yg bener 0857 1234 5678",
    ]);
  });
  it("keeps one correction whole, commas in its value included", () => {
    const split = (edit as unknown as { createCorrectionSplitter: (w: { correct: string[] }) => (t: string) => string[] }).createCorrectionSplitter;
    expect(split({ correct })("alamat salah, yang benar Jl. Pemuda 8, Rembang")).toEqual(["alamat salah, yang benar Jl. Pemuda 8, Rembang"]);
  });
});
