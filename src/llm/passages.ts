import { officeIn, permitIn } from "../knowledge/in-language.js";
import type { KnowledgeBase, Office, Permit } from "../knowledge/types.js";
import type { Passage } from "./port.js";

/**
 * Retrieval for free-form questions: the passages a model may answer from are the knowledge
 * files of the permits the question is about (the understander's candidates), rendered as
 * plain facts with the file as `source`. Nothing else goes in: no application, no
 * conversation, no other citizen. The answer checker compares the model's answer with
 * exactly these passages.
 */
export function permitPassage(p: Permit): Passage {
  const lines = [
    `permit: ${p.name} (id ${p.id})`,
    p.aliases.length ? `also called: ${p.aliases.join(", ")}` : "",
    `submitted via: ${p.submission.channel}${p.submission.url ? ` ${p.submission.url}` : ""}${p.submission.loketCanApply ? "" : " (Loket guides only; the application is made there)"}`,
    p.submission.note ? `submission note: ${p.submission.note}` : "",
    "requirements:",
    ...p.requirements.map((r) => `- ${r.name}${r.required && !r.when ? "" : " (if applicable)"}${r.note ? ` — ${r.note}` : ""}; files: ${r.accept.join("/")}`),
    `fee: ${p.fee.text}`,
    `processing time: ${p.duration.text}`,
    `validity: ${p.validity}`,
    "legal basis:",
    ...p.legalBasis.map((l) => `- ${l}`),
    "procedure:",
    ...p.procedure.map((s, i) => `${i + 1}) ${s}`),
    p.needsConfirmation ? "note: these facts are typical and must be confirmed by the office." : "",
    p.body.trim(),
  ];
  return { source: p.source, text: lines.filter(Boolean).join("\n") };
}

/** One day's intervals for a passage: "08:00-11:00, 13:00-14:30", or "closed". */
const spansText = (spans: readonly { open: string; close: string }[] | undefined): string => (spans ?? []).map((s) => `${s.open}-${s.close}`).join(", ") || "closed";

/**
 * The office's own facts (hours, holidays, special hours and days, address, contacts), for
 * questions that mention them, in the conversation's language `lang` (officeIn: the English notes
 * and addresses). `today` (`YYYY-MM-DD`, Asia/Jakarta) leaves out holidays and special entries that
 * are over; without it every one is given. A model answering "jam buka bulan puasa?" reads the
 * Ramadan period's week with its dates, as the hours answer does.
 */
export function officePassage(office: Office, lang = "id", today?: string): Passage {
  const o = officeIn(office, lang);
  const hours = Object.entries(o.hours)
    .map(([day, spans]) => `${day} ${spansText(spans)}`)
    .join("; ");
  const contacts = Object.entries(o.contacts)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k} ${v}`)
    .join("; ");
  const lines = [`office: ${o.name} (${o.shortName})`, `address: ${o.address}`, `hours (${o.timezone}): ${hours}`, `contacts: ${contacts}`];
  const holidays = o.holidays.filter((h) => !today || h.date >= today).map((h) => `${h.date} ${h.name}`);
  if (holidays.length) lines.push(`holidays (closed all day): ${holidays.join("; ")}`);
  for (const sp of (o.special ?? []).filter((x) => !today || x.to >= today)) {
    const dates = sp.oneDay ? sp.from : `${sp.from} to ${sp.to}`;
    const hoursThen = sp.day ? spansText(sp.day) : sp.week ? (Object.keys(sp.week).length ? `${Object.entries(sp.week).map(([day, spans]) => `${day} ${spansText(spans)}`).join("; ")}; other days closed` : "closed") : "usual hours";
    lines.push(`special hours ${dates}: ${hoursThen}${sp.note ? ` (${sp.note})` : ""}${sp.address ? `; served at: ${sp.address}` : ""}`);
  }
  if (o.needsConfirmation) lines.push("note: hours and contacts are to be confirmed by the office.");
  return { source: o.source, text: lines.join("\n") };
}

/**
 * Passages for the given permit ids (unknown ids skipped), at most `max` (default 2), in the
 * conversation's language `lang`: for English the permits' English texts (permitIn), so the model
 * names documents and steps as the citizen reads them.
 */
export function passagesFor(kb: KnowledgeBase, permitIds: readonly string[], max = 2, lang = "id"): Passage[] {
  const out: Passage[] = [];
  for (const id of permitIds) {
    const p = kb.permit(id);
    if (p && !out.some((x) => x.source === p.source)) out.push(permitPassage(permitIn(p, lang)));
    if (out.length >= max) break;
  }
  return out;
}
