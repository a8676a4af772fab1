import { foldText } from "../domain/fields.js";

/**
 * A correction typed in words at the summary: "eh no hp nya salah, yg bener 0857 1234 5678",
 * "alamat saya keliru", "namanya harusnya Siti Aminah". Finds which item of the summary it is
 * about (by the words of its label, or words citizens use for its kind of question) and the
 * new value after a word such as "yang benar". Pure: the engine validates the value and decides.
 */
export interface SummaryItem {
  key: string;
  label: string;
  /** Form questions only; documents have none. */
  kind?: string;
}

export interface SummaryEditWords {
  /** Where the right value starts: "yang benar", "seharusnya". */
  correct: string[];
  /** Words saying something is wrong: "salah", "keliru". */
  wrong: string[];
  /** Words for a kind of question beside its label's words (phone: hp, wa). */
  field_words: Record<string, string[]>;
}

export type SummaryEdit = { key: string; value?: string } | { ambiguous: true };

/** Words of a question's label that say nothing about which question it is. */
const PLAIN = new Set(["pemohon", "lengkap", "sesuai", "ktp", "aktif", "yang", "dan", "atau", "untuk", "dari", "di", "ke", "dengan", "angka", "e"]);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `named`: the text is known to name an item (the citizen was asked which), no "salah" needed. */
export function createSummaryEditReader(words: SummaryEditWords): (text: string, items: SummaryItem[], named?: boolean) => SummaryEdit | undefined {
  const cues = [...words.correct].sort((a, b) => b.length - a.length).map((c) => escape(c.trim()).replace(/\s+/g, "\\s+"));
  const cue = cues.length ? new RegExp(`(?:^|[^\\p{L}\\p{N}])(${cues.join("|")})(?=$|[^\\p{L}\\p{N}])`, "iu") : undefined;
  const wrong = new Set(words.wrong.map(foldText));
  const kindWords = new Map(Object.entries(words.field_words).map(([k, ws]) => [k, ws.map(foldText).filter(Boolean)]));
  // A document's name is all it has ("KTP"); a question's label says more than which it is.
  const labelWords = (it: SummaryItem) =>
    foldText(it.label.replace(/\([^)]*\)/g, " "))
      .split(" ")
      .filter((w) => w.length >= 2 && (!it.kind || !PLAIN.has(w)));

  return (text, items, named = false) => {
    const m = cue?.exec(text);
    const head = foldText(m ? text.slice(0, m.index) : text);
    // "hpnya", "namanya": the word without its "-nya".
    const tokens = new Set(head.split(" ").flatMap((t) => (t.length > 4 && t.endsWith("nya") ? [t, t.slice(0, -3)] : [t])));
    if (!m && !named && ![...tokens].some((t) => wrong.has(t))) return undefined;
    const padded = ` ${[...tokens].join(" ")} ${head} `;
    type Candidate = { key: string; kind?: string | undefined; score: number; share: number };
    let best: Candidate[] = [];
    let runnersUp: Candidate[] = [];
    for (const it of items) {
      const own = labelWords(it);
      const matched = own.filter((w) => tokens.has(w)).length;
      const byKind = (it.kind ? kindWords.get(it.kind) ?? [] : []).some((w) => padded.includes(` ${w} `)) ? 1 : 0;
      const score = matched + byKind;
      if (!score) continue;
      const share = own.length ? matched / own.length : 1;
      const top = best[0];
      if (!top || score > top.score) {
        best = [{ key: it.key, kind: it.kind, score, share }];
        runnersUp = [];
      } else if (score === top.score && share > top.share) {
        runnersUp.push(...best);
        best = [{ key: it.key, kind: it.kind, score, share }];
      } else if (score === top.score && share === top.share) best.push({ key: it.key, kind: it.kind, score, share });
      else if (score === top.score) runnersUp.push({ key: it.key, kind: it.kind, score, share });
    }
    if (!best.length) return undefined;
    if (best.length > 1) return { ambiguous: true };
    // Beside one item whose label's words are all there, others that share fewer of theirs do
    // not count ("alamat" is the address, not "Alamat tempat praktik"); two partial ones do.
    if (best[0]!.share < 1 && runnersUp.length) return { ambiguous: true };
    const value = m
      ? text
          .slice(m.index + m[0].length)
          .replace(/^[\s:=,.\-–]+/, "")
          .replace(/^(?:nya|adalah|itu)(?=\s|$)\s*/i, "")
          .replace(/^[\s:=\-–]+/, "")
          .replace(/[\s.!]+$/, "")
      : "";
    return value ? { key: best[0]!.key, value } : { key: best[0]!.key };
  };
}
