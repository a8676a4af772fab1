import { editDistance } from "../../text/closest.js";
/**
 * Typo tolerance against the vocabulary built from the knowledge base (symmetric-delete
 * lookup, as in SymSpell): "fisiotrapis" -> "fisioterapis", "biyaya" -> "biaya". Lookups are
 * a handful of hash probes, fast enough to run on every unknown word of every message.
 * A word is corrected only when exactly one vocabulary word is nearest, so an ambiguous typo
 * stays as typed.
 */
export interface TypoIndex {
  /** The single nearest vocabulary word within the allowed distance, or undefined. */
  correct(word: string): string | undefined;
  has(word: string): boolean;
  /**
   * Builds the lookup now. It is otherwise built at the first word to correct (~40-80 ms of CPU
   * for the whole knowledge base): Loket builds it just after it is ready (src/main.ts), not before.
   */
  warm(): void;
}

export interface TypoOptions {
  /** Words shorter than this are never corrected (default 5). */
  minLength?: number;
  /** Length from which two edits are allowed (default 8); shorter words allow one. */
  twoEditsFrom?: number;
}

export function createTypoIndex(words: Iterable<string>, opts: TypoOptions = {}): TypoIndex {
  const minLength = opts.minLength ?? 5;
  const twoFrom = opts.twoEditsFrom ?? 8;
  const vocab = new Set<string>();
  // A word more than two letters longer than every vocabulary word is within no allowed distance:
  // not looked up, as its deletions alone cost the cube of its length (a crafted 4,000-letter
  // "RpRp…" held the server for minutes).
  let longest = 0;
  for (const w of words) {
    if (w.length < minLength - 1 || vocab.has(w) || /\d/.test(w)) continue;
    vocab.add(w);
    longest = Math.max(longest, w.length);
  }
  /** Every deletion of every vocabulary word, with the words it comes from: made at first use. */
  let built: Map<string, string[]> | undefined;
  const lookup = (): Map<string, string[]> => {
    if (built) return built;
    const deletes = new Map<string, string[]>();
    for (const w of vocab) {
      for (const d of deletions(w, w.length >= twoFrom - 1 ? 2 : 1)) {
        const list = deletes.get(d);
        if (!list) deletes.set(d, [w]);
        else if (!list.includes(w)) list.push(w);
      }
    }
    return (built = deletes);
  };
  const cache = new Map<string, string | null>();

  return {
    has: (w) => vocab.has(w),
    warm: () => void lookup(),
    correct(word) {
      if (word.length < minLength || word.length > longest + 2 || vocab.has(word) || /\d/.test(word)) return undefined;
      const cached = cache.get(word);
      if (cached !== undefined) return cached ?? undefined;
      const deletes = lookup();
      const maxD = word.length >= twoFrom ? 2 : 1;
      const seen = new Set<string>();
      let best: string | undefined;
      let bestD = Infinity;
      let tie = false;
      for (const d of deletions(word, maxD)) {
        for (const cand of deletes.get(d) ?? []) {
          if (seen.has(cand)) continue;
          seen.add(cand);
          const dist = editDistance(word, cand);
          const allowed = Math.min(maxD, cand.length >= twoFrom ? 2 : 1);
          if (dist > allowed) continue;
          if (dist < bestD) [best, bestD, tie] = [cand, dist, false];
          else if (dist === bestD && cand !== best) tie = true;
        }
      }
      const out = best !== undefined && !tie ? best : undefined;
      if (cache.size > 20_000) cache.clear();
      cache.set(word, out ?? null);
      return out;
    },
  };
}

/** The word itself and every string reachable by deleting up to `max` letters. */
function deletions(w: string, max: number): Set<string> {
  const out = new Set<string>([w]);
  let frontier = [w];
  for (let d = 0; d < max; d++) {
    const next: string[] = [];
    for (const s of frontier) {
      for (let i = 0; i < s.length; i++) {
        const t = s.slice(0, i) + s.slice(i + 1);
        if (!out.has(t)) {
          out.add(t);
          next.push(t);
        }
      }
    }
    frontier = next;
  }
  return out;
}

