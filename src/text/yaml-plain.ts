/**
 * The plain YAML that Loket's own files are written in, read without a general parser.
 *
 * Cold, at a first start, js-yaml read the knowledge files character by character in code V8 had
 * not compiled yet (a quarter to a third of the knowledge load). The files use a small part of
 * YAML: block mappings and lists by indentation, plain or quoted keys, values on the key's line
 * (plain, "double" (escapes \\ \" \/ \n \t \r \0 and \uXXXX) or 'single' quoted), [flow lists] and
 * { flow: maps } (also over several lines, with comments between), `|` texts and `#` comments.
 * This reader takes exactly that, line by line, and gives the value js-yaml gives with the core
 * schema of src/text/yaml.ts (`resolvePlain`, its tests shared with it). Anything else (a plain or
 * quoted text going on over the next lines, a `>` text, `|-` or `|+`, an anchor or alias, another
 * escape, a duplicate key, a key that reads as a number, null or a boolean, a line starting
 * indented, a tab, a carriage return, an error of any kind) returns `NOT_PLAIN`, and the caller
 * reads the file as before: js-yaml, and the `yaml` package for errors and their lines. So no file
 * is refused here and no error text changes. The caller gives it a one-byte text (`narrowText` in
 * src/text/yaml.ts), as it gives js-yaml. test/text/perf22-2026-12-03-yaml.test.ts compares it with
 * the `yaml` package on every YAML file of the project, test/text/perf22-probe-2026-12-03 on
 * generated ones.
 */
export const NOT_PLAIN: unique symbol = Symbol("not plain YAML");

// YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), as the `yaml` package resolves it.
export const NULL = /^(?:~|null|Null|NULL)?$/;
export const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
export const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
export const FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
export const intOf = (s: string): number => (s.startsWith("0o") ? parseInt(s.slice(2), 8) : s.startsWith("0x") ? parseInt(s.slice(2), 16) : parseInt(s, 10));
export const floatOf = (s: string): number => (/nan$/i.test(s) ? NaN : /inf$/i.test(s) ? (s.startsWith("-") ? -Infinity : Infinity) : parseFloat(s));

/** A plain (unquoted) scalar's value: null, a boolean, a number or the text, in js-yaml's order of types. */
export function resolvePlain(s: string): unknown {
  // Most are words: a letter other than those of null, true, false, nan or inf cannot be another type.
  if (/^[a-eg-mo-su-zA-EG-MO-SU-Z]/.test(s)) return s;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === "t" || s[0] === "T";
  if (INT.test(s)) return intOf(s);
  if (FLOAT.test(s)) return floatOf(s);
  return s;
}

