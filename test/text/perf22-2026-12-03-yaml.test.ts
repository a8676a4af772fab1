import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile, cp } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import jsYaml from "js-yaml";
import { parseDocument } from "yaml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadFlows } from "../../src/engine/flows/load.js";
import { validateKnowledge } from "../../src/knowledge/load.js";
import { loadMessages } from "../../src/text/messages.js";
import { parseYamlLocated } from "../../src/text/yaml.js";

/**
 * perf22 (2026-12-03, issue #9): the cold knowledge load read every file with js-yaml, a quarter
 * of its time. Loket's own files are plain YAML, now read line by line (src/text/yaml-plain.ts),
 * anything else as before. Held-out cases, written before the reader was wired in and run on the
 * unchanged code (d3db45a): 6/8 (1 and 2 fail there: js-yaml read every file); 8/8 after.
 */
const ROOT = resolve(".");
function reference(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length || doc.warnings.length) return "error";
  return doc.toJS();
}
function read(text: string): unknown {
  const y = parseYamlLocated("t.yaml", text);
  return y.issues.length ? "error" : y.value;
}
const frontOf = (text: string): string => /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? "";

describe("the plain YAML of Loket's own files, read without js-yaml (perf22)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("1: every shipped knowledge file is read without js-yaml, and the knowledge check finds nothing", async () => {
    const load = vi.spyOn(jsYaml, "load");
    const { issues, kb } = await validateKnowledge(join(ROOT, "knowledge"));
    expect(issues).toEqual([]);
    expect(kb?.permits.length).toBeGreaterThanOrEqual(23);
    expect(load).not.toHaveBeenCalled();
  });

  it("2: every shipped flow and message file is read without js-yaml", async () => {
    const load = vi.spyOn(jsYaml, "load");
    await loadFlows(join(ROOT, "flows"));
    await loadMessages(join(ROOT, "messages"), ROOT);
    expect(load).not.toHaveBeenCalled();
  });

  it("3: every YAML file of the project (knowledge, flows, messages, tests) reads as the yaml package reads it", () => {
    const files = execFileSync("git", ["ls-files", "*.yaml", "*.yml", "*.md"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
    let compared = 0;
    for (const f of files) {
      const raw = readFileSync(join(ROOT, f), "utf8");
      const text = f.endsWith(".md") ? frontOf(raw) : raw;
      if (!text.trim()) continue;
      const want = reference(text);
      if (want === "error" || want === null || typeof want !== "object") continue;
      expect(read(text), f).toEqual(want);
      compared++;
    }
    expect(compared).toBeGreaterThan(700);
  });

  it("4: YAML beyond the plain part (texts over lines, >, anchors, escapes, CRLF, a BOM) reads as before", () => {
    const texts = [
      "note: a text\n  going on\nb: 1\n",
      "body: >\n  folded\n  text\n\n  again\nx: y\n",
      "base: &b { a: 1 }\nother: *b\n",
      'a: "x\\x41y \\u00e9"\nb: "\\U0001F600"\n',
      "a: 1\r\nb: [x, y]\r\n",
      "\uFEFFid: nib\nname: NIB\n",
      "list:\n- a\n-   b\n- c: 1\n  d: 2\n",
      "'quoted key': 1\n\"k2\": 'it''s'\nempty:\nn: ~\nt: True\nf: 0x1F\ng: 0o17\nh: 1e3\ni: .inf\nj: -.5\nk: 012\n",
      "roots: [\n  # a comment\n  aju, ajar,\n  bangun # and here\n]\nmap: {\n  a: 1,\n  \"b\": two\n}\n",
      "text: |\n  line one\n\n    indented\n  last\n\n\nnext: 1\n",
      "a: b: c\n",
      "a: 1\na: 2\n",
      "key with spaces: value with: colon inside\n",
      "- a\n- - b\n",
      "url: https://example.org/a#b\nc: C# and c #comment\n",
    ];
    for (const t of texts) expect(read(t), JSON.stringify(t)).toEqual(reference(t));
  });

  describe("a clerk's broken file is refused with the same file:line", () => {
    let dir: string;
    afterEach(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });
    const broken = async (edit: (text: string) => string): Promise<string[]> => {
      dir = await mkdtemp(join(tmpdir(), "loket-perf22-"));
      await cp(join(ROOT, "knowledge"), dir, { recursive: true });
      const file = join(dir, "permits", "nib.md");
      await writeFile(file, edit(await readFile(file, "utf8")));
      const { issues } = await validateKnowledge(dir, { root: dir });
      return issues.filter((i) => i.file.endsWith("nib.md")).map((i) => `${i.line}: ${i.message}`);
    };

    it("5: a key written twice is reported at its second line", async () => {
      const issues = await broken((t) => t.replace(/^name: (.*)$/m, "name: $1\nname: again"));
      expect(issues.join("\n")).toMatch(/^4: .*name/im);
    });

    it("6: a key indented wrongly is reported, not read as something else", async () => {
      const issues = await broken((t) => t.replace(/^category: /m, "   category: "));
      expect(issues.length).toBeGreaterThan(0);
    });

    it("7: a value on the key's next lines (a text over two lines) is still read whole", async () => {
      dir = await mkdtemp(join(tmpdir(), "loket-perf22-"));
      await cp(join(ROOT, "knowledge"), dir, { recursive: true });
      const file = join(dir, "permits", "nib.md");
      await writeFile(file, (await readFile(file, "utf8")).replace(/^category: .*$/m, "category: Usaha\n  dan perdagangan"));
      const { kb, issues } = await validateKnowledge(dir, { root: dir });
      expect(issues).toEqual([]);
      expect(kb?.permits.find((p) => p.id === "nib")?.category).toBe("Usaha dan perdagangan");
    });
  });

  it("8: understanding.yaml's roots and known words (lists over many lines with comments) read as the yaml package reads them", () => {
    const text = readFileSync(join(ROOT, "knowledge", "understanding.yaml"), "utf8");
    const v = read(text) as { roots: string[]; known_words: string[] };
    const want = reference(text) as typeof v;
    expect(v.roots).toEqual(want.roots);
    expect(v.known_words).toEqual(want.known_words);
    expect(v.roots.length).toBeGreaterThan(100);
  });
});
