/** True when `at` (a transcript entry's ISO time) is a valid time earlier than `before`. */
export function isBefore(at: string | null | undefined, before: Date): boolean {
  if (typeof at !== "string") return false;
  const t = Date.parse(at);
  return Number.isFinite(t) && t < before.getTime();
}

/** Lets other work run between pages of a long scan (retention runs inside the serving process). */
export const yieldToOthers = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
