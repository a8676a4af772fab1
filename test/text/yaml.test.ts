import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { joinedListItems, parseYamlLocated } from "../../src/text/yaml.js";

/** What the reference parser (`yaml`, YAML 1.2 core schema) makes of a text, or "error". */
function reference(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length || doc.warnings.length) return "error";
  try {
    return doc.toJS();
  } catch {
    return "error";
  }
}
function fast(text: string): unknown {
  const y = parseYamlLocated("t.yaml", text);
  return y.issues.length ? "error" : y.value;
}

describe("parseYamlLocated", () => {
  it("reads scalars exactly as YAML 1.2's core schema does", () => {
    const scalars = ["1", "-0", "+12", "007", "0o17", "0x1F", "0b101", "1_000", "-.5", ".5", "1.", "1e3", "-1.5E-2", ".inf", "-.Inf", ".NaN", "~", "null", "Null",
      "true", "True", "FALSE", "yes", "off", "2026-11-28", "12:30", "'12'", '"x\\u00e9"', "", "0.0", "1e", "+.5e+3", "12345678901234567890"];
    for (const s of scalars) expect(fast(`x: ${s}\n`), s).toEqual(reference(`x: ${s}\n`));
    expect(fast("")).toBeNull();
    expect(fast("# only a comment\n")).toBeNull();
  });

  it("reads an empty list item with a comment on its line as the reference does (found by the generated files)", () => {
    for (const text of ["id:\n  - - #\n  - 1\n", "id:\n  - # x\n  - 1\n", "- - # c\n- 2\n"]) expect(fast(text), text).toEqual(reference(text));
  });

  it("agrees with the reference parser on generated documents", () => {
    const word = fc.constantFrom("a", "b", "id", "nama", "0x1", "1.5", "-.5", "true", "~", "2026-01-01", "yes", "'q'", "a: b", "- x", "#c", "<<", "", " ", "|", ">", "&a", "*a", "!!str", "!!int", "\t");
    const line = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(word, { minLength: 1, maxLength: 4 }))
      .map(([indent, ws]) => " ".repeat(indent * 2) + ws.join(ws.length > 1 && (ws[0] as string) !== "- x" ? ": " : " "));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        const text = lines.join("\n") + "\n";
        const ref = reference(text);
        const got = fast(text);
        if (ref === "error") return; // an invalid file's value is not used; its issues come from `yaml` itself
        expect(got, text).toEqual(ref);
      }),
      { numRuns: Number(process.env.YAML_RUNS ?? 3000) },
    );
  });

  it("agrees with the reference parser on generated knowledge-like files", () => {
    const scalar = fc.oneof(
      fc.constantFrom("1", "-3", "0x1F", "0o7", "1.5", "-.5", "1e3", ".inf", "~", "null", "true", "False", "yes", "2026-11-28", "12:30", "0b11", "1_000", "Rp 50.000", "a # b", "a#b", "[]", "{}"),
      fc.string({ unit: fc.constantFrom("a", "b", " ", ":", "-", "#", "'", '"', "*", "&", "%", "@", "é", "\\", ",", "[", "{", "?", "|", ">") , maxLength: 8 }),
    );
    const key = fc.constantFrom("id", "nama", "fee", "sla_days", "aliases", "a b", "1", "true", "x-y", "\"q: x\"", "'p'");
    type Tree = string | Tree[] | [string, Tree][];
    const { tree } = fc.letrec<{ tree: Tree; map: [string, Tree][]; list: Tree[] }>((t) => ({
      tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, t("map"), t("list")),
      map: fc.uniqueArray(fc.tuple(key, t("tree")), { minLength: 1, maxLength: 4, selector: ([k]) => k }),
      list: fc.array(t("tree"), { minLength: 1, maxLength: 4 }),
    }));
    const style = fc.constantFrom("plain", "double", "single", "literal", "folded");
    const render = (v: Tree, indent: string, styles: string[]): string[] => {
      if (typeof v === "string") {
        const st = styles.shift() ?? "plain";
        if (st === "double") return [JSON.stringify(v)];
        if (st === "single") return [`'${v.replace(/'/g, "''")}'`];
        if (st === "literal" || st === "folded") return [st === "literal" ? "|" : ">-", ...[v || "x", "second line"].map((l) => `${indent}  ${l}`)];
        return [v];
      }
      const isMap = v.length > 0 && Array.isArray(v[0]) && v[0].length === 2 && typeof v[0][0] === "string" && (v as unknown[]).every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === "string");
      const out: string[] = [];
      for (const e of v as unknown[]) {
        const [lead, val] = isMap ? [`${(e as [string, Tree])[0]}:`, (e as [string, Tree])[1]] : ["-", e as Tree];
        const body = render(val, indent + "  ", styles);
        if (typeof val === "string") out.push(`${indent}${lead} ${body[0]}`, ...body.slice(1));
        else out.push(`${indent}${lead}`, ...body);
      }
      return out;
    };
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(key, tree), { minLength: 1, maxLength: 5, selector: ([k]) => k }), fc.array(style, { maxLength: 40 }), (root, styles) => {
        const text = render(root as Tree, "", styles).join("\n") + "\n";
        const ref = reference(text);
        if (ref !== "error") expect(fast(text), text).toEqual(ref);
      }),
      { numRuns: Number(process.env.YAML_RUNS ?? 3000) },
    );
  });

  it("reads every knowledge, flow and messages file of the repository as the reference parser does", () => {
    const files = ["knowledge", "knowledge/permits", "flows", "messages/id", "messages/en"].flatMap((d) =>
      readdirSync(d).filter((f) => /\.(ya?ml|md)$/.test(f)).map((f) => join(d, f)),
    );
    expect(files.length).toBeGreaterThan(30);
    for (const f of files) {
      const raw = readFileSync(f, "utf8");
      const text = f.endsWith(".md") ? (/^---\n([\s\S]*?)\n---/.exec(raw)?.[1] ?? "") : raw;
      expect(fast(text), f).toEqual(reference(text));
    }
  });

  it("reports syntax errors, duplicate keys and lines through the positions parser", () => {
    const dup = parseYamlLocated("k.yaml", "a: 1\nb:\n  c: 2\na: 3\n");
    expect(dup.issues).toHaveLength(1);
    expect(dup.issues[0]).toMatchObject({ file: "k.yaml", line: 4 });
    const ok = parseYamlLocated("k.yaml", "a: 1\nb:\n  - x\n  - y: 2\n", 10);
    expect(ok.issues).toEqual([]);
    expect(ok.lineOf(["b", 1, "y"])).toBe(14);
    expect(ok.lineOf(["b", 7])).toBe(12); // missing: the closest existing parent
    expect(parseYamlLocated("k.yaml", "a: [1, 2\n").issues[0]).toMatchObject({ file: "k.yaml", line: expect.any(Number) });
    expect(parseYamlLocated("k.yaml", "a: *nowhere\n").issues[0]).toMatchObject({ file: "k.yaml", message: expect.stringContaining("nowhere") });
  });

  it("says a layout slip once, in plain words, at the line a clerk must fix", () => {
    const doc = ["id: pbg", 'name: "Persetujuan Bangunan Gedung', "requirements:", "  - id: ktp", "    name: KTP pemohon", "    required: true", "  - id: sertifikat", "    name: Sertifikat tanah", ""].join("\n");
    // A tab: the parser reports eight errors; the clerk reads one.
    const tab = parseYamlLocated("p.md", doc.replace('"Persetujuan', "Persetujuan").replace("    name: KTP", "\tname: KTP"));
    expect(tab.issues).toEqual([{ file: "p.md", line: 5, message: expect.stringMatching(/^a tab is used to indent this line: indent with spaces only.*\(YAML: Tabs are not allowed as indentation\); fix this and check again/) }]);
    // An unclosed quote is reported where it opened, not at the end of the file.
    expect(parseYamlLocated("p.md", doc).issues).toEqual([{ file: "p.md", line: 2, message: expect.stringMatching(/^a quote opened on this line is not closed/) }]);
    // One space too many: said with the spaces to write, at that line (review of 2026-12-01).
    const space = parseYamlLocated("p.md", doc.replace('"Persetujuan', "Persetujuan").replace("    name: KTP", "     name: KTP"));
    expect(space.issues).toEqual([{ file: "p.md", line: 5, message: expect.stringMatching(/^this line is indented 5 spaces and the line above 4: keys of one block start at the same column; indent it with 4 spaces/) }]);
    // A key of a block written at its parent's column ("fee:" then "text:"): which line slipped is not sure, so the layout hint.
    const block = parseYamlLocated("p.md", ["fee:", "text: Gratis.", "  amount: gratis", "duration:", "  text: 5 hari", ""].join("\n"));
    expect(block.issues).toEqual([{ file: "p.md", line: expect.any(Number), message: expect.stringMatching(/^the layout of this line or the next is off: indent each line/) }]);
  });
});

