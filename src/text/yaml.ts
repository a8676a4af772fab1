import { createRequire } from "node:module";
import jsYaml from "js-yaml";
import type { Document, Node } from "yaml";
import type { FileIssue } from "../errors.js";

/**
 * A YAML document with line lookups, so validation errors can say `file:line`.
 * Used by the knowledge, flow and messages loaders.
 */
export interface LocatedYaml {
  file: string;
  value: unknown;
  /** 1-based line of the node at `path` (or of the closest existing parent). */
  lineOf(path: (string | number)[]): number;
  /** 1-based line where the value at `path` starts (below its key for a text on the next lines); as lineOf when not found. */
  valueLineOf?(path: (string | number)[]): number;
  issues: FileIssue[];
}

/**
 * Two parsers, one meaning. `js-yaml` reads a valid file in a sixth of the time the `yaml`
 * package needs cold (~50 ms against ~300 ms for the whole knowledge base at start-up), but only
 * `yaml` keeps the position of every node. So a file is read with js-yaml, restricted to exactly
 * YAML 1.2's core schema (the one `yaml` uses: no dates, no `<<` merges, no 0b numbers), and the
 * `yaml` package is loaded only when a line is asked for (a validation error) or js-yaml refuses
 * the text, in which case `yaml` decides: its error messages and its value are the reference.
 */
/** The value at `path` in a parsed YAML document (undefined where the path leads nowhere). */
export function valueAt(root: unknown, path: (string | number)[]): unknown {
  let v = root;
  for (const p of path) v = v !== null && typeof v === "object" ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

export function parseYamlLocated(file: string, text: string, lineOffset = 0): LocatedYaml {
  if (CURLY.test(text)) {
    const curly = curlyQuoted(file, text, lineOffset);
    if (curly.length) return { file, value: undefined, issues: curly, lineOf: (path) => parseWithPositions(file, text, lineOffset).lineOf(path) };
  }
  // Explicit tags (`!!str`), tabs and empty list items (a line holding only `-`, or `- #comment`) are rare here and
  // are not read alike by both parsers in every layout.
  if (text.includes("\t") || TAG.test(text) || EMPTY_ITEM.test(text)) return parseWithPositions(file, text, lineOffset);
  let value: unknown;
  try {
    const read = narrowText(text);
    value = jsYaml.load(read.text, { schema: CORE_SCHEMA, filename: file });
    if (read.marker) value = restored(value, read.marker);
    else value = narrowed(value, text);
  } catch {
    return parseWithPositions(file, text, lineOffset);
  }
  // Every file Loket reads is a mapping or a list; keys that are not plain text (`~:`, `[a, b]:`)
  // are read differently by the two parsers. Anything else: let `yaml` decide.
  if (value === null || typeof value !== "object" || hasOddKey(value)) return parseWithPositions(file, text, lineOffset);
  let full: LocatedYaml | undefined;
  return {
    file,
    value,
    issues: [],
    lineOf: (path) => (full ??= parseWithPositions(file, text, lineOffset)).lineOf(path),
    valueLineOf: (path) => (full ??= parseWithPositions(file, text, lineOffset)).valueLineOf!(path),
  };
}

/**
 * A text with one character beyond Latin-1 (an em dash, a curly quote, an emoji, in a comment
 * even) is held by V8 in two bytes a character, and so is every string a parser cuts from it:
 * "nib", "followup". Ids read so (permits, flows, steps, fields) went into every conversation
 * state, whose JSON then took two bytes a character too: in the rows the store keeps in memory
 * (~1 KB instead of ~0.5 KB a conversation) and in every stringify, parse and UTF-8 encoding. A
 * property name is interned in its two-byte form as soon as the parser sets it, and every later
 * one-byte "followup" used as a name resolves to it, so copying the values afterwards is too late.
 * So js-yaml reads a one-byte text: each such character written as a Latin-1 marker no text of
 * the file has and its four hex digits (a marker is a plain character to YAML, like the one it
 * stands for, and cannot make a number or a boolean), and the strings that hold a marker get
 * their characters back. Without a free marker, or from the `yaml` package (errors, rare
 * layouts), the strings are copied afterwards instead.
 */
const WIDE = /[^\x00-\xff]/;
const MARKERS = ["\u00a4", "\u00b6", "\u00a7", "\u00ac", "\u00b5", "\u00d7", "\u00f7"];
function oneByte(s: string): string {
  return Buffer.from(s, "latin1").toString("latin1");
}
function narrowText(text: string): { text: string; marker?: string } {
  if (!WIDE.test(text)) return { text };
  const marker = MARKERS.find((m) => !text.includes(m));
  if (!marker) return { text };
  // A byte order mark starts no content (js-yaml skips it).
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return { text: oneByte(body.replace(/[^\x00-\xff]/g, (c) => marker + c.charCodeAt(0).toString(16).padStart(4, "0"))), marker };
}
function restored(v: unknown, marker: string): unknown {
  const back = new RegExp(`${marker}([0-9a-f]{4})`, "g");
  const walk = (x: unknown): unknown => {
    if (typeof x === "string") return x.includes(marker) ? x.replace(back, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : x;
    return rebuilt(x, walk);
  };
  return walk(v);
}
/**
 * Arrays and plain objects with `f` applied to every element, key and value; an object is made
 * anew when a key changes, or always with `fresh` (keys of the same text but another form).
 */
function rebuilt(x: unknown, f: (x: unknown) => unknown, fresh = false): unknown {
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) x[i] = f(x[i]);
    return x;
  }
  if (x === null || typeof x !== "object" || Object.getPrototypeOf(x) !== Object.prototype) return x;
  const o = x as Record<string, unknown>;
  const keys = Object.keys(o);
  if (!fresh && keys.every((k) => f(k) === k)) {
    for (const k of keys) o[k] = f(o[k]);
    return o;
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) Object.defineProperty(out, f(k) as string, { value: f(o[k]), enumerable: true, writable: true, configurable: true });
  return out;
}
/** Strings of a two-byte text copied into one-byte ones where they fit Latin-1 (see above). */
function narrowed(value: unknown, text: string): unknown {
  if (!WIDE.test(text)) return value;
  const walk = (x: unknown): unknown => (typeof x === "string" ? (WIDE.test(x) ? x : oneByte(x)) : rebuilt(x, walk, true));
  return walk(value);
}

