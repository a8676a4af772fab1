import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { serialize } from "node:v8";
import { parseDocument } from "yaml";
import { loadFlows } from "../../src/engine/flows/load.js";
import { parseYamlLocated } from "../../src/text/yaml.js";

// V8's serializer writes a string with its form's tag: '"' one byte a character, 'c' two.
const oneByte = (s: string): boolean => serialize(s)[2] === 0x22;
const strings = (v: unknown, out: string[] = []): string[] => {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === "object")
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      strings(x, out);
    }
  return out;
};
function reference(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length || doc.warnings.length) return "error";
  return doc.toJS();
}
function fast(text: string): unknown {
  const y = parseYamlLocated("t.yaml", text);
  return y.issues.length ? "error" : y.value;
}

describe("YAML read from a text with characters beyond Latin-1 (perf7)", () => {
  it("gives one-byte strings wherever they fit, and the wide ones intact", () => {
    const text = "# kantor — jam buka\nid: nib\nsteps:\n  - id: followup\n    text: \"Halo 😀 Bapak/Ibu\"\n  - { id: topic, label: 'Jum’at' }\nkafé: \"x\\u2014y\"\n";
    const v = fast(text) as Record<string, unknown>;
    expect(v).toEqual(reference(text));
    for (const s of strings(v)) expect(oneByte(s), s).toBe(!/[^\x00-\xff]/.test(s));
    expect((v.steps as { text?: string }[])[0]!.text).toBe("Halo 😀 Bapak/Ibu");
  });

  it("picks another marker when the text has the first ones, and copies the strings when it has them all", () => {
    for (const text of ["a: ¤ — b\n", "a: ¤¶§ — b\nc: d\n", "¤: 1\n¶: —\n§: 3\n¬: 4\nµ: 5\n×: 6\n÷: '7 —'\nkey: value\n", "\uFEFFid: x — y\n"]) {
      const v = fast(text);
      expect(v, text).toEqual(reference(text));
      for (const s of strings(v)) expect(oneByte(s), s).toBe(!/[^\x00-\xff]/.test(s));
    }
  });

  it("agrees with the reference parser on generated texts with wide characters", () => {
    const unit = fc.constantFrom("a", "b", " ", ":", "-", "#", "'", '"', "—", "😀", "’", "é", "¤", "¶", "\\", ",", "0", "1");
    const value = fc.string({ unit, maxLength: 10 });
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string({ unit: fc.constantFrom("a", "b", "é", "—", "¤"), minLength: 1, maxLength: 4 }), value), { minLength: 1, maxLength: 5, selector: ([k]) => k }), fc.boolean(), (pairs, quoted) => {
        const text = pairs.map(([k, v]) => `${k}: ${quoted ? JSON.stringify(v) : v}`).join("\n") + "\n";
        const ref = reference(text);
        if (ref === "error") return;
        expect(fast(text), text).toEqual(ref);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps the ids of the repository's flows one byte a character (they go into every conversation state)", async () => {
    const flows = await loadFlows("flows");
    const ids = [...flows.byId.values()].flatMap((f) => [f.id, ...f.steps.map((s) => s.id)]);
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) expect(oneByte(id), id).toBe(true);
  });
});
