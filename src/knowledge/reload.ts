import { randomUUID } from "node:crypto";
import type { FileIssue } from "../errors.js";
import type { Bus } from "../store/port.js";

/** What one instance did with a reload: took a version, or refused and kept the one it had. */
export interface KnowledgeReloadResult {
  /** The instance's name (host/pid/…), as its log says it. */
  instance: string;
  ok: boolean;
  /** The version in use after the reload: the new one, or (refused) the old one still serving. */
  version: string;
  /** The version it was serving before. */
  previous: string;
  permits: number;
  /** Why it refused: every problem, `file:line: what to write`, as start-up says them. */
  problems: FileIssue[];
  /** What `npm run check` warns of in the files it took (said in its log). */
  warnings: FileIssue[];
}

/** What the instance asked answers: this instance's version, and each instance's result. */
export interface KnowledgeReloadAnswer {
  version: string;
  instances: KnowledgeReloadResult[];
  /** Instances listening that did not answer within the wait (stopped, busy): their version is unknown. */
  unanswered: number;
}

const ASK = "knowledge-reload";
const DONE = "knowledge-reloaded";

export interface KnowledgeReloadsDeps {
  bus: Bus;
  instance: string;
  /** Loads and checks this instance's own files, and swaps them in when they pass. */
  reloadHere(): Promise<KnowledgeReloadResult>;
  /** The version this instance serves now. */
  version(): string;
  /** How many instances listen for reloads (Redis: subscribers of the topic); 1 for one process. */
  listening(topic: string): Promise<number>;
  /** How long to wait for the other instances' answers. Default 15 s. */
  waitMs?: number;
}

/**
 * A reload asked on one instance (the console's button, SIGHUP) reloads all of them: it is
 * published on the store's bus, every instance reloads from its own files and publishes what it
 * did; the asking one collects those answers (as many as listen, or until `waitMs`).
 */
export function createKnowledgeReloads(deps: KnowledgeReloadsDeps): { reloadAll(): Promise<KnowledgeReloadAnswer>; close(): void } {
  const waiting = new Map<string, (r: KnowledgeReloadResult) => void>();
  const offAsk = deps.bus.subscribe(ASK, (payload) => {
    const id = (payload as { id?: unknown })?.id;
    if (typeof id !== "string") return;
    void deps.reloadHere().then(
      (result) => deps.bus.publish(DONE, { id, result }),
      () => undefined, // reloadHere answers every failure as a refusal; a bus that is away loses the answer
    );
  });
  const offDone = deps.bus.subscribe(DONE, (payload) => {
    const { id, result } = (payload ?? {}) as { id?: unknown; result?: KnowledgeReloadResult };
    if (typeof id === "string" && result) waiting.get(id)?.(result);
  });
  return {
    async reloadAll() {
      const id = randomUUID();
      const results = new Map<string, KnowledgeReloadResult>();
      const expected = Math.max(1, await deps.listening(ASK).catch(() => 1));
      let allIn: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (allIn = resolve));
      waiting.set(id, (r) => {
        results.set(r.instance, r);
        if (results.size >= expected) allIn();
      });
      const timer = setTimeout(allIn, deps.waitMs ?? 15_000);
      try {
        await deps.bus.publish(ASK, { id });
        await done;
      } finally {
        clearTimeout(timer);
        waiting.delete(id);
      }
      // This instance first, then the others by name.
      const instances = [...results.values()].sort((a, b) => (a.instance === deps.instance ? -1 : b.instance === deps.instance ? 1 : a.instance.localeCompare(b.instance)));
      return { version: deps.version(), instances, unanswered: Math.max(0, expected - results.size) };
    },
    close() {
      offAsk();
      offDone();
    },
  };
}