describe("joinedListItems", () => {
  /** The lines reported, each checked against what YAML really makes of the text. */
  function joined(text: string, blockText = false): number[] {
    const lines = joinedListItems("k.yaml", text).map((i) => i.line);
    const value = reference(text);
    expect(value, text).not.toBe("error");
    // Every reported line really became words of a list item ("a - b"), and nothing else did.
    const texts: string[] = [];
    const walk = (v: unknown): void => void (typeof v === "string" ? texts.push(v) : v && typeof v === "object" && Object.values(v).forEach(walk));
    walk(value);
    // (A block text keeps its lines: its "- " are its own.)
    if (!blockText) expect(texts.some((s) => /(^|\s)- /.test(s)), text).toBe(lines.length > 0);
    return lines;
  }

  it("finds a dash line indented further than the plain item above, which YAML joins to it", () => {
    expect(joined("aliases:\n  - SIPP\n  - izin kerja perawat\n    - surat izin mantri\n  - SIKP\n")).toEqual([4]);
    expect(joined("aliases:\n  - a\n   - b\n     - c\n")).toEqual([3, 4]);
    expect(joined("aliases:\n- a\n - b\n")).toEqual([3]);
    // Joined across an empty line too (as a new line of the item), and nested lists' items.
    expect(joined("a:\n  - x\n\n    - y\n")).toEqual([4]);
    expect(joined("r:\n  - id: ktp\n    accept:\n      - pdf\n        - jpg\n")).toEqual([5]);
    // An item continued on purpose on a line without a dash, then a dash line further in.
    expect(joined("procedure:\n  - Pemeriksaan berkas\n    oleh DPMPTSP.\n    - Cek ulang.\n")).toEqual([4]);
    const issue = joinedListItems("p.md", "aliases:\n  - izin kerja perawat\n    - surat izin mantri\n", 1)[0];
    expect(issue).toEqual({ file: "p.md", line: 4, message: 'this item is indented further than the item on line 3, so YAML joins it to that one ("izin kerja perawat - surat izin mantri"); line up the dashes: put 2 space(s) before this dash, as on line 3' });
  });

  it("leaves alone what YAML does not join: items lined up, continued without a dash, nested under a key, in block texts", () => {
    expect(joined("procedure:\n  - Ajukan permohonan\n    ke DPMPTSP (lewat Loket).\n  - Terbit.\n")).toEqual([]);
    expect(joined("requirements:\n  - id: ktp\n    accept:\n      - pdf\n      - jpg\n  - id: foto\n")).toEqual([]);
    expect(joined("a:\n  - x:\n    - y\n  - z\n")).toEqual([]);
    expect(joined("a:\n  - |\n    Syarat:\n    - KTP\n      - fotokopi\n  - b\n", true)).toEqual([]);
    expect(joined("t: >-\n  - a\n    - b\nu:\n  - c\n    - d\n", true)).toEqual([6]);
    expect(joined("a: [x, y]\nb:\n  - c\nd:\n  - e\n")).toEqual([]);
  });

  it("finds nothing in the shipped knowledge files", () => {
    for (const f of readdirSync("knowledge/permits").map((f) => join("knowledge/permits", f)).concat(["knowledge/office.yaml", "knowledge/referrals.yaml", "knowledge/understanding.yaml"])) {
      expect(joinedListItems(f, readFileSync(f, "utf8")), f).toEqual([]);
    }
  });
});
