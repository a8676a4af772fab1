import type { ConversationState } from "../domain/conversation.js";
import { CHOICE_LINE_PREFIX, REGISTRATION_NUMBER_RE, type HandoffCase, type TranscriptEntry } from "../domain/records.js";
import type { Understanding } from "../engine/understand/types.js";
import type { Store } from "../store/port.js";
import type { Messages } from "../text/messages.js";
import { formSnapshot, masked, shortWords } from "./views.js";

/**
 * What a waiting citizen needs, as the queue row and the group's new topic say it ("Perlu: …"):
 * what they last wrote is often the request for a person itself ("petugas", "cs", "halo?"), which
 * tells staff nothing. Built from what Loket knows of the conversation: the permit (and what was
 * asked of it), the form under way and where it stands, the citizen's last line that says what they
 * want, a registration number (not the case's own: the row names that beside it). Never a form's
 * answers (a name, a NIK, a phone number): a line typed to a form's question is passed over, and
 * runs of digits in the line shown are masked.
 */
export interface NeedDeps {
  /** What a line means (the understander in use); without it, a line of 3 words or fewer without a digit is taken as a greeting. */
  understand?: (text: string) => Pick<Understanding, "intent" | "permit" | "aspect">;
  permitName?: (id: string) => string | undefined;
  /** Form field ids to what staff call them ("hp" -> "Nomor HP/WhatsApp aktif"). */
  fieldLabels?: () => Record<string, string>;
  messages: Pick<Messages, "t">;
}

/** Said to Loket, not about the citizen's matter: a request for a person, a greeting, thanks. */
const NOT_A_NEED = new Set<Understanding["intent"]>(["talk_to_staff", "greeting", "thanks"]);
/** What a citizen typed to a form's question that is still a question of theirs ("biayanya berapa?" at the name). */
const WANTS = new Set<Understanding["intent"]>(["ask", "list_permits", "apply", "check_status", "office_info", "referral", "complaint"]);
/** Bot questions whose typed answer is the citizen's choice, not a form's data. */
const NOT_DATA = new Set(["choice", "confirm"]);
/** An out-of-scope line this short names nothing ("admin tolong", "kak tolong bls", "??"). */
const SHORT_WORDS = 3;
/** How long the quoted line may be: the row also names the permit and the form. */
const QUOTE_MAX_CHARS = 100;

/** What was asked of a permit, in the words of the menu's buttons (messages `aspect.*`, flows/menu.yaml); other aspects are not named. */
function aspectWords(m: Pick<Messages, "t">, aspect: string): string | undefined {
  switch (aspect) {
    case "requirements":
      return m.t("aspect.requirements");
    case "fee":
      return m.t("aspect.fee");
    case "duration":
      return m.t("aspect.duration");
    case "procedure":
      return m.t("aspect.procedure");
    case "where":
      return m.t("aspect.where");
    case "validity":
      return m.t("aspect.validity");
    case "legal":
      return m.t("aspect.legal");
    default:
      return undefined;
  }
}

const NUMBER_IN_TEXT = new RegExp(`\\b${REGISTRATION_NUMBER_RE.source.replace(/^\^|\$$/g, "")}\\b`, "i");
const words = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** A line's text with NIKs, phone numbers and e-mail addresses masked, its registration numbers kept. */
function maskedKeepingNumbers(text: string): string {
  let out = "";
  let at = 0;
  for (const m of text.matchAll(new RegExp(NUMBER_IN_TEXT.source, "gi"))) {
    out += masked(text.slice(at, m.index)) + m[0].toUpperCase();
    at = m.index + m[0].length;
  }
  return out + masked(text.slice(at));
}

/**
 * The citizen's last line that says what they want, with what it was understood to ask, or
 * undefined: lines of a document, a button tapped, a request for a person, a greeting, a short line
 * naming nothing, and answers typed to a form's question (unless a question of their own) are passed over.
 */
export function lastNeedLine(transcript: readonly TranscriptEntry[], deps: Pick<NeedDeps, "understand">): { line: TranscriptEntry; permit?: string; aspect?: string } | undefined {
  for (let i = transcript.length - 1; i >= 0; i--) {
    const e = transcript[i]!;
    const text = e.text.trim();
    if (e.from !== "citizen" || e.internal || e.document || !text || text.startsWith(CHOICE_LINE_PREFIX)) continue;
    const asked = transcript[i - 1]?.from === "bot" ? transcript[i - 1]!.expects : undefined;
    const toForm = !!asked && !NOT_DATA.has(asked.kind);
    const short = words(text) <= SHORT_WORDS;
    if (!deps.understand) {
      if (!toForm && (!short || /\d/.test(text))) return { line: e };
      continue;
    }
    const u = deps.understand(text);
    if (toForm ? !WANTS.has(u.intent) : NOT_A_NEED.has(u.intent) || (u.intent === "out_of_scope" && !u.permit && short && !NUMBER_IN_TEXT.test(text))) continue;
    return { line: e, ...(u.permit ? { permit: u.permit } : {}), ...(u.aspect ? { aspect: u.aspect } : {}) };
  }
  return undefined;
}

