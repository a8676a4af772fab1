import { expect } from "vitest";
import type { Outbound } from "../../src/domain/message.js";
import { addStaff } from "../../src/staff/auth.js";
import type { StaffOps } from "../../src/staff/index.js";
import { applicationRecord } from "../support/applications.js";
import { createTestLoket, type TestLoket, type TestLoketOptions } from "../support/loket.js";

/**
 * A whole Loket listening on loopback with the staff console mounted, two accounts
 * (budi: staff, sari: admin), and helpers that act as a staff browser (cookie + CSRF) and as a
 * citizen on the web channel (HTTP API + SSE). `ops` runs on the test's clock.
 */
export interface StaffWorld {
  t: TestLoket;
  base: string;
  ops: StaffOps;
  login(username?: string, password?: string): Promise<StaffClient>;
  citizen(): Promise<WebCitizen>;
  close(): Promise<void>;
}

/** The case a web citizen's request for a person opened (their conversation's handoff). */
export async function caseIdOf(w: StaffWorld, citizen: WebCitizen): Promise<string> {
  const id = (await w.t.loket.store.peekState(citizen.conversationId))?.handoff?.caseId;
  expect(id, "the citizen's request for a person opened a case").toBeTruthy();
  return id!;
}

/**
 * A staff world (closed by `cleanups`, run after each test) holding one PBG application under
 * `number`, sent from another chat (web:other): a citizen here asks about someone's application.
 */
export async function staffWorldWithApplication(cleanups: (() => Promise<void> | void)[], number: string): Promise<StaffWorld> {
  const w = await startStaffWorld();
  cleanups.push(() => w.close());
  await w.t.loket.store.put("applications", number, applicationRecord({ number, permit: "pbg", conversationId: "web:other" }));
  return w;
}

export const PASSWORDS = { budi: "kata-sandi-budi-1", sari: "kata-sandi-sari-1" } as const;

export async function startStaffWorld(opts: TestLoketOptions = {}): Promise<StaffWorld> {
  const t = await createTestLoket(opts);
  const { loket } = t;
  // buildLoket mounts the console and hands out its StaffOps (on the test's clock).
  const ops = loket.staff;
  await loket.app.listen({ port: 0, host: "127.0.0.1" });
  const addr = loket.app.server.address();
  const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  await addStaff(loket.store, { username: "budi", role: "staff", password: PASSWORDS.budi, displayName: "Budi" });
  await addStaff(loket.store, { username: "sari", role: "admin", password: PASSWORDS.sari, displayName: "Sari" });
  const streams: SseReader<unknown>[] = [];
  return {
    t,
    base,
    ops,
    async login(username = "budi", password) {
      const c = new StaffClient(base, streams);
      const res = await c.login(username, password ?? PASSWORDS[username as keyof typeof PASSWORDS]);
      expect(res.status).toBe(200);
      return c;
    },
    async citizen() {
      const res = await fetch(`${base}/api/conversations`, { method: "POST" });
      const { conversationId, token } = (await res.json()) as { conversationId: string; token: string };
      const events = await SseReader.open<Outbound>(`${base}/api/conversations/${conversationId}/events`, { authorization: `Bearer ${token}` });
      streams.push(events);
      return new WebCitizen(base, conversationId, token, events);
    },
    async close() {
      for (const s of streams) s.close();
      await t.close();
    },
  };
}

/** A staff browser: keeps the session cookie and the CSRF token. */
export class StaffClient {
  cookie = "";
  csrf = "";
  constructor(
    readonly base: string,
    private readonly streams: SseReader<unknown>[],
  ) {}

  async login(username: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(`${this.base}/staff/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ username, password }),
    });
    const set = res.headers.get("set-cookie");
    if (res.ok && set) {
      this.cookie = set.split(";")[0]!;
      this.csrf = ((await res.clone().json()) as { csrfToken: string }).csrfToken;
    }
    return res;
  }

  /** Goes on in the session a response started, as a browser does (a password change's new cookie and CSRF token). */
  async adopt(res: Response): Promise<void> {
    const set = res.headers.get("set-cookie");
    if (!set) return;
    this.cookie = set.split(";")[0]!;
    const body = (await res.clone().json()) as { csrfToken?: string };
    if (body.csrfToken) this.csrf = body.csrfToken;
  }

  get(path: string): Promise<Response> {
    return fetch(`${this.base}/staff/api${path}`, { headers: { cookie: this.cookie } });
  }

  async json<T = Record<string, unknown>>(path: string): Promise<T> {
    const res = await this.get(path);
    expect(res.status, `GET ${path}`).toBe(200);
    return (await res.json()) as T;
  }

  /** POST with the CSRF token unless `csrf` overrides it (null: no header). */
  post(path: string, body: unknown = {}, csrf: string | null = this.csrf): Promise<Response> {
    return fetch(`${this.base}/staff/api${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: this.cookie, ...(csrf !== null ? { "x-csrf-token": csrf } : {}) },
      body: JSON.stringify(body),
    });
  }

  async events(): Promise<SseReader<{ type: string; caseId?: string; number?: string; from?: string; text?: string }>> {
    const s = await SseReader.open<{ type: string }>(`${this.base}/staff/api/events`, { cookie: this.cookie });
    this.streams.push(s);
    return s as SseReader<{ type: string; caseId?: string; number?: string; from?: string; text?: string }>;
  }
}

/** A citizen on the web channel. `events` receives pushes (staff replies, status notices). */
export class WebCitizen {
  constructor(
    readonly base: string,
    readonly id: string,
    readonly token: string,
    readonly events: SseReader<Outbound>,
  ) {}

  get conversationId(): string {
    return `web:${this.id}`;
  }

  async say(text: string): Promise<Outbound[]> {
    return this.send({ text });
  }

  async tap(choice: string): Promise<Outbound[]> {
    return this.send({ choice });
  }

  async send(body: { text: string } | { choice: string }): Promise<Outbound[]> {
    const res = await fetch(`${this.base}/api/conversations/${this.id}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${this.token}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { replies: Outbound[] }).replies;
  }
}

/** Reads a server-sent event stream over real HTTP, collecting `data:` payloads. */
export class SseReader<T> {
  readonly received: T[] = [];
  /** The server ended the stream. */
  ended = false;
  private waiters: (() => void)[] = [];
  private constructor(private readonly abort: AbortController) {}

  static async open<T>(url: string, headers: Record<string, string>): Promise<SseReader<T>> {
    const abort = new AbortController();
    const reader = new SseReader<T>(abort);
    const res = await fetch(url, { headers, signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    void (async () => {
      const decoder = new TextDecoder();
      let buf = "";
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buf += decoder.decode(chunk, { stream: true });
          let i: number;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = block
              .split("\n")
              .filter((l) => l.startsWith("data: "))
              .map((l) => l.slice(6))
              .join("\n");
            if (data) {
              reader.received.push(JSON.parse(data) as T);
              for (const w of reader.waiters.splice(0)) w();
            }
          }
        }
        reader.ended = true;
      } catch {
        // aborted
      }
    })();
    return reader;
  }

  /** Resolves with the first received item matching `pred` (already received or arriving within `ms`). */
  async waitFor(pred: (item: T) => boolean, ms = 5000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.received.find(pred);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${ms} ms; got ${JSON.stringify(this.received).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.abort.abort();
  }
}
