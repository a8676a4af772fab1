import type { Permit } from "../../knowledge/types.js";

/**
 * How a permit's names are read, shared by the understander and the knowledge check, so the
 * check refuses exactly the words the understander cannot use to tell permits apart.
 */

/** Name/alias words shared by at most this many permits point to those permits; more, and they point to none. */
export const SUPPORT_MAX_DF = 7;

/** "Persetujuan Bangunan Gedung (PBG)" -> ["Persetujuan Bangunan Gedung (PBG)", "Persetujuan Bangunan Gedung", "PBG"]. */
export function nameParts(written: string): string[] {
  // "Perizinan Usaha Pariwisata (dulu TDUP)": "dulu" (formerly) names no permit ("STR nya dulu yg 5 tahunan" is no TDUP).
  const name = written.replace(/\((?:dulu|formerly)\s+/i, "(");
  const m = /^(.*?)\s*\(([^)]*)\)\s*(.*)$/.exec(name);
  if (!m) return [name];
  return [name, `${m[1]} ${m[3]}`.trim(), m[2]!.trim()].filter(Boolean);
}

/** Each permit's name words (name, aliases, id) as stems of 3 letters or more. */
export function permitNameStems(permits: Pick<Permit, "id" | "name" | "aliases">[], stemOf: (w: string) => string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const p of permits) {
    out.set(p.id, new Set([...nameParts(p.name), ...p.aliases, p.id.replace(/-/g, " ")].flatMap(stemOf).filter((s) => s.length >= 3)));
  }
  return out;
}

/** How many permits have each stem among their name words. */
export function stemCounts(stems: Map<string, Set<string>>): Map<string, number> {
  const df = new Map<string, number>();
  for (const set of stems.values()) for (const s of set) df.set(s, (df.get(s) ?? 0) + 1);
  return df;
}
