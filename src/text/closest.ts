/** The candidate nearest to `word` by edit distance, if near enough to be a typo of it ("did you mean"). */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/**
 * The messages key nearest to `key` ("answers.fee.titel" → "answers.fee.title"): as many dotted
 * parts, and a few edits apart (a long key's parts are not all read as one long word).
 */
export function closestKey(key: string, candidates: Iterable<string>): string | undefined {
  const parts = key.split(".").length;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c.split(".").length !== parts) continue;
    const d = editDistance(key, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(key.length / 8)) ? best : undefined;
}

/** Edits between two words, two swapped neighbours counting as one ("nmae" is one from "name"). */
export function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) dp[i]![j] = Math.min(dp[i]![j]!, dp[i - 2]![j - 2]! + 1);
    }
  return dp[a.length]![b.length]!;
}