const TAG = /(?:^|[\s,[{])!/;
const CURLY = /[\u201C\u2018\u201E]/;

/**
 * Texts put in curly quotes (“…”, ‘…’), as Word, LibreOffice and phone keyboards type them. YAML
 * knows only straight quotes: it reads curly ones as letters of the text, so citizens read them
 * (a button “Perorangan”), and a ", " or ": " inside cuts the text ({ label: “Badan usaha (PT, CV)” }
 * was reported as an unknown key "CV"). A value that starts with an opening curly quote and ends
 * with a closing one is said as such, with the straight-quoted text to write; a curly quote inside
 * a text (`Disebut “TDG” oleh warga`, `Jum’at`) is left alone.
 */
function curlyQuoted(file: string, text: string, lineOffset: number): FileIssue[] {
  const issues: FileIssue[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^\s*#/.test(line)) return;
    // An opening quote where a value starts: after "- ", "key: ", "[", "{" or ", ".
    const open = /(?:^\s*(?:-\s+)*|:\s+|[[{,]\s*)([\u201C\u2018\u201E])/g;
    for (let m = open.exec(line); m; m = open.exec(line)) {
      const from = m.index + m[0].length;
      const close = /[\u201D\u2019\u201C]/g;
      close.lastIndex = from;
      for (let c = close.exec(line); c; c = close.exec(line)) {
        if (!/^\s*(?:$|[,}\]]|#)/.test(line.slice(c.index + 1))) continue;
        const inside = line.slice(from, c.index).replace(/"/g, "'");
        issues.push({
          file,
          line: i + 1 + lineOffset,
          message: `this text is in curly quotes (${m[1]}…${c[0]}), as Word or a phone types them: YAML knows only straight quotes, so it would keep the curly ones in the text (citizens read them) and cut the text at a ", " or ": " inside it. Write it in straight quotes: "${inside}"`,
        });
        return;
      }
    }
  });
  return issues;
}
const EMPTY_ITEM = /^[ ]*(?:-[ ]+)*-[ ]*(?:#.*)?$/m;

function hasOddKey(v: unknown, seen = new Set<object>()): boolean {
  if (v === null || typeof v !== "object" || seen.has(v)) return false;
  seen.add(v); // an alias may point back to its own anchor
  if (Array.isArray(v)) return v.some((x) => hasOddKey(x, seen));
  for (const [k, x] of Object.entries(v)) if (k === "" || k === "null" || k.includes(",") || k.startsWith("[object ") || hasOddKey(x, seen)) return true;
  return false;
}

// YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), as the `yaml` package resolves it.
const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const CORE_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    new jsYaml.Type("tag:yaml.org,2002:null", {
      kind: "scalar",
      resolve: (s: string) => /^(?:~|null|Null|NULL)?$/.test(s),
      construct: () => null,
      predicate: (v: unknown) => v === null,
    }),
    new jsYaml.Type("tag:yaml.org,2002:bool", {
      kind: "scalar",
      resolve: (s: string) => /^(?:true|True|TRUE|false|False|FALSE)$/.test(s),
      construct: (s: string) => s[0] === "t" || s[0] === "T",
      predicate: (v: unknown) => typeof v === "boolean",
    }),
    new jsYaml.Type("tag:yaml.org,2002:int", {
      kind: "scalar",
      resolve: (s: string) => INT.test(s),
      construct: (s: string) => (s.startsWith("0o") ? parseInt(s.slice(2), 8) : s.startsWith("0x") ? parseInt(s.slice(2), 16) : parseInt(s, 10)),
      predicate: (v: unknown) => typeof v === "number" && Number.isInteger(v),
    }),
    new jsYaml.Type("tag:yaml.org,2002:float", {
      kind: "scalar",
      resolve: (s: string) => FLOAT.test(s),
      construct: (s: string) => (/nan$/i.test(s) ? NaN : /inf$/i.test(s) ? (s.startsWith("-") ? -Infinity : Infinity) : parseFloat(s)),
      predicate: (v: unknown) => typeof v === "number",
    }),
  ],
});

type YamlModule = typeof import("yaml");
let yamlModule: YamlModule | undefined;
/** The `yaml` package, loaded on first need: most start-ups never need it. */
function yaml(): YamlModule {
  return (yamlModule ??= createRequire(import.meta.url)("yaml") as YamlModule);
}

function parseWithPositions(file: string, text: string, lineOffset: number): LocatedYaml {
  const { LineCounter, parseDocument } = yaml();
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const issues: FileIssue[] = [];
  // One slip of layout (a tab, a space too many) makes the parser report several errors, the
  // later ones jargon that follows from the first: the first is reported, in plain words.
  const [first, ...rest] = [...doc.errors, ...doc.warnings];
  if (first) {
    const said = first.message.split("\n")[0] ?? "invalid YAML";
    const quoteLine = first.code === "MISSING_CHAR" && /quote/.test(said) ? unclosedQuoteLine(text) : undefined;
    const lines = text.split(/\r?\n/);
    const reported = quoteLine ?? first.linePos?.[0]?.line ?? lc.linePos(first.pos[0]).line;
    // The parser notices a list in [brackets] left open on the line after it: said where it opened.
    const opener = (first.code === "BAD_INDENT" && /Flow sequence/.test(said)) || first.code === "BLOCK_IN_FLOW" ? unclosedOpener(lines, reported) : undefined;
    const bracketLine = opener?.kind === "[" ? opener.line : undefined;
    const line = bracketLine ?? reported;
    const lineText = lines[line - 1] ?? "";
    const shifted = LAYOUT_CODES.includes(first.code) ? (indentSlip(lines, line) ?? indentSlip(lines, line + 1) ?? indentSlip(lines, line - 1)) : undefined;
    const twice = first.code === "DUPLICATE_KEY" ? keyWrittenTwice(doc, lc, line) : undefined;
    const numbered = LAYOUT_CODES.includes(first.code) ? numberedItem(lines, line) : undefined;
    const plain = (bracketLine ? UNCLOSED_LIST : undefined) ?? twice ?? markStart(lineText) ?? quoteClosedEarly(lineText) ?? numbered?.message ?? shifted?.message ?? colonSlip(first.code, lineText) ?? plainYamlError(first.code, said);
    const more = rest.length ? "; fix this and check again: the problems reported after it may come from it" : "";
    issues.push({ file, line: (numbered?.line ?? shifted?.line ?? line) + lineOffset, message: plain ? `${plain} (YAML: ${said})${more}` : `${said}${more}` });
  }
  const lineOf = (path: (string | number)[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
      const pair = n > 0 ? findPairKey(doc, path.slice(0, n)) : undefined;
      const range = pair?.range ?? node?.range;
      if (range) return lc.linePos(range[0]).line + lineOffset;
    }
    return 1 + lineOffset;
  };
  const valueLineOf = (path: (string | number)[]): number => {
    const range = (doc.getIn(path, true) as Node | undefined)?.range;
    return range ? lc.linePos(range[0]).line + lineOffset : lineOf(path);
  };
  let value: unknown;
  if (!issues.length) {
    try {
      value = narrowed(doc.toJS(), text);
    } catch (e) {
      // e.g. an alias (`*x`) whose anchor (`&x`) is missing: `yaml` finds it only when building
      // values. Unquoted WhatsApp bold (`text: *Gratis*`) is read so: said at its own line.
      const alias = unresolvedAlias(doc);
      if (alias) {
        issues.push({ file, line: lc.linePos(alias.at).line + lineOffset, message: `a text that starts with * (bold) must be in quotes: write "*${alias.name}" (YAML reads *${alias.name} as a reference to an anchor)` });
      } else issues.push({ file, line: 1 + lineOffset, message: e instanceof Error ? e.message : "invalid YAML" });
    }
  }
  return { file, value, lineOf, valueLineOf, issues };
}

/**
 * A key written twice in one block (a second "later:" added at the end of the file, "accept:"
 * twice in a document): YAML keeps one of the two values, so the key is named with the line of
 * the other. `line`: the line of the second, as the parser reports it.
 */
function keyWrittenTwice(doc: Document, lc: InstanceType<YamlModule["LineCounter"]>, line: number): string | undefined {
  const { visit, isScalar } = yaml();
  let said: string | undefined;
  visit(doc, {
    Map(_key, map) {
      const seen = new Map<string, { at: number; value: unknown }>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || !key.range) continue;
        const name = String(key.value);
        const at = lc.linePos(key.range[0]).line;
        const first = seen.get(name);
        if (first !== undefined && at === line) {
          said = `"${name}" is written twice in this block (first at line ${first.at}): YAML would keep only one of them; keep one "${name}:" with everything it should hold, and remove the other`;
          // A document's `when` on two questions written as two lines: the one line meaning both.
          const both = name === "when" ? whenTogether(first.value, toPlain(pair.value)) : undefined;
          if (both) said += `. A document asked only when both answers are given has one when: with both questions: ${both} (docs/knowledge.md, section 3)`;
          return visit.BREAK;
        }
        if (first === undefined) seen.set(name, { at, value: toPlain(pair.value) });
      }
      return undefined;
    },
  });
  return said;
}

