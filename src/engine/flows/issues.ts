import type { z } from "zod";
import type { FileIssue } from "../../errors.js";
import { closest } from "../../text/closest.js";
import { kindIssue } from "../../text/kinds.js";
import { valueAt, type LocatedYaml } from "../../text/yaml.js";

/**
 * zod's findings in a flow file or patterns.yaml, said the way the permit checks say theirs: at
 * the line of the key (or of the step holding a missing key), naming the step by its id, the
 * option or field by its id, in words for the clerk who edits the file ("required must be true
 * or false (without quotes)", "the file is empty") instead of zod's ("steps.3.fields.1.required:
 * Invalid input: expected boolean, received string").
 */
export function flowSchemaIssues(y: LocatedYaml, error: z.ZodError, schema: z.ZodType, what: "flow" | "patterns"): FileIssue[] {
  return error.issues.flatMap((i): FileIssue | FileIssue[] => {
    const path = i.path.filter((p): p is string | number => typeof p !== "symbol");
    const value = valueAt(y.value, path);
    const key = path.length ? String(path[path.length - 1]) : "";
    const prefix = (label: string) => (label ? `${label}: ` : "");
    const at = (p: (string | number)[], message: string): FileIssue => ({ file: y.file, line: y.lineOf(p), message });
    // `step "data", field "nik": required …`; outside steps the key is named in full: `repair.back …`.
    const ownerPath = typeof path[path.length - 1] === "number" ? path : path.slice(0, -1);
    const ownerLabel = labelOf(y.value, ownerPath);
    const inItem = !ownerLabel || /(^|, )(step|option|field|case) [^,]*$/.test(ownerLabel);
    const owner = inItem ? ownerLabel : "";
    const name = inItem ? key : labelOf(y.value, path);
    const said = (message: string) => at(path, `${prefix(owner)}${message}`);

    if (!path.length && (value === null || value === undefined)) {
      return at([], what === "flow"
        ? "the file is empty: a flow file starts with \"id:\" (its name), \"description:\" and \"steps:\" (see flows/status.yaml)"
        : "the file is empty: patterns.yaml holds the repair words (\"repair:\") and where each request goes (\"intents:\")");
    }
    switch (i.code) {
      case "unrecognized_keys": {
        const allowed = keysAt(schema, y.value, path);
        const label = labelOf(y.value, path);
        return at(
          [...path, i.keys[0]!],
          i.keys
            .map((k) => {
              const hint = flowKeyMeant(k, allowed);
              return `${prefix(label)}unknown key "${k}"` + (hint ? ` — did you mean "${hint}"?` : allowed.length ? ` (allowed here: ${allowed.join(", ")})` : "");
            })
            .join("; "),
        );
      }
      case "invalid_union": {
        const options = "options" in i && Array.isArray(i.options) ? (i.options as unknown[]).map(String) : [];
        if (key === "type" && options.length) {
          const label = labelOf(y.value, path.slice(0, -1));
          if (value === undefined) {
            // "typ: say": the misspelt key is the line to correct.
            const step = valueAt(y.value, path.slice(0, -1));
            const near = step && typeof step === "object" ? closest("type", Object.keys(step)) : undefined;
            if (near) return at([...path.slice(0, -1), near], `${prefix(label)}unknown key "${near}" — did you mean "type"? (a step needs "type: …", one of ${options.join(", ")})`);
            return at(path.slice(0, -1), `${prefix(label)}"type" is missing: add a line "type: …" (one of ${options.join(", ")})`);
          }
          const hint = closest(String(value), options);
          return at(path, `${prefix(label)}"${String(value)}" is not a step type${hint ? `; did you mean "${hint}"?` : ""} (step types: ${options.join(", ")})`);
        }
        return said(`${name} is not written in a form Loket reads here`);
      }
      case "invalid_type": {
        if (value === undefined) {
          // "langkah:" written for "steps:": said once, at the "langkah" line (unknown key), not here too.
          const holder = valueAt(y.value, path.slice(0, -1));
          if (holder && typeof holder === "object" && !Array.isArray(holder)) {
            const allowed = keysAt(schema, y.value, path.slice(0, -1));
            if (Object.keys(holder).some((k) => !allowed.includes(k) && flowKeyMeant(k, allowed) === key)) return [];
          }
          // Reported at the line of what holds the missing key (the step), where it is to be added.
          const under = !inItem && ownerLabel ? ` under "${ownerLabel}"` : "";
          return at(path.slice(0, -1), `${prefix(owner)}"${name}" is missing: add a line "${key}: …"${under}`);
        }
        const expected = String(i.expected);
        if (expected === "boolean") {
          return said(value === "true" || value === "false" ? `${name} must be true or false without quotes: write ${key}: ${value}` : `${name} must be true or false (without quotes), not ${shown(value)}`);
        }
        if (expected === "number") return said(`${name} must be a number (without quotes), not ${shown(value)}`);
        if (expected === "string") return said(`${name} must be one text (a messages key such as apply.ask_name, or a word), not ${shown(value)}`);
        if (expected === "array") return said(`${name} must be a list: lines starting with "- " under it, or [a, b] on its line; not ${shown(value)}`);
        if (expected === "object" || expected === "record") return said(`${name || "the file"} must be a block of "key: value" lines, not ${shown(value)}`);
        return said(`${name} must be ${expected}, not ${shown(value)}`);
      }
      case "invalid_value": {
        const values = i.values.map(String);
        // "kind: pilihan": the word written, the kind meant, and where a question with options goes.
        if (key === "kind") return said(kindIssue(value, values, { choiceElsewhere: true }));
        const hint = typeof value === "string" ? closest(value, values) : undefined;
        const allowed = values.length === 1 ? `${values[0]} (the only value it takes)` : `one of ${values.join(", ")}`;
        return said(`${name} must be ${allowed}, not ${shown(value)}${hint && hint !== value ? `; did you mean "${hint}"?` : ""}`);
      }
      case "too_small": {
        if (i.origin === "string") return said(`${name} must not be empty: ${i.message}`);
        const custom = !/^Too small/.test(i.message);
        if (i.origin === "array") return said(custom ? i.message : `${name} must list at least ${Number(i.minimum) === 1 ? "one word" : `${String(i.minimum)} words`}`);
        return said(`${name} must be at least ${String(i.minimum)}${custom ? ` (${i.message})` : ""}`);
      }
      case "too_big":
        return said(`${name} must be at most ${String(i.maximum)}, not ${shown(value)}`);
      case "invalid_format":
        return said(`${name} ${shown(value)}: ${i.message}`);
      default:
        return said(`${name ? `${name}: ` : ""}${i.message}`);
    }
  });
}

