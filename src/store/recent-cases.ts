import type { Logger } from "pino";
import type { HandoffCase } from "../domain/records.js";
import { storeMarker, writeUnderLock } from "./marker.js";
import type { Put, Store } from "./port.js";

/**
 * Handoff cases are kept (the SKM survey and the wait estimate refer to them), so `cases` grows
 * by every handoff the office ever had. The queue, a waiting citizen's place in it, the wait
 * estimate and the idle sweep need only the open ones and the last days' finished ones: those
 * are also kept in `recent_cases` (a copy of each, same key), read instead of every case.
 *
 * `withRecentCases` wraps a store so that every write of a case (in a turn's commit or a plain
 * put, by whichever part of Loket) writes its copy in the same commit: an open case, or one
 * finished within RECENT_MS, is copied; a removed case's copy goes too. The retention sweep
 * prunes copies that have aged out (`pruneRecentCases`); cases stored before the copies existed
 * are copied once at start-up (`backfillRecentCases`), and until then readers read all cases.
 */
export const RECENT_MS = 7 * 86_400_000;
const READY_KEY = "__ready__";

const open = (c: HandoffCase) => c.status === "waiting" || c.status === "held";
const isCase = (v: unknown): v is HandoffCase => typeof v === "object" && v !== null && typeof (v as HandoffCase).id === "string" && typeof (v as HandoffCase).status === "string";

/** The case with the highest ticket: the queue counts the cases being opened from it. */
const newestOf = (cases: HandoffCase[]): HandoffCase | undefined => cases.reduce<HandoffCase | undefined>((a, c) => (!a || (c.ticket ?? 0) > (a.ticket ?? 0) ? c : a), undefined);

/** Whether a case belongs among the recent ones at `now` (ms). */
function recent(c: HandoffCase, now: number): boolean {
  return open(c) || !(Date.parse(c.updatedAt) < now - RECENT_MS);
}

/**
 * The copy a case's write makes: of a recent case, itself; of a case removed, its removal. A
 * finished case older than that (only erasure rewrites one, with its id no longer the citizen's)
 * makes none here: `put` updates a copy that still exists, the sweep prunes it.
 */
function copyOf(p: Put, now: number): Put | undefined {
  if (p.collection !== "cases") return undefined;
  if (p.value === null) return { collection: "recent_cases", key: p.key, value: null };
  return isCase(p.value) && recent(p.value, now) ? { collection: "recent_cases", key: p.key, value: p.value } : undefined;
}

export function withRecentCases(store: Store, now: () => Date = () => new Date()): Store {
  const withCopies = (puts: Put[] | undefined): Put[] | undefined => {
    if (!puts?.some((p) => p.collection === "cases")) return puts;
    const t = now().getTime();
    return puts.flatMap((p) => {
      const copy = copyOf(p, t);
      return copy ? [p, copy] : [p];
    });
  };
  return {
    ...store,
    // The adapter's own turn, its commit replaced (every message passes here: nothing else is added).
    begin: (conversationId, opts) =>
      store.begin(conversationId, opts).then((turn) => {
        const commit = turn.commit;
        turn.commit = (batch) => {
          const puts = withCopies(batch.puts);
          return commit(puts === batch.puts ? batch : { ...batch, puts: puts! });
        };
        return turn;
      }),
    async put(collection, key, value) {
      await store.put(collection, key, value);
      if (collection !== "cases") return;
      const copy = copyOf({ collection, key, value }, now().getTime());
      if (copy) await store.put(copy.collection, copy.key, copy.value);
      else if (await store.get("recent_cases", key)) await store.put("recent_cases", key, value);
    },
  };
}

const copiesMade = storeMarker("recent_cases", READY_KEY);
const copiesReady = (store: Store) => copiesMade.isSet(store);

/** The open cases and those finished in the last days (all cases until the copies are made). */
export async function recentCases(store: Store): Promise<HandoffCase[]> {
  if (!(await copiesReady(store))) return store.list<HandoffCase>("cases");
  return (await store.list<unknown>("recent_cases")).filter(isCase);
}

/**
 * Removes the copies of cases finished more than RECENT_MS ago, except the newest case's (its
 * ticket tells a case being opened how many are being opened with it). Returns how many went.
 */
export async function pruneRecentCases(store: Store, now: Date): Promise<number> {
  if (!(await copiesReady(store))) return 0;
  const cases = (await store.list<unknown>("recent_cases")).filter(isCase);
  const newest = newestOf(cases);
  let pruned = 0;
  for (const c of cases) {
    if (c === newest || recent(c, now.getTime())) continue;
    await store.put("recent_cases", c.id, null);
    pruned++;
  }
  return pruned;
}

/**
 * Copies the cases stored before the copies existed: each recent one (and the newest) read again
 * under its conversation's lock, so a staff action meanwhile is not undone by a stale copy. Runs
 * once per store; several instances starting together do the same work, harmlessly. `store` is
 * the unwrapped store (the copies are written here directly).
 */
export async function backfillRecentCases(store: Store, logger?: Logger, now: () => Date = () => new Date()): Promise<number> {
  if (await copiesReady(store)) return 0;
  const all = await store.list<HandoffCase>("cases");
  const t = now().getTime();
  const newest = newestOf(all);
  let copied = 0;
  for (const c0 of all.filter((c) => c === newest || recent(c, t))) {
    await writeUnderLock(store, c0.conversationId, async () => {
      const c = await store.get<HandoffCase>("cases", c0.id);
      return c ? [{ collection: "recent_cases", key: c.id, value: c }] : [];
    });
    copied++;
  }
  await copiesMade.set(store, new Date(t));
  if (copied) logger?.info({ cases: copied }, "recent handoff cases copied");
  return copied;
}
