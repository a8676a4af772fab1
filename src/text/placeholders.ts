import type { FileIssue } from "../errors.js";
import { closest } from "./closest.js";
import { LANGUAGE_OWN_PLACEHOLDERS, REQUIRED_PLACEHOLDERS } from "./message-keys.js";
import { messageSource, type Messages } from "./messages.js";

export { REQUIRED_PLACEHOLDERS };

/**
 * The `{placeholders}` Loket fills in one message: `names`, every one it fills; `shown`, the ones
 * worth naming to a clerk when another was written (the message's own values, not every slot of
 * the conversation); `conversation`: it gets the conversation's values too.
 */
export interface Filled {
  names: ReadonlySet<string>;
  shown: readonly string[];
  conversation: boolean;
}

/**
 * Every message of every language: braces that open a placeholder close it, each placeholder is
 * one Loket fills in that message (`filled`: undefined for a key Loket does not say, reported by
 * the key check), and the messages of REQUIRED_PLACEHOLDERS keep what citizens need. Issues
 * point at the message's `file:line`. `unfilled`: "key name" of placeholders the flow check says
 * may be empty where the message is said: the other language is not told to add them.
 */
export function checkPlaceholders(all: Map<string, Messages>, filled: (key: string) => Filled | undefined, unfilled: ReadonlySet<string> = new Set()): FileIssue[] {
  const issues: FileIssue[] = [];
  for (const m of all.values()) {
    for (const key of m.keys()) {
      const text = m.t(key);
      const before = issues.length;
      // The line is looked up only for a problem: finding it loads the slower YAML reader.
      const say = (message: string) => issues.push({ ...(messageSource(m, key) ?? { file: `messages/${m.lang}`, line: 1 }), message: `${key}: ${message}` });
      const stray = text.replace(/\{\w+\}/g, "");
      if (/[{}]/.test(stray)) {
        const bit = /\{[^}\s]*|[^{\s]*\}/.exec(stray)?.[0] ?? "{";
        say(`"${bit}" is not a complete placeholder: write it as {name}, with both braces and no spaces`);
      }
      const f = filled(key);
      // Other templates' ways of writing a placeholder ("${office}", "%office%", "[office]"): citizens
      // would read the "$", "%" or brackets beside the value, or the word itself.
      if (/\$\{\w+\}/.test(text)) say(`"${/\$\{\w+\}/.exec(text)![0]}": write a placeholder as {name}, without the "$"`);
      for (const [bit, name] of f ? text.matchAll(/%(\w+)%|\[(\w+)\]/g) : []) {
        const n = name ?? bit.slice(1, -1);
        if (f!.names.has(n)) say(`"${bit}" is not how Loket fills in a value: write it as {${n}}`);
      }
      for (const [, name] of f ? text.matchAll(/\{(\w+)\}/g) : []) {
        if (f!.names.has(name!)) continue;
        const hint = closest(name!, f!.names) ?? related(name!, f!.shown) ?? meantInEnglish(name!, f!.names) ?? related(name!, f!.names);
        const gets = f!.shown.length
          ? `it gets ${f!.shown.map((n) => `{${n}}`).join(", ")}${f!.conversation ? " and the conversation's other values" : ""}`
          : "it gets no placeholder: write the text without braces";
        say(`Loket does not fill in {${name}} in this message: citizens would read it as it is${hint ? `; did you mean {${hint}}?` : ""} (${gets})`);
      }
      for (const name of REQUIRED_PLACEHOLDERS[key] ?? []) {
        if (!text.includes(`{${name}}`)) say(`{${name}} is missing: citizens need it (the registration number); put it back in the text`);
      }
      // WhatsApp and Telegram bold is *…*: a "*" left open shows as it is, and the rest is not bold.
      if ((text.match(/\*/g) ?? []).length % 2) {
        say(`a "*" opens bold text that is not closed: citizens would read the "*" as it is; close the bold with a second "*" (*like this*), or remove the lone "*"`);
      }
      // Not beside a problem of this text (a misspelt {nama} for {name} is said once, as a problem).
      if (f && issues.length === before) issues.push(...otherLanguageGives(all, m, key, text, f, unfilled));
    }
  }
  return issues;
}

/**
 * A value the same message gives in the other language ({name} in messages/en, dropped from
 * messages/id): citizens of one language would not be told it. A warning (a translation may leave
 * a value out on purpose), at this language's line, naming the other's. A per-language value
 * ({size} in Indonesian, {size_en} in English) is one value.
 */
function otherLanguageGives(all: Map<string, Messages>, m: Messages, key: string, text: string, f: Filled, unfilled: ReadonlySet<string>): FileIssue[] {
  const out: FileIssue[] = [];
  const names = (lang: string, t: string) => new Set([...t.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!.replace(new RegExp(`_${lang}$`), "")));
  const mine = names(m.lang, text);
  for (const other of all.values()) {
    if (other === m || !other.has(key)) continue;
    if (m.lang !== "id" && other.lang !== "id") continue;
    const theirs = other.t(key);
    for (const [, raw] of theirs.matchAll(/\{(\w+)\}/g)) {
      const name = raw!.replace(new RegExp(`_${other.lang}$`), "");
      if (mine.has(name) || !f.names.has(raw!) || (REQUIRED_PLACEHOLDERS[key] ?? []).includes(raw!) || (LANGUAGE_OWN_PLACEHOLDERS[key] ?? []).includes(raw!) || unfilled.has(`${key} ${raw}`)) continue;
      mine.add(name);
      const here = messageSource(m, key) ?? { file: `messages/${m.lang}`, line: 1 };
      const there = messageSource(other, key);
      const where = there ? `${there.file} (line ${there.line})` : `messages/${other.lang}`;
      out.push({
        ...here,
        warning: true,
        message: `${key}: the text in ${where} gives {${raw}} and this one does not: citizens reading this language would not be told it; put {${raw}} where it belongs in this text (or leave it out, if that is meant)`,
      });
    }
  }
  return out;
}

/**
 * Placeholders are English; a clerk writing Indonesian reaches for the Indonesian word
 * ({nomor} in the receipt, {nama_izin}): the one meant, when this message gets it.
 */
const ENGLISH: Readonly<Record<string, readonly string[]>> = {
  nomor: ["number"],
  no: ["number"],
  nomor_registrasi: ["number"],
  no_registrasi: ["number"],
  izin: ["permit_name", "permit"],
  nama_izin: ["permit_name"],
  kantor: ["office"],
  nama_kantor: ["office"],
  lama: ["permit_duration"],
  lama_proses: ["permit_duration"],
  tempat: ["permit_where"],
  tautan: ["permit_url"],
  link: ["permit_url"],
  status: ["status_label"],
  alasan: ["reason"],
};
function meantInEnglish(name: string, names: ReadonlySet<string>): string | undefined {
  return ENGLISH[name.toLowerCase()]?.find((n) => names.has(n));
}

/** A name that is `name` with a word before or after it: {duration} → {permit_duration}, {permit_name} → {name}. */
function related(name: string, names: Iterable<string>): string | undefined {
  for (const n of names) if (n.endsWith(`_${name}`) || name.endsWith(`_${n}`) || n.startsWith(`${name}_`) || name.startsWith(`${n}_`)) return n;
  return undefined;
}