/** What js-yaml refuses (its PATTERN_NON_PRINTABLE), and line ends other than "\n", a BOM and tabs: not here. */
const UNUSUAL = /[\x00-\x08\x0B\x0C\x0D\x0E-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF\t]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
/** A plain scalar here starts with none of YAML's indicators, nor with "-", "?" or ":" (which may start one: not here). */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
/** Characters that end a plain scalar inside [ ] or { }, or that this reader leaves to js-yaml there. */
const FLOW_PLAIN = /[^,[\]{}#:"'&*!|>%@`?\s-][^,[\]{}#:\n]*/y;
/** The plain scalar at `s[at]` inside [ ] or { } (sticky: no copy of the rest of a long list). */
function flowPlain(s: string, at: number): string | undefined {
  FLOW_PLAIN.lastIndex = at;
  return FLOW_PLAIN.exec(s)?.[0];
}
/** The escapes read in "double quotes" here (and \uXXXX); any other is left to js-yaml. */
const ESCAPES: Record<string, string> = { "\\": "\\", '"': '"', "/": "/", n: "\n", t: "\t", r: "\r", " ": " ", "0": "\0" };

class Bail {}
const BAIL = new Bail();
const bail = (): never => {
  throw BAIL;
};

/** `text`'s value as js-yaml reads it (core schema), or `NOT_PLAIN` when it is not the plain subset. */
export function parsePlainYaml(text: string): unknown {
  if (UNUSUAL.test(text) || /^(?:---|\.\.\.|%)/m.test(text)) return NOT_PLAIN;
  try {
    return new Reader(text).document();
  } catch (e) {
    if (e === BAIL) return NOT_PLAIN;
    throw e;
  }
}

class Reader {
  private readonly raw: string[];
  /** Each line's indentation and what follows it (a list item's content moves right: see `sequence`). */
  private readonly ind: number[];
  private readonly txt: string[];
  private i = 0;

  constructor(text: string) {
    this.raw = text.split("\n");
    this.ind = [];
    this.txt = [];
    for (const line of this.raw) {
      let n = 0;
      while (line.charCodeAt(n) === 32) n++;
      this.ind.push(n);
      this.txt.push(line.slice(n).trimEnd());
    }
  }

  document(): unknown {
    if (this.skip() !== 0) bail(); // empty, or starting indented: js-yaml decides
    const value = this.node(0);
    if (this.skip() !== -1) bail();
    return value;
  }

  /** Past blank and comment lines; the indentation of the next line with content, -1 at the end. */
  private skip(): number {
    while (this.i < this.raw.length) {
      const t = this.txt[this.i]!;
      if (t !== "" && t[0] !== "#") return this.ind[this.i]!;
      this.i++;
    }
    return -1;
  }

  private isItem(t: string): boolean {
    return t === "-" || t.startsWith("- ");
  }

  private node(n: number): unknown {
    return this.isItem(this.txt[this.i]!) ? this.sequence(n) : this.mapping(n);
  }

  private mapping(n: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let at = this.skip(); at >= n; at = this.skip()) {
      if (at > n) bail();
      const t = this.txt[this.i]!;
      let key: string;
      let colon: number;
      if (t[0] === '"' || t[0] === "'") {
        // A quoted key ("&": dan, "1": "January"): text as written, whatever it looks like.
        const [k, end] = this.flowValue(t, 0, false);
        if (t[end] !== ":" || (end + 1 < t.length && t[end + 1] !== " ") || k === "" || k === "__proto__") bail();
        key = k as string;
        colon = end;
      } else {
        colon = keyEnd(t);
        if (colon < 0) bail();
        key = this.key(t.slice(0, colon));
      }
      if (Object.prototype.hasOwnProperty.call(out, key)) bail();
      const rest = t.slice(colon + 1).trimStart();
      this.i++;
      let value: unknown;
      if (rest === "" || rest[0] === "#") {
        const below = this.skip();
        if (below > n) value = this.node(below);
        else if (below === n && this.isItem(this.txt[this.i]!)) value = this.sequence(n);
        else value = null;
      } else if (rest === "|") value = this.literal(n);
      else {
        value = this.inline(rest, n);
        if (this.skip() > n) bail(); // a text over several lines, or bad indentation
      }
      out[key] = value;
    }
    return out;
  }

  private sequence(n: number): unknown[] {
    const out: unknown[] = [];
    for (let at = this.skip(); at >= n; at = this.skip()) {
      if (at > n) bail();
      const t = this.txt[this.i]!;
      if (!this.isItem(t)) break;
      let spaces = 1;
      while (t.charCodeAt(spaces) === 32) spaces++;
      const content = t.slice(spaces);
      if (content === "" || content[0] === "#" || content[0] === "-" || content === "|") bail();
      if (keyEnd(content) >= 0) {
        // "- id: ktp": a mapping whose keys stand where "id" does.
        const col = n + spaces;
        this.ind[this.i] = col;
        this.txt[this.i] = content;
        out.push(this.mapping(col));
      } else {
        this.i++;
        out.push(this.inline(content, n));
        if (this.skip() > n) bail();
      }
    }
    return out;
  }

  /** A `|` text (clip: one line end kept) below a key at indentation `n`. */
  private literal(n: number): string {
    let indent = -1;
    const lines: string[] = [];
    for (; this.i < this.raw.length; this.i++) {
      const line = this.raw[this.i]!;
      if (line.trim() === "") {
        if (line.length > 0 && (indent < 0 || line.length > indent)) bail(); // spaces that would be text
        lines.push("");
        continue;
      }
      const at = this.ind[this.i]!;
      if (indent < 0) {
        if (at <= n) bail();
        indent = at;
      }
      if (at < indent) {
        if (at > n) bail();
        break;
      }
      lines.push(line.slice(indent));
    }
    if (indent < 0) bail();
    while (lines.length && lines[lines.length - 1] === "") lines.pop();
    // Blank lines after the text belong to no one: the next key is found by `skip`.
    return lines.join("\n") + "\n";
  }

  private key(raw: string): string {
    const k = raw;
    if (k === "" || k !== k.trim() || INDICATOR.test(k) || k.includes(" #") || k === "__proto__" || k === "<<" || typeof resolvePlain(k) !== "string") bail();
    return k;
  }

  /** A value on the key's line: quoted, a flow list or map, or plain; a comment after it is dropped. */
  private inline(s: string, n: number): unknown {
    const c = s[0];
    if (c === "[" || c === "{") s = this.flowLines(s, n);
    if (c === '"' || c === "'" || c === "[" || c === "{") {
      const [value, end] = this.flowValue(s, 0, false);
      const after = s.slice(end);
      if (after !== "" && !/^ +(?:#.*)?$/.test(after)) bail();
      return value;
    }
    if (INDICATOR.test(s)) bail();
    const hash = s.indexOf(" #");
    const plain = (hash < 0 ? s : s.slice(0, hash)).trimEnd();
    if (plain.includes(": ") || plain.endsWith(":")) bail();
    return resolvePlain(plain);
  }

  /**
   * A [list] or {map} that may go on over the next lines (understanding.yaml's roots), comments
   * dropped, the lines joined by line ends (which end a plain scalar here: one going on to the next
   * line is folded by YAML, so not read here). Its lines below the key are consumed.
   */
  private flowLines(first: string, n: number): string {
    const parts: string[] = [];
    let depth = 0;
    for (let line = first, k = this.i - 1; ; line = this.txt[++k]!) {
      if (k >= this.raw.length) bail();
      if (k >= this.i && line !== "" && this.ind[k]! <= n && line[0] !== "]" && line[0] !== "}" && line[0] !== "#") bail();
      let quote = "";
      let cut = line.length;
      for (let j = 0; j < line.length; j++) {
        const ch = line[j]!;
        if (quote) {
          if (ch === "\\" && quote === '"') j++;
          else if (ch === quote) quote = "";
        } else if (ch === '"' || ch === "'") quote = ch;
        else if (ch === "#" && (j === 0 || line[j - 1] === " ")) {
          cut = j;
          break;
        } else if (ch === "[" || ch === "{") depth++;
        else if (ch === "]" || ch === "}") depth--;
      }
      if (quote) bail();
      parts.push(line.slice(0, cut).trimEnd());
      if (depth <= 0) {
        this.i = k + 1;
        return parts.join("\n");
      }
    }
  }

  /** A quoted text, [list] or {map} starting at `s[at]` (or, inside one, a plain scalar): its value and where it ends. */
  private flowValue(s: string, at: number, inFlow: boolean): [unknown, number] {
    const c = s[at];
    if (c === '"') {
      let out = "";
      let from = at + 1;
      for (let j = from; j < s.length; j++) {
        const ch = s[j];
        if (ch === "\n") bail(); // a text over several lines: folded by YAML
        if (ch === '"') return [out + s.slice(from, j), j + 1];
        if (ch !== "\\") continue;
        const e = s[j + 1];
        let put: string;
        if (e === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(j + 2, j + 6))) {
          put = String.fromCharCode(parseInt(s.slice(j + 2, j + 6), 16));
          if (/[\uD800-\uDFFF]/.test(put)) bail(); // a surrogate pair in escapes: js-yaml decides
          out += s.slice(from, j) + put;
          j += 5;
        } else {
          put = e === undefined ? bail() : ESCAPES[e] ?? bail();
          out += s.slice(from, j) + put;
          j += 1;
        }
        from = j + 1;
      }
      return bail(); // a text over several lines
    }
    if (c === "'") {
      let out = "";
      for (let j = at + 1; j < s.length; j++) {
        if (s[j] === "\n") bail();
        if (s[j] !== "'") continue;
        if (s[j + 1] === "'") {
          out += s.slice(at + 1, j + 1);
          at = ++j;
          continue;
        }
        return [out + s.slice(at + 1, j), j + 1];
      }
      return bail();
    }
    if (c === "[" || c === "{") {
      const list = c === "[";
      const close = list ? "]" : "}";
      const items: unknown[] = [];
      const map: Record<string, unknown> = {};
      let j = spaced(s, at + 1);
      if (s[j] === close) return [list ? items : map, j + 1];
      for (;;) {
        if (list) {
          const [v, end] = this.flowValue(s, j, true);
          items.push(v);
          j = spaced(s, end);
        } else {
          let key: string;
          let after: number;
          if (s[j] === '"' || s[j] === "'") {
            const [k, end] = this.flowValue(s, j, true);
            if (k === "" || k === "__proto__") bail();
            key = k as string;
            after = end;
          } else {
            const m = flowPlain(s, j) ?? bail();
            key = this.key(m);
            after = j + m.length;
          }
          if (Object.prototype.hasOwnProperty.call(map, key) || s[after] !== ":" || s[after + 1] !== " ") bail();
          const [v, end] = this.flowValue(s, spaced(s, after + 1), true);
          map[key] = v;
          j = spaced(s, end);
        }
        if (s[j] === close) return [list ? items : map, j + 1];
        if (s[j] !== ",") bail();
        j = spaced(s, j + 1);
        if (s[j] === close || s[j] === ",") bail(); // a trailing or doubled comma
      }
    }
    if (!inFlow) bail();
    const m = flowPlain(s, at) ?? bail();
    return [resolvePlain(m.trimEnd()), at + m.length];
  }
}

/** Past spaces (and, in a [list] over several lines, line ends) from `j`. */
function spaced(s: string, j: number): number {
  while (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 10) j++;
  return j;
}

/** Where a plain key ends (its ":" followed by a space or the line's end), -1 when the line is no `key: value`. */
function keyEnd(t: string): number {
  if (INDICATOR.test(t)) return -1;
  const colon = t.indexOf(": ");
  const at = colon >= 0 ? colon : t.endsWith(":") ? t.length - 1 : -1;
  // A comment before it ("foo # see: bar"): js-yaml decides.
  if (at >= 0 && t.slice(0, at).includes(" #")) return bail();
  return at;
}
