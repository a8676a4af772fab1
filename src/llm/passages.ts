import { permitIn } from "../knowledge/in-language.js";
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

/** The office's own facts (hours, address, contacts), for questions that mention them. */
export function officePassage(o: Office): Passage {
  const hours = Object.entries(o.hours)
    .map(([day, spans]) => `${day} ${(spans ?? []).map((s) => `${s.open}-${s.close}`).join(", ") || "closed"}`)
    .join("; ");
  const contacts = Object.entries(o.contacts)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k} ${v}`)
    .join("; ");
  const lines = [`office: ${o.name} (${o.shortName})`, `address: ${o.address}`, `hours (${o.timezone}): ${hours}`, `contacts: ${contacts}`];
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
