import { serialize } from "node:v8";
import fc from "fast-check";
import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { parseYamlLocated } from "../../src/text/yaml.js";
import { NOT_PLAIN, parsePlainYaml } from "../../src/text/yaml-plain.js";

/** perf22's probe, written after the plain YAML reader (src/text/yaml-plain.ts): 5 cases. */
function reference(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length || doc.warnings.length) return "error";
  try {
    return doc.toJS();
  } catch {
    return "error"; // an alias without its anchor
  }
}
const read = (text: string): unknown => {
  const y = parseYamlLocated("t.yaml", text);
  return y.issues.length ? "error" : y.value;
};
const oneByte = (s: string): boolean => serialize(s)[2] === 0x22;

describe("plain YAML reader, probe (perf22)", () => {
  it("1: a permit front matter saved with Windows line ends reads as with Unix ones", () => {
    const unix = "id: nib\nname: NIB\naliases:\n  - nomor induk\nrequirements:\n  - id: ktp\n    name: KTP\n    accept: [pdf, jpg]\n";
    expect(read(unix.replace(/\n/g, "\r\n"))).toEqual(read(unix));
    expect(read(unix)).toEqual(reference(unix));
  });

  it("2: flow maps with quoted texts holding commas, colons and hashes", () => {
    const text = 'options:\n  - { id: bu, label: "Badan usaha (PT, CV)", note: \'a: b # c\' }\n  - { id: p, label: "Perorangan" } # a comment\n';
    expect(parsePlainYaml(text)).not.toBe(NOT_PLAIN);
    expect(read(text)).toEqual(reference(text));
  });

  it("3: a | text with blank lines, spaces-only lines and a comment-looking line inside", () => {
    for (const text of ["body: |\n  a\n\n  # not a comment\n   b\n  \nnext: x\n", "body: |\n  a\n      \n  b\nnext: x\n", "- k: |\n    t\n  j: 1\n"]) {
      expect(read(text), JSON.stringify(text)).toEqual(reference(text));
    }
  });

  it("4: an em dash in a comment and an emoji in a value: ids stay one-byte, the emoji intact", () => {
    const text = "# kantor — jam\nid: survey\nsteps:\n  - id: followup\n    text: \"Terima kasih 🙏\"\n";
    const v = read(text) as { id: string; steps: { id: string; text: string }[] };
    expect(v).toEqual(reference(text));
    expect(oneByte(v.id) && oneByte(v.steps[0]!.id) && oneByte(Object.keys(v.steps[0]!)[1]!)).toBe(true);
    expect(v.steps[0]!.text).toBe("Terima kasih 🙏");
  });

  it("5: generated documents of keys, lists, flows and scalars: read as the yaml package reads them", () => {
    const scalar = fc.oneof(
      fc.constantFrom("ya", "true", "False", "null", "~", "12", "012", "-3", "1.5", "0x1f", ".inf", "a: b", "x #y", "C#", "'q'", '"d"', "[a, b]", "{ a: 1 }", "-", "- x", "|", ">", "&a", "*a", "é — ü", "it's", ""),
      fc.stringMatching(/^[a-z0-9 :#'",\-[\]{}]{0,12}$/),
    );
    const key = fc.oneof(fc.constantFrom("id", "name", "a b", "1", "true", "'k'", '"k"', "x-y", "k:"), fc.stringMatching(/^[a-z][a-z ]{0,6}$/));
    const line = fc.tuple(fc.constantFrom(0, 2, 4), fc.constantFrom("", "- "), key, scalar, fc.boolean()).map(([n, dash, k, v, bare]) => `${" ".repeat(n)}${dash}${bare ? v : `${k}: ${v}`}`);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        const text = lines.join("\n") + "\n";
        const want = reference(text);
        if (want === "error" || want === null || typeof want !== "object") return;
        expect(read(text)).toEqual(want);
      }),
      { numRuns: 3000, seed: 22 },
    );
  });
});
