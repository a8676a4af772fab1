import type { FileIssue } from "../errors.js";
import { closest } from "./closest.js";
import { REQUIRED_PLACEHOLDERS } from "./message-keys.js";
import { messageSource, type Messages } from "./messages.js";

export { REQUIRED_PLACEHOLDERS };

/**
 * The `{placeholders}` Loket fills in messages. A clerk's typo (`{nmae}`) would otherwise reach
 * citizens as it is written. Besides these, a flow's slots are filled (ask fields, form field
 * ids, the permit's own form fields): the caller passes those names. A developer who makes Loket
 * fill a new name adds it here (test/text/placeholders.test.ts holds the shipped messages to it).
 */
export const FILLED_PLACEHOLDERS: ReadonlySet<string> = new Set([
  "a", "agency", "allowed", "application", "b", "by", "channel", "close", "date", "day", "days", "documents",
  "doc", "duration", "fee", "fields", "from", "i", "id", "kind", "kinds", "label", "law", "max", "mb",
  "min", "minutes", "model_host", "month", "n", "name", "names", "next_opening", "note", "number", "numbers", "office",
  "open", "other", "permit", "permit_duration", "permit_label", "permit_name", "permit_url", "permit_where", "position", "processors",
  "reason", "reviewed", "skip", "sources", "status_label", "status_note", "step", "text", "time", "times",
  "to", "updated", "url", "username", "validity", "value", "where", "year",
]);

/**
 * Every message of every language: braces that open a placeholder close it, each placeholder is
 * one Loket fills (`slotNames`: the flows' and permits' field names), and the messages above
 * keep what citizens need. Issues point at the message's `file:line`.
 */
export function checkPlaceholders(all: Map<string, Messages>, slotNames: Iterable<string>): FileIssue[] {
  const names = new Set([...FILLED_PLACEHOLDERS, ...slotNames]);
  const issues: FileIssue[] = [];
  for (const m of all.values()) {
    for (const key of m.keys()) {
      const text = m.t(key);
      // The line is looked up only for a problem: finding it loads the slower YAML reader.
      const say = (message: string) => issues.push({ ...(messageSource(m, key) ?? { file: `messages/${m.lang}`, line: 1 }), message: `${key}: ${message}` });
      const stray = text.replace(/\{\w+\}/g, "");
      if (/[{}]/.test(stray)) {
        const bit = /\{[^}\s]*|[^{\s]*\}/.exec(stray)?.[0] ?? "{";
        say(`"${bit}" is not a complete placeholder: write it as {name}, with both braces and no spaces`);
      }
      for (const [, name] of text.matchAll(/\{(\w+)\}/g)) {
        if (names.has(name!)) continue;
        const hint = closest(name!, names);
        say(`Loket does not fill in {${name}}: citizens would read it as it is${hint ? `; did you mean {${hint}}?` : ""}`);
      }
      for (const name of REQUIRED_PLACEHOLDERS[key] ?? []) {
        if (!text.includes(`{${name}}`)) say(`{${name}} is missing: citizens need it (the registration number); put it back in the text`);
      }
    }
  }
  return issues;
}