/**
 * The "Perlu: …" text of a case (without its label), or undefined when Loket knows nothing of what
 * the citizen wants: parts joined by " · ", e.g. "Persetujuan Bangunan Gedung (PBG), syarat/dokumen ·
 * “syarat pbg apa saja”", "Surat Izin Praktik Dokter (SIP Dokter) · mengisi formulir, sampai Nomor
 * HP/WhatsApp aktif · “mau daftar sip dokter”", "“cek status RBG-2026-000123”".
 */
export function caseNeed(c: HandoffCase, transcript: readonly TranscriptEntry[], state: ConversationState | null, deps: NeedDeps): string | undefined {
  return needText(c, transcript, state, lastNeedLine(transcript, deps), deps);
}

function needText(c: HandoffCase, transcript: readonly TranscriptEntry[], state: ConversationState | null, said: ReturnType<typeof lastNeedLine>, deps: NeedDeps): string | undefined {
  const t = deps.messages;
  // A form under way is an application's (its frame names the permit), not a status check's questions.
  const form = formSnapshot(state);
  const formFrame = form && [...(state?.engine.stack ?? [])].reverse().find((f) => f.flow === form.flow);
  const formPermit = typeof formFrame?.slots.permit === "string" ? formFrame.slots.permit : undefined;
  const context = state?.engine.context;
  const permit = formPermit ?? said?.permit ?? c.permit ?? context?.permit;
  const aspect = formPermit ? undefined : (said?.aspect ?? (permit && permit === context?.permit ? context?.aspect : undefined));
  const parts: string[] = [];
  if (permit) {
    const name = deps.permitName?.(permit) ?? permit;
    const asked = aspect && aspectWords(t, aspect);
    parts.push(asked ? `${name}, ${asked.toLowerCase()}` : name);
  }
  if (formPermit) {
    // The question the form was at: the bot's last question of a field in the transcript.
    const asked = [...transcript].reverse().find((e) => e.from === "bot" && e.expects && !NOT_DATA.has(e.expects.kind))?.expects?.field;
    const label = asked ? deps.fieldLabels?.()[asked] : undefined;
    parts.push(label ? t.t("staff_notice.need_form_at", { field: label }) : t.t("staff_notice.need_form"));
  }
  const quote = said && shortWords(maskedKeepingNumbers(said.line.text), QUOTE_MAX_CHARS);
  if (quote) parts.push(`“${quote}”`);
  const number = (said && NUMBER_IN_TEXT.exec(said.line.text)?.[0].toUpperCase()) ?? c.applicationNumber ?? context?.application ?? context?.checked?.number;
  // Not the case's own number: the queue row and the group's summary name it already.
  if (number && number !== c.applicationNumber && !quote?.includes(number)) parts.push(t.t("staff_notice.need_number", { number }));
  return parts.length ? parts.join(" · ") : undefined;
}

/**
 * Whether what the citizen last wrote (`words`, the queue's "Warga: …" or the group's last words)
 * is already quoted whole in `need`: then it adds nothing and is not shown beside it ("Perlu:
 * “pbg saya ditolak kenapa ya”" and "Warga: “pbg saya ditolak kenapa ya”"). Compared as the need
 * quotes it (numbers masked, whitespace folded); a line the need had to cut is shown (it says more).
 */
export function needQuotes(need: string | undefined, words: string | undefined): boolean {
  if (!need || !words || words.endsWith("…")) return false;
  const quote = shortWords(maskedKeepingNumbers(words), QUOTE_MAX_CHARS);
  return !quote.endsWith("…") && need.includes(`“${quote}”`);
}

/** How many of a transcript's newest entries `caseNeedOf` reads: a few first, then more when those hold no line of need. */
const NEED_READS = [16, 256] as const;

/**
 * `caseNeed` of a stored case, read from the end of its transcript (`Store.transcriptTail`, as the
 * queue's last words are) and its conversation's state: the queue asks it for every open case at
 * every refresh. `until` (an ISO time): only the lines written by then count (a topic made late
 * says what was known when the case was opened; what was written since follows it in its replay).
 * An erased conversation: only what the case itself records (its permit, its number).
 */
export async function caseNeedOf(store: Pick<Store, "transcriptTail" | "peekState">, c: HandoffCase, deps: NeedDeps, until?: string): Promise<string | undefined> {
  const upTo = (lines: TranscriptEntry[]) => (until ? lines.filter((l) => l.at <= until) : lines);
  const [state, first] = await Promise.all([store.peekState(c.conversationId).catch(() => null), store.transcriptTail(c.conversationId, NEED_READS[0])]);
  let tail = upTo(first);
  let said = lastNeedLine(tail, deps);
  if (!said && first.length === NEED_READS[0]) {
    tail = upTo(await store.transcriptTail(c.conversationId, NEED_READS[1]));
    said = lastNeedLine(tail, deps);
  }
  return needText(c, tail, state, said, deps);
}
