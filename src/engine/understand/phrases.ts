import type { Token } from "./normalise.js";

/**
 * Phrase matching over normalised tokens. Every name, alias and keyword of a permit or
 * referral, and every cue of understanding.yaml, becomes a pattern of stems; `*` in a cue
 * matches up to three words ("sudah * belum" matches "sudah diproses belum").
 * Patterns are indexed by their first stem, so a message costs one probe per token.
 */
export type Target =
  | { kind: "permit"; id: string; strength: number }
  | { kind: "referral"; id: string; strength: number }
  | { kind: "cue"; group: "intent" | "aspect" | "office"; name: string; weight: number };

export interface Pattern {
  /** Stems; null = a gap of 0..MAX_GAP tokens. */
  parts: (string | null)[];
  target: Target;
}

export interface Match {
  start: number;
  /** Exclusive. */
  end: number;
  pattern: Pattern;
  /** A token in the span was changed by typo tolerance. */
  corrected: boolean;
}

const MAX_GAP = 3;

export class PhraseIndex {
  private byFirst = new Map<string, Pattern[]>();
  /** Surface words of every pattern: the vocabulary for typo tolerance. */
  readonly words = new Set<string>();
  /** `tokens`: a phrase's tokens without typo correction (the understander's `plainTokens`). */
  constructor(private tokens: (text: string) => readonly Token[]) {}

  /** Adds a phrase; returns false when it has no words. */
  add(phrase: string, target: Target): boolean {
    const parts: (string | null)[] = [];
    phrase.split("*").forEach((chunk, i) => {
      if (i > 0) parts.push(null);
      for (const t of this.tokens(chunk)) {
        parts.push(t.stem);
        this.words.add(t.surface);
      }
    });
    while (parts[0] === null) parts.shift();
    while (parts[parts.length - 1] === null) parts.pop();
    const first = parts[0];
    if (!first) return false;
    const list = this.byFirst.get(first);
    const p: Pattern = { parts, target };
    if (list) list.push(p);
    else this.byFirst.set(first, [p]);
    return true;
  }

  /** Every occurrence of every pattern in the tokens. */
  matchAll(tokens: Token[]): Match[] {
    const out: Match[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const candidates = this.byFirst.get(tokens[i]!.stem);
      if (!candidates) continue;
      for (const p of candidates) {
        const end = matchAt(p.parts, tokens, i);
        if (end < 0) continue;
        let corrected = false;
        for (let k = i; k < end; k++) if (tokens[k]!.corrected) corrected = true;
        out.push({ start: i, end, pattern: p, corrected });
      }
    }
    return out;
  }
}

function matchAt(parts: (string | null)[], tokens: Token[], start: number): number {
  let j = start;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k];
    if (part === null) {
      const next = parts[k + 1]!;
      let found = -1;
      for (let g = j; g <= j + MAX_GAP && g < tokens.length; g++) {
        if (tokens[g]!.stem === next) {
          found = g;
          break;
        }
      }
      if (found < 0) return -1;
      j = found;
      continue;
    }
    if (j >= tokens.length || tokens[j]!.stem !== part) return -1;
    j++;
  }
  return j;
}
