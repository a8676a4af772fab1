import { describe, expect, it } from "vitest";
import { maskPersonalData } from "../../src/llm/mask.js";

const elapsed = (f: () => void) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

/** Masking runs on every message sent to the model: a long run of letters must not cost the square of its length (the security review). */
describe("masking personal data on long input", () => {
  it("masks a 16,000-letter run without an @ in well under a second, and still masks e-mail addresses", () => {
    expect(elapsed(() => maskPersonalData("a".repeat(16_000)))).toBeLessThan(400);
    expect(elapsed(() => maskPersonalData("x.".repeat(8_000)))).toBeLessThan(400);
    const masked = maskPersonalData("email saya budi.s+izin@contoh.co.id ya, cc siti@mail.com");
    expect(masked).not.toMatch(/budi|siti@/);
    expect(maskPersonalData("tulis ke a.b@c.de")).not.toContain("a.b@c.de");
  });
});