/** A node's plain value (a `when`'s map), or undefined. */
const toPlain = (node: unknown): unknown => (node && typeof node === "object" && "toJSON" in node && typeof node.toJSON === "function" ? (node.toJSON as () => unknown)() : undefined);

/** Two `when` maps as the one line that asks for both: `when: { jenis_praktik: mandiri, jenis_permohonan: baru }`. */
function whenTogether(a: unknown, b: unknown): string | undefined {
  const isMap = (x: unknown): x is Record<string, unknown> => !!x && typeof x === "object" && !Array.isArray(x);
  if (!isMap(a) || !isMap(b)) return undefined;
  const one = (v: unknown): string => (Array.isArray(v) ? `[${v.map(one).join(", ")}]` : /^[a-z0-9_-]+$/.test(String(v)) ? String(v) : `"${String(v)}"`);
  return `when: { ${Object.entries({ ...a, ...b }).map(([k, v]) => `${k}: ${one(v)}`).join(", ")} }`;
}

/** The first alias (`*name`) with no anchor (`&name`) before it, and where it is. */
function unresolvedAlias(doc: Document): { name: string; at: number } | undefined {
  const { visit, isAlias } = yaml();
  const anchors = new Set<string>();
  let found: { name: string; at: number } | undefined;
  visit(doc, {
    Node(_key, node) {
      if (found) return visit.BREAK;
      if (isAlias(node)) {
        if (!anchors.has(node.source)) found = { name: node.source, at: node.range?.[0] ?? 0 };
      } else if ((node as { anchor?: string }).anchor) anchors.add((node as { anchor: string }).anchor);
      return undefined;
    },
  });
  return found;
}

