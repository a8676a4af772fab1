import { describe, expect, it } from "vitest";
import { createMessages, fill } from "../../src/text/messages.js";

describe("message templates", () => {
  it("fills every placeholder, repeated ones too, and keeps unknown ones visible", () => {
    expect(fill("Halo {name}, nomor {no} ({name})", { name: "Bapak/Ibu", no: 7 })).toBe("Halo Bapak/Ibu, nomor 7 (Bapak/Ibu)");
    expect(fill("{a}{b}", { a: "x", b: "" })).toBe("x");
    expect(fill("Biaya {fee} untuk {permit}", { fee: "Rp0" })).toBe("Biaya Rp0 untuk {permit}");
    expect(fill("tanpa isian", { x: 1 })).toBe("tanpa isian");
    expect(fill("{x}", undefined)).toBe("{x}");
    // Values are inserted as they are: braces in a value are not filled again.
    expect(fill("{a} {b}", { a: "{b}", b: "2" })).toBe("{b} 2");
  });

  it("gives the same text on every call (templates are compiled once)", () => {
    const m = createMessages("id", { greet: "Selamat {when}, {who}." });
    for (let i = 0; i < 3; i++) expect(m.t("greet", { when: "pagi", who: "Bapak/Ibu" })).toBe("Selamat pagi, Bapak/Ibu.");
    expect(m.t("missing.key")).toBe("missing.key");
  });
});