/** A value as the clerk wrote it: `"false" (in quotes)`, a list, nothing. */
function shown(v: unknown): string {
  if (v === null || v === undefined) return "empty";
  if (typeof v === "string") return /^(true|false|-?\d+(\.\d+)?)$/.test(v) ? `"${v}" in quotes (quotes make it text)` : `"${v}"`;
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a block of keys";
  return String(v);
}

/**
 * Where in the file, in the clerk's words: `step "consent", option "agree"` (steps, options and
 * fields by their id, else their position counted from 1); other keys dotted (`repair.yes`,
 * `intents.apply`), a list item by its position (`repair.yes[3]`).
 */
function labelOf(root: unknown, path: (string | number)[]): string {
  const named: Record<string, string> = { steps: "step", options: "option", fields: "field", cases: "case" };
  const parts: string[] = [];
  let keys: string[] = [];
  const flush = () => {
    if (keys.length) parts.push(keys.join("."));
    keys = [];
  };
  for (let n = 0; n < path.length; n++) {
    const p = path[n]!;
    const next = path[n + 1];
    if (typeof p === "string" && named[p] && next !== undefined) {
      flush();
      const item = valueAt(root, path.slice(0, n + 2)) as { id?: unknown } | undefined;
      const id = typeof next === "string" ? next : typeof item?.id === "string" ? item.id : undefined;
      parts.push(id !== undefined ? `${named[p]} "${id}"` : `${named[p]} ${Number(next) + 1}`);
      n++;
    } else if (typeof p === "number") keys.push(`${keys.pop() ?? ""}[${p + 1}]`);
    else keys.push(p);
  }
  flush();
  return parts.join(", ");
}

type Def = { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown; innerType?: unknown; in?: unknown; options?: unknown[] };
const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def?: Def } } | undefined)?._zod?.def;

/** The keys allowed in the object at `path` (a step's by its type), for "did you mean". */
function keysAt(schema: z.ZodType, root: unknown, path: (string | number)[]): string[] {
  const unwrap = (s: unknown): unknown => {
    let cur = s;
    for (let d = defOf(cur); d && ["optional", "default", "nullable", "prefault", "pipe"].includes(d.type ?? ""); d = defOf(cur)) cur = d.type === "pipe" ? d.in : d.innerType;
    return cur;
  };
  const pick = (s: unknown, at: (string | number)[]): unknown => {
    const d = defOf(unwrap(s));
    if (d?.type !== "union") return unwrap(s);
    // A step: the option whose `type` is the one written.
    const type = (valueAt(root, at) as { type?: unknown } | undefined)?.type;
    const options = (d.options ?? []).map(unwrap);
    return options.find((o) => (defOf(defOf(o)?.shape?.type) as { values?: unknown[] } | undefined)?.values?.includes(type)) ?? options[0];
  };
  let s: unknown = pick(schema, []);
  for (let n = 0; n < path.length; n++) {
    const d = defOf(s);
    const p = path[n]!;
    if (d?.type === "object" && typeof p === "string") s = d.shape?.[p];
    else if (d?.type === "array") s = d.element;
    else if (d?.type === "record") s = d.valueType;
    else return [];
    s = pick(s, path.slice(0, n + 1));
  }
  const d = defOf(s);
  return d?.type === "object" ? Object.keys(d.shape ?? {}) : [];
}

/** Indonesian words a clerk writes for a flow's keys, which are written in English. */
const FLOW_KEY_WORDS: Record<string, string> = {
  langkah: "steps",
  deskripsi: "description",
  keterangan: "description",
  tipe: "type",
  jenis: "kind",
  pilihan: "options",
  selanjutnya: "next",
  lanjut: "next",
};

/** The key a clerk meant by an unknown one: its Indonesian word, else the nearest spelling. */
function flowKeyMeant(key: string, allowed: string[]): string | undefined {
  const word = FLOW_KEY_WORDS[key.trim().toLowerCase()];
  return word && allowed.includes(word) ? word : closest(key, allowed);
}