/**
 * A value in quotes that goes on after its closing quote (`"Baik, "pengajuan" dibatalkan."`,
 * `'Jum'at'`): the quote inside the text closed it. Said so, with the way out.
 */
/**
 * A text starting with "*" (WhatsApp's bold: `note: *wajib* untuk PT`) or "&": YAML reads those as
 * marks of its own (a reference to another part of the file), so the line fails to read. Said with
 * the line to write, the text in quotes.
 */
function markStart(line: string): string | undefined {
  const m = /^(\s*(?:-\s+)?(?:[^\s#:"'{[-][^:]*:\s+)?)([*&]\S.*?)\s*$/.exec(line);
  if (!m) return undefined;
  const text = m[2]!.replace(/\s+#.*$/, "");
  return `a text starting with "${text[0]}" is read by YAML as a mark of its own, not as text: put the whole text in quotes (${m[1]!.trimStart()}"${text.replace(/"/g, "'")}")`;
}

function quoteClosedEarly(line: string): string | undefined {
  const m = /^\s*(?:-\s+)?(?:[^\s"'#{[-][^:]*:\s+)?(["'])([^"']*)\1([ \t]*[^\s#].*)$/.exec(line);
  if (!m) return undefined;
  const [, q, inside, after] = m;
  const rest = `${inside}${q}${after}`.slice(0, 60);
  return q === '"'
    ? `a text in quotes ends at its next ", and more follows it here (${q}${rest}): inside a text in "…", write ' instead of " ("Baik, 'pengajuan' dibatalkan."), and put the whole text in quotes`
    : `a text in '…' ends at its next ', and more follows it here (${q}${rest}): write the text in "…" instead of '…' ("Jum'at"), or without quotes`;
}

/**
 * The two colon slips of a `key: value` line, said with the line to write: the colon after the key
 * left out (`validity 5 tahun`: YAML joins the line to the next key), and a text holding ": "
 * without quotes (`label: Luas gudang: m²`: YAML reads a second key).
 */
function colonSlip(code: string, line: string): string | undefined {
  const m = /^(\s*(?:-\s+)?)(.*)$/.exec(line)!;
  const [, lead, rest] = m as unknown as [string, string, string];
  const glued = /^([^\s:"'#[{]+):(\S.*)$/.exec(rest.trim());
  if (code === "MULTILINE_IMPLICIT_KEY" && glued && !/^\/\//.test(glued[2]!)) {
    return `put a space after the ":" of "${glued[1]}": write "${lead.trimStart()}${glued[1]}: ${glued[2]}"`;
  }
  if (code === "MULTILINE_IMPLICIT_KEY" && rest && !/^["'#[{]/.test(rest) && !rest.includes(":")) {
    const [key, ...words] = rest.trim().split(/\s+/);
    const value = words.join(" ");
    return `this line has no ":" after its key: write the key, a colon and a space before the value ("${lead.trimStart()}${key}:${value ? ` ${value}` : ""}")`;
  }
  const dash = /^\s*-([^\s-].*)$/.exec(line);
  if (dash && LAYOUT_CODES.includes(code)) return `a list item needs a space after its dash: write "- ${dash[1]}"`;
  const kv = /^([^\s"'#{[][^:]*):\s+([^\s"'{[|>].*:\s.*)$/.exec(rest);
  if (code === "BLOCK_AS_IMPLICIT_KEY" && kv) {
    const [, key, value] = kv as unknown as [string, string, string];
    return `the text after "${key}:" contains ": ", which YAML reads as one more key: put the whole text in quotes (${key}: "${value.replace(/\s+#.*$/, "").replace(/"/g, "'")}")`;
  }
  return undefined;
}

/**
 * A list written as Word numbers it ("  1. IMB", "2) izin bangunan") at or just above the line the
 * parser stopped at: said at the first numbered line, with the dash to write instead.
 */
function numberedItem(lines: readonly string[], line: number): { line: number; message: string } | undefined {
  const item = /^( *)\d{1,2}[.)]\s+(\S.*)$/;
  let at = -1;
  for (let n = Math.max(0, line - 3); n <= Math.min(lines.length - 1, line); n++) {
    if (item.test(lines[n]!)) {
      at = n;
      break;
    }
  }
  if (at < 0) return undefined;
  while (at > 0 && item.test(lines[at - 1]!)) at--;
  const [, indent, text] = item.exec(lines[at]!)! as unknown as [string, string, string];
  return { line: at + 1, message: `a list item starts with "- " (a dash and a space), not a number like "1.": write "${indent}- ${text}", and the same on the numbered lines below it` };
}

/**
 * A key indented a space or two off the keys of its block ("   name:" under "  - id: str", whose
 * keys start at column 4; " tue:" between "  mon:" and "  wed:"): said with the spaces to write.
 * Only for a `key: value` line under a `key: value` line (which opens no block of its own), when
 * the key line below agrees with the one above, or the line is inside the item above ("- id: …").
 */
function indentSlip(lines: readonly string[], line: number): { line: number; message: string } | undefined {
  const cur = lines[line - 1];
  if (cur === undefined || !/^ *[^\s#-][^:]*:(?:\s|$)/.test(cur)) return undefined;
  const blank = (l: string) => /^\s*(?:#.*)?$/.test(l);
  let p = line - 2;
  while (p >= 0 && blank(lines[p]!)) p--;
  let n = line;
  while (n < lines.length && blank(lines[n]!)) n++;
  const m = /^( *)(- +)?([^\s#:][^:]*):\s+\S/.exec(lines[p] ?? "");
  if (!m) return undefined;
  const column = m[1]!.length + (m[2]?.length ?? 0);
  const indent = /^ */.exec(cur)![0].length;
  const below = lines[n] !== undefined && /^ *[^\s#-]/.test(lines[n]!) ? /^ */.exec(lines[n]!)![0].length : -1;
  const slip = indent !== column && Math.abs(indent - column) <= 2 && (below === column || (indent > m[1]!.length && indent > column - 2));
  if (!slip) return undefined;
  // "fee:" then "text: …" at its column, then "  amount: …": the line above is the slip, not this one.
  let q = p - 1;
  while (q >= 0 && blank(lines[q]!)) q--;
  const opener = /^( *)(- +)?[^\s#:][^:]*:\s*(?:#.*)?$/.exec(lines[q] ?? "");
  if (opener && opener[1]!.length + (opener[2]?.length ?? 0) >= column) return undefined;
  return {
    line,
    message: `this line is indented ${indent} ${indent === 1 ? "space" : "spaces"} and the line above ${column}: keys of one block start at the same column; indent it with ${column} spaces, as the line above`,
  };
}

const LAYOUT_CODES = ["BLOCK_AS_IMPLICIT_KEY", "MULTILINE_IMPLICIT_KEY", "BAD_INDENT", "MISSING_CHAR", "UNEXPECTED_TOKEN"];

/** What a YAML parser error means for someone editing a file by hand. */
function plainYamlError(code: string, said: string): string | undefined {
  if (code === "TAB_AS_INDENT") return "a tab is used to indent this line: indent with spaces only, as many as the lines around it";
  if (code === "DUPLICATE_KEY") return "this key is written twice in the same block: keep one";
  if (code === "MISSING_CHAR" && /quote/.test(said)) return "a quote opened on this line is not closed";
  if (code === "BLOCK_IN_FLOW") return `a text inside { … } contains ": ": put that text in quotes, e.g. { date: "2027-03-10", name: "Idul Fitri: hari pertama" }`;
  if (code === "BAD_INDENT" && /Flow sequence/.test(said)) return "a list in [brackets] is not closed with ], or its next line is not indented";
  if (LAYOUT_CODES.includes(code)) {
    return "the layout of this line or the next is off: indent each line with as many spaces as the lines of the same level, put a space after every 'key:', and put a value that contains ': ' in quotes";
  }
  return undefined;
}

/** A list in [brackets] whose "]" is missing, said at the line where it opens. */
const UNCLOSED_LIST = "a list in [brackets] opened on this line is not closed: end it with ] on this line (as in [pdf, jpg, png]), or write it as lines starting with \"- \" without the [";

/**
 * The nearest line, at or up to 40 lines above `line`, that opens a [list] or a {map} it does not
 * close (`accept: [pdf, jpg, png` with its "]" left out): the clerk's slip, which the parser only
 * notices at a later line. Quoted texts and comments are left out of the count.
 */
function unclosedOpener(lines: readonly string[], line: number): { line: number; kind: "[" | "{" } | undefined {
  for (let n = line; n >= Math.max(1, line - 40); n--) {
    const l = (lines[n - 1] ?? "").replace(/"[^"]*"|'[^']*'/g, "").replace(/(^|\s)#.*$/, "");
    if (l.split("{").length > l.split("}").length) return { line: n, kind: "{" };
    if (l.split("[").length > l.split("]").length) return { line: n, kind: "[" };
  }
  return undefined;
}

/** The first line with an odd number of double (or else single) quotes: where an unclosed quote opened. */
function unclosedQuoteLine(text: string): number | undefined {
  const lines = text.split(/\r?\n/);
  for (const q of ['"', "'"]) {
    const at = lines.findIndex((l) => l.split(q).length % 2 === 0 && !/^\s*#/.test(l));
    if (at >= 0) return at + 1;
  }
  return undefined;
}

/** The key node of the last path element, so errors point at `fee:` rather than its value. */
function findPairKey(doc: Document, path: (string | number)[]): Node | undefined {
  const { isMap, isSeq, isScalar } = yaml();
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  const last = path[path.length - 1];
  if (isMap(parent)) {
    for (const pair of parent.items) {
      if (isScalar(pair.key) && pair.key.value === last) return pair.key as Node;
    }
  }
  if (isSeq(parent) && typeof last === "number") return parent.items[last] as Node | undefined;
  return undefined;
}

/**
 * List items that YAML silently joins to the item above: a line `- text` indented further than
 * a plain list item before it (`  - izin kerja perawat` then `    - surat izin mantri`) is read
 * as more words of that item ("izin kerja perawat - surat izin mantri"), not as an item of its
 * own. Valid YAML, so only the raw text shows it. An item continued on purpose on a line
 * without a dash is left alone (a dash line after it is joined all the same, and reported);
 * items written in quotes, as `key: value` or as `key:` are not plain text and cannot be joined
 * this way (YAML refuses the layout instead), and block texts (`|`, `>`) are skipped.
 */
export function joinedListItems(file: string, text: string, lineOffset = 0): FileIssue[] {
  const lines = text.split(/\r?\n/);
  const issues: FileIssue[] = [];
  const indentOf = (l: string) => l.length - l.trimStart().length;
  /** The open plain item: its dash column, line and words so far. */
  let item: { dash: number; line: number; words: string } | undefined;
  /** Inside a block text (`key: |`): lines indented further than this are its text. */
  let block: number | undefined;
  lines.forEach((l, i) => {
    const blank = l.trim() === "";
    const indent = indentOf(l);
    if (block !== undefined) {
      if (blank || indent > block) return;
      block = undefined;
    }
    if (blank) return;
    // A comment ends a plain text (a dash line further in is then refused by YAML itself).
    if (l.trimStart().startsWith("#")) {
      item = undefined;
      return;
    }
    if (item && indent > item.dash) {
      const rest = l.trim();
      if (/^-(?:\s|$)/.test(rest)) {
        const words = `${item.words} ${rest}`;
        issues.push({
          file,
          line: i + 1 + lineOffset,
          message: `this item is indented further than the item on line ${item.line + lineOffset}, so YAML joins it to that one ("${words}"); line up the dashes: put ${item.dash} space(s) before this dash, as on line ${item.line + lineOffset}`,
        });
        item.words = words;
      } else item.words += ` ${rest}`;
      return;
    }
    item = undefined;
    if (/(?:^|\s|:)[|>][-+0-9]*\s*(?:#.*)?$/.test(l)) {
      block = indent;
      return;
    }
    const m = /^( *)- +(.*)$/.exec(l);
    if (!m) return;
    const value = m[2]!.trim();
    // Plain text only: not quoted, not a flow list/map, not `key: value` or `key:`, no comment (it ends the text).
    if (!value || /^[-"'[{|>&*!#%@`?]/.test(value) || /:(?:\s|$)/.test(value) || /\s#/.test(value)) return;
    item = { dash: m[1]!.length, line: i + 1, words: value };
  });
  return issues;
}

/**
 * A file beside flows/ or messages/ files that looks meant as one but is not read: saved with one
 * more ending (Notepad's `.txt`: `status.yaml.txt`) or in capitals (`STATUS.YAML`). Editors'
 * backups (`~`, `.bak`, `.orig`, `.swp`, `.tmp`) are left alone. What to do, or undefined.
 */
export function unreadYamlName(name: string, what: string): string | undefined {
  if (/(~|\.bak|\.orig|\.swp|\.tmp)$/i.test(name) || /\.ya?ml$/.test(name)) return undefined;
  const m = /^(.*?\.ya?ml)(?:\.[^.]+)?$/i.exec(name);
  if (!m) return undefined;
  const right = m[1]!.replace(/\.ya?ml$/i, (e) => e.toLowerCase());
  return `this file is not read: ${what} files end in .yaml. Rename it to ${right}${right !== name && /\.txt$/i.test(name) ? " (Notepad adds .txt: in Save As, choose \"All files\")" : ""}, or move it out of this folder`;
}

