import { createHash, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import cookie from "@fastify/cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { z } from "zod";
import type { DocumentRef } from "../domain/message.js";
import { ApplicationStatus, type Application, type HandoffCase, type TranscriptEntry } from "../domain/records.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import type { KnowledgeReloadAnswer } from "../knowledge/reload.js";
import { openEventStream } from "../http.js";
import { STAFF_TOPIC } from "../runtime/port.js";
import type { Bus, FileStore, Store } from "../store/port.js";
import type { CircuitState } from "../llm/circuit.js";
import type { LlmCallStats, LlmOperation } from "../llm/metrics.js";
import { applicationsOf } from "../runtime/applications.js";
import { isErasedConversation } from "../runtime/documents.js";
import { applicationRow, byDue, dueOf, filterApplications, numberMatches, registrationNumberOf } from "./applications.js";
import { audit, listAudit } from "./audit.js";
import { checkCredentials, createLoginLimiter, createSessions, MIN_PASSWORD_LENGTH, sameToken, setStaffPassword, verifyPassword, type LoginLimiter, type Sessions, type StaffAccount } from "./auth.js";
import { coalesced } from "../domain/memo.js";
import { jakartaDate } from "../domain/hours.js";
import { officeReport } from "./report.js";
import { NOTE_MAX_CHARS, NOTE_REQUIRED, type OpFailure, type StaffActor, type StaffOps } from "./ops.js";
import { ikmCsv, ikmReport } from "./skm.js";
import { needQuotes } from "./need.js";
import { applicationView, caseDetail, caseDocument, caseRow, lastCitizenWordsOf, privacyView, type CaseLabel } from "./views.js";

/** A staff event stream re-checks its session before an event at most this often. */
const SESSION_RECHECK_MS = 1_000;
/** A staff member reading the same case or application again within this time is audited once. */
const VIEW_AUDIT_MS = 10 * 60_000;

/**
 * The staff console over HTTP: the page at `/staff` and the JSON API of DESIGN.md under
 * `/staff/api`. Sessions are cookies (httpOnly, SameSite=Strict, Secure when COOKIE_SECURE)
 * backed by the store; every change needs the session's CSRF token in `x-csrf-token`.
 */

export interface StaffHttpDeps {
  ops: StaffOps;
  store: Store;
  bus: Bus;
  files: FileStore;
  logger: Logger;
  /** COOKIE_SECURE: send the cookie over HTTPS only. */
  cookieSecure: boolean;
  knowledge?: KnowledgeBase;
  /** The longest staff reply (MESSAGE_MAX_CHARS; default 4,000), also given to the console's text box. */
  maxReplyChars?: number;
  /** The fields that hold the applicant's name (flows' `holds: name`; default: applications.ts NAME_FIELDS), of the flows in use. */
  nameFields?: () => readonly string[];
  /** Labels of the applicant fields every application asks (index.ts `applicantFieldLabels`), by field id, of the set in use. */
  fieldLabels?: () => Record<string, string>;
  /** Why a case was opened as staff read it (views.ts `caseLabel`, from messages/id/staff.yaml), sent with each case. */
  caseLabel?: CaseLabel;
  sessions?: Sessions;
  limiter?: LoginLimiter;
  /** Failures per username from any address before it is locked for the window (default 20). */
  perUserLimiter?: LoginLimiter;
  now?: () => Date;
  newId?: () => string;
  /** SSE heartbeat (and session re-check) interval. Default 25 s. */
  heartbeatMs?: number;
  /** The language model's use and failures (GET /staff/api/model); default: none configured. */
  modelStatus?: () => ModelStatus;
  /** Reloading knowledge/ while running (admins): GET /staff/api/knowledge, POST .../knowledge/reload. */
  knowledgeReload?: KnowledgeReloadControl;
}

/** The knowledge in use and the reload of all instances, as the composition root (src/app.ts) makes them. */
export interface KnowledgeReloadControl {
  version(): { id: string; permits: number; loadedAt: string; instance: string };
  reload(by: string): Promise<KnowledgeReloadAnswer>;
}

/**
 * What staff read of the optional language model: whether one is configured, its calls by
 * operation and outcome with latency, and whether Loket has rested it after failures in a row.
 * Counts and times only: no citizen's text, no answer.
 */
export interface ModelStatus {
  configured: boolean;
  provider?: string;
  model?: string;
  calls?: Record<LlmOperation, LlmCallStats>;
  circuit?: CircuitState;
}

export const SESSION_COOKIE = "loket_staff";
const PREFIX = "/staff";
const API = `${PREFIX}/api`;

const Login = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
const PasswordChange = z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) });
const Close = z.object({ survey: z.boolean().optional() }).optional();
const StatusChange = z
  .object({
    status: ApplicationStatus,
    note: z.string().max(1000).optional(),
    documents: z.array(z.string().min(1).max(64)).max(20).optional(),
    /** The application's `version` the console showed: a change from an older screen is refused (409 `stale`). */
    version: z.number().int().min(0).optional(),
  })
  .refine((b) => !NOTE_REQUIRED.has(b.status) || (b.note ?? "").trim().length > 0, {
    message: "a note is required for needs_correction and rejected: tell the citizen why",
  });
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD").optional();
const AppQuery = z.object({
  status: ApplicationStatus.optional(),
  permit: z.string().max(64).optional(),
  from: Day,
  to: Day,
  q: z.string().max(100).optional(),
  /** newest (default): newest first; due: the applications the office still owes, soonest due (overdue) first. */
  sort: z.enum(["newest", "due"]).default("newest"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const Period = z.object({ from: Day, to: Day });
/** `privacy`: personal-data requests not yet marked done, whatever their case's status, the soonest due first. */
const CaseQuery = z.object({
  status: z.enum(["open", "waiting", "held", "returned", "closed", "all", "privacy"]).default("open"),
  /** Cases opened on or after / before or on these days (`YYYY-MM-DD`, Asia/Jakarta): a day's or a month's cases. */
  from: Day,
  to: Day,
  /** A registration number as a citizen reads it out ("rbg 2026 000123"): the cases of the conversation that has it. */
  q: z.string().max(100).optional(),
});
/** The office report's period: both days required, `from` not after `to`. */
const ReportQuery = z
  .object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD"), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD") })
  .refine((p) => p.from <= p.to, { message: "from must not be after to" });
const NoteBody = z.object({ text: z.string().max(NOTE_MAX_CHARS).refine((s) => s.trim().length > 0, "a note needs text") });
const AuditQuery = z.object({ by: z.string().max(64).optional(), action: z.string().max(32).optional(), from: Day, to: Day, limit: z.coerce.number().int().min(1).max(2000).default(500) });

const EXT: Record<DocumentRef["mime"], string> = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" };
const STATUS_OF: Record<OpFailure["error"], number> = { not_found: 404, conflict: 409, invalid: 400, note_required: 400, stale: 409 };

declare module "fastify" {
  interface FastifyRequest {
    staff?: { account: StaffAccount; csrfToken: string; token: string; sessionId: string; expiresAt: string };
  }
}

/** The console page with a Content-Security-Policy that allows only its own inline script and style. */
async function loadConsolePage(): Promise<{ html: string; csp: string }> {
  const html = await readFile(new URL("./console.html", import.meta.url), "utf8");
  const hashes = (tag: string) =>
    [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))].map(
      (m) => `'sha256-${createHash("sha256").update(m[1]!).digest("base64")}'`,
    );
  const csp = [
    "default-src 'none'",
    `script-src ${hashes("script").join(" ")}`,
    `style-src ${hashes("style").join(" ")}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return { html, csp };
}

/**
 * Mounts the console and its API on `app` (which must have @fastify/cookie registered, as
 * src/http.ts does; it is registered here otherwise).
 */
export async function registerStaffHttp(app: FastifyInstance, deps: StaffHttpDeps): Promise<void> {
  const { ops, store, bus, files, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? randomUUID;
  const sessions = deps.sessions ?? createSessions({ store, now });
  const limiter = deps.limiter ?? createLoginLimiter({ now: () => now().getTime() });
  const perUser = deps.perUserLimiter ?? createLoginLimiter({ max: 20, now: () => now().getTime() });
  const page = await loadConsolePage();
  const replyMaxChars = deps.maxReplyChars ?? 4000;
  // requestId: made by the console once per message, so the same message sent again (its answer lost) goes once.
  const Reply = z.object({ text: z.string().min(1).max(replyMaxChars), requestId: z.string().regex(/^[\w-]{8,64}$/).optional() });
  if (!app.hasRequestDecorator("cookies")) await app.register(cookie);

  const actorOf = (req: FastifyRequest): StaffActor => {
    const a = req.staff!.account;
    return { username: a.username, role: a.role, ...(a.displayName ? { displayName: a.displayName } : {}) };
  };
  const fail = (reply: FastifyReply, r: OpFailure) => reply.code(STATUS_OF[r.error]).send({ error: r.message, code: r.error, ...(r.current ? { current: r.current } : {}) });
  const bad = (reply: FastifyReply, err: z.ZodError) =>
    reply.code(400).send({ error: err.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "), code: "invalid" });

  const sendPage = async (_req: FastifyRequest, reply: FastifyReply) =>
    reply
      .type("text/html; charset=utf-8")
      .header("content-security-policy", page.csp)
      .header("x-frame-options", "DENY")
      .header("referrer-policy", "no-referrer")
      .header("x-content-type-options", "nosniff")
      .header("cache-control", "no-cache")
      .send(page.html);
  app.get(PREFIX, sendPage);
  app.get(`${PREFIX}/`, sendPage);

  await app.register(async (api) => {
    // Every API answer may carry personal data: never cache it anywhere.
    api.addHook("onSend", async (_req, reply, payload) => {
      reply.header("cache-control", "no-store");
      reply.header("x-content-type-options", "nosniff");
      return payload;
    });
    api.addHook("preHandler", async (req, reply) => {
      const path = req.routeOptions.url ?? "";
      if (path === `${API}/login`) return;
      const token = req.cookies?.[SESSION_COOKIE];
      const found = token ? await sessions.lookup(token) : null;
      if (!token || !found) {
        // Why, so the console can tell its staff member (no cookie: none was sent; this browser
        // logged out in another tab, or dropped the cookie at its expiry).
        const reason = token ? ((await sessions.whyEnded(token).catch(() => undefined)) ?? "unknown") : "no_session";
        return reply.code(401).send({ error: "not logged in", code: "unauthenticated", reason });
      }
      req.staff = { account: found.account, csrfToken: found.session.csrfToken, token, sessionId: found.session.id, expiresAt: found.session.expiresAt };
      if (req.method !== "GET" && req.method !== "HEAD") {
        const given = req.headers["x-csrf-token"];
        if (typeof given !== "string" || !sameToken(given, found.session.csrfToken)) {
          return reply.code(403).send({ error: "missing or wrong x-csrf-token", code: "csrf" });
        }
      }
      if ((req.routeOptions.config as { admin?: boolean } | undefined)?.admin && found.account.role !== "admin") {
        return reply.code(403).send({ error: "admins only", code: "forbidden" });
      }
    });

    /**
     * The session cookie of a login (or of the new session a password change starts), for as long as
     * the session lasts: `Max-Age`, which the browser counts on its own clock, not an `Expires` date
     * of this server's clock (a server clock ahead of or behind the browser's, as a test's pinned
     * clock is, made the browser drop the cookie at once or keep it past the session).
     */
    const setSessionCookie = (reply: FastifyReply, token: string, expires: Date) =>
      reply.setCookie(SESSION_COOKIE, token, { path: PREFIX, httpOnly: true, sameSite: "strict", secure: deps.cookieSecure, maxAge: Math.max(0, Math.floor((expires.getTime() - now().getTime()) / 1000)) });

    /** A 429 with Retry-After while guesses at this account (from this address, or from anywhere) are held back. */
    const heldBack = (reply: FastifyReply, key: string, username: string, error: string) => {
      const wait = Math.max(limiter.blockedFor(key), perUser.blockedFor(username));
      return wait > 0 ? reply.code(429).header("retry-after", String(Math.ceil(wait / 1000))).send({ error, code: "rate_limited" }) : undefined;
    };

    api.post(`${API}/login`, async (req, reply) => {
      const body = Login.safeParse(req.body);
      if (!body.success) return bad(reply, body.error);
      const username = body.data.username.toLowerCase();
      const key = `${username}|${req.ip}`;
      const held = heldBack(reply, key, username, "too many failed logins; try again later");
      if (held) return held;
      // Counted before the check, which takes a while (scrypt): guesses sent at once would all
      // pass the limit above before the first of them failed.
      limiter.fail(key);
      perUser.fail(username);
      const account = await checkCredentials(store, username, body.data.password);
      if (!account) {
        // Only existing accounts are named in the audit: a mistyped password in the username box stays out.
        if (await store.get("staff", username)) await audit(store, now(), newId, { by: username, action: "login_failed" });
        logger.info({ event: "staff_login_failed" }, "staff login failed");
        return reply.code(401).send({ error: "wrong username or password", code: "bad_credentials" });
      }
      limiter.succeed(key);
      perUser.forgive(username);
      const s = await sessions.create(account.username);
      await audit(store, now(), newId, { by: account.username, action: "login" });
      setSessionCookie(reply, s.token, s.expiresAt);
      return { csrfToken: s.csrfToken, username: account.username, role: account.role, displayName: account.displayName ?? account.username, replyMaxChars, expiresAt: s.expiresAt.toISOString() };
    });

    // A staff member's own password, changed in the console: the old one is asked (a console left
    // open is not enough to take the account), guesses at it count as at the login (the same
    // limits: 429 and Retry-After), and the account's other sessions end (this one goes on).
    api.post(`${API}/password`, async (req, reply) => {
      const body = PasswordChange.safeParse(req.body);
      if (!body.success) return bad(reply, body.error);
      const { username } = req.staff!.account;
      const key = `${username}|${req.ip}`;
      const held = heldBack(reply, key, username, "too many wrong passwords; try again later");
      if (held) return held;
      if (body.data.newPassword.length < MIN_PASSWORD_LENGTH) {
        return reply.code(400).send({ error: `the new password needs at least ${MIN_PASSWORD_LENGTH} characters`, code: "weak_password" });
      }
      limiter.fail(key);
      perUser.fail(username);
      const account = await store.get<StaffAccount>("staff", username);
      if (!account || !(await verifyPassword(body.data.currentPassword, account.passwordHash))) {
        await audit(store, now(), newId, { by: username, action: "password_failed" });
        return reply.code(401).send({ error: "the current password is wrong", code: "wrong_password" });
      }
      limiter.succeed(key);
      perUser.forgive(username);
      // Every session of the account ends, this one too (its cookie may have been seen with the
      // old password): the browser that changed it goes on in a new session, a new cookie and CSRF token.
      const r = await setStaffPassword(store, username, body.data.newPassword, now());
      if (!r.ok) return reply.code(r.reason === "weak_password" ? 400 : 404).send({ error: r.reason, code: r.reason });
      await audit(store, now(), newId, { by: username, action: "password" });
      const s = await sessions.create(username);
      setSessionCookie(reply, s.token, s.expiresAt);
      return { ok: true, csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() };
    });

    api.post(`${API}/logout`, async (req, reply) => {
      await sessions.destroy(req.staff!.token);
      await audit(store, now(), newId, { by: req.staff!.account.username, action: "logout" });
      reply.clearCookie(SESSION_COOKIE, { path: PREFIX, httpOnly: true, sameSite: "strict", secure: deps.cookieSecure });
      return { ok: true };
    });

    api.get(`${API}/me`, async (req) => {
      const a = req.staff!.account;
      return { username: a.username, role: a.role, displayName: a.displayName ?? a.username, csrfToken: req.staff!.csrfToken, replyMaxChars, expiresAt: req.staff!.expiresAt };
    });

    // Every open console reads the personal-data requests at each refresh of its queue (and the
    // case lists on demand): one read of all cases for those asking at once.
    const allCases = coalesced(() => store.list<HandoffCase>("cases"));
    api.get(`${API}/cases`, async (req, reply) => {
      const q = CaseQuery.safeParse(req.query ?? {});
      if (!q.success) return bad(reply, q.error);
      const queue = await ops.queue();
      const firstWait = await ops.expectedWait(1);
      const t = now();
      const search = q.data.q?.trim();
      const { from, to } = q.data;
      const onDays = (c: HandoffCase): boolean => {
        if (!from && !to) return true;
        const d = jakartaDate(new Date(c.openedAt));
        return (!from || d >= from) && (!to || d <= to);
      };
      // A case is found by the number it was opened about or any application of its conversation.
      const found = async <T>(all: T[], caseOf: (x: T) => HandoffCase): Promise<T[]> => {
        const list = all.filter((x) => onDays(caseOf(x)));
        if (!search) return list;
        const hits = await Promise.all(
          list.map(async (x) => {
            const c = caseOf(x);
            if (c.applicationNumber !== undefined && numberMatches(c.applicationNumber, search)) return true;
            return (await applicationsOf(store, c.conversationId)).some((a) => numberMatches(a.number, search));
          }),
        );
        return list.filter((_, i) => hits[i]);
      };
      if (q.data.status === "open" || q.data.status === "waiting" || q.data.status === "held") {
        const rows = (await found(queue, (e) => e.case)).filter((e) => q.data.status === "open" || e.case.status === q.data.status);
        // What each citizen last wrote, so the next case is chosen without opening each (an erased
        // conversation has no transcript left: nothing is shown).
        // And what each needs (`need`, "Perlu: …"): the permit, the form under way, the line that says it.
        // Both read the end of each transcript: once for the two.
        const tails = new Map<string, Promise<TranscriptEntry[]>>();
        const tail = (id: string, count: number): Promise<TranscriptEntry[]> => {
          const key = `${count} ${id}`;
          if (!tails.has(key)) tails.set(key, store.transcriptTail(id, count));
          return tails.get(key)!;
        };
        const [said, needs] = await Promise.all([
          Promise.all(rows.map((e) => lastCitizenWordsOf({ transcriptTail: tail }, e.case.conversationId))),
          Promise.all(rows.map((e) => ops.need(e.case, { tail }))),
        ]);
        // Those words are a piece of each transcript: read as opening a case is (`view`), in one
        // entry per refresh naming the cases not yet recorded for this person in 10 minutes.
        await noteQueueView(req.staff!.account.username, rows.filter((_, i) => said[i] !== undefined || needs[i] !== undefined).map((e) => e.case.id));
        return {
          cases: rows.map((e, i) => ({
            ...caseRow(e.case, t, deps.caseLabel),
            position: e.position,
            waitingMinutes: e.waitingMinutes,
            ...(said[i] ? { lastCitizenText: said[i] } : {}),
            ...(needs[i] ? { need: needs[i] } : {}),
            // The last words are the need's quoted line: the console shows them once, in "Perlu: …".
            ...(needQuotes(needs[i], said[i]) ? { lastCitizenTextInNeed: true } : {}),
          })),
          expectedWaitMinutes: firstWait,
        };
      }
      const pos = new Map(queue.map((e) => [e.case.id, e.position]));
      if (q.data.status === "privacy") {
        const pending = (await found(await allCases(), (c) => c))
          .map((c) => caseRow(c, t, deps.caseLabel))
          .filter((c) => c.privacy && !c.privacy.doneAt)
          .sort((a, b) => (a.privacy!.dueAt < b.privacy!.dueAt ? -1 : 1));
        return { cases: pending.map((c) => ({ ...c, position: pos.get(c.id) })), expectedWaitMinutes: firstWait };
      }
      const all = (await found((await allCases()).filter((c) => q.data.status === "all" || c.status === q.data.status), (c) => c))
        .sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1))
        .slice(0, 500);
      return { cases: all.map((c) => ({ ...caseRow(c, t, deps.caseLabel), position: pos.get(c.id) })), expectedWaitMinutes: firstWait };
    });

    api.get(`${API}/cases/:id`, async (req, reply) => {
      const { id } = req.params as { id: string };
      const c = await store.get<HandoffCase>("cases", id);
      if (!c) return reply.code(404).send({ error: "no such case", code: "not_found" });
      const position = (await ops.queue()).find((e) => e.case.id === id)?.position;
      await noteView(req.staff!.account.username, { caseId: c.id });
      const detail = await caseDetail(store, c, position, API, now(), deps.caseLabel);
      // A citizen who was served before: the earlier cases of the same conversation, newest first.
      const earlier = isErasedConversation(c.conversationId)
        ? []
        : (await allCases())
            .filter((x) => x.conversationId === c.conversationId && x.id !== c.id && x.openedAt < c.openedAt)
            .sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1))
            .slice(0, 20)
            .map((x) => ({ id: x.id, status: x.status, openedAt: x.openedAt, updatedAt: x.updatedAt, ...(x.heldBy ? { heldBy: x.heldBy } : {}), ...(deps.caseLabel ? { label: deps.caseLabel(x) } : {}) }));
      return { ...detail, earlierCases: earlier };
    });

    api.post(`${API}/cases/:id/notes`, async (req, reply) => {
      const body = NoteBody.safeParse(req.body);
      if (!body.success) return bad(reply, body.error);
      const r = await ops.note((req.params as { id: string }).id, actorOf(req), body.data.text);
      return r.ok ? { case: r.case } : fail(reply, r);
    });

    api.post(`${API}/cases/:id/take`, async (req, reply) => {
      const r = await ops.take((req.params as { id: string }).id, actorOf(req));
      return r.ok ? { case: r.case } : fail(reply, r);
    });

    api.post(`${API}/cases/:id/messages`, async (req, reply) => {
      const body = Reply.safeParse(req.body);
      if (!body.success) return bad(reply, body.error);
      const r = await ops.reply((req.params as { id: string }).id, actorOf(req), body.data.text, body.data.requestId ? { requestId: body.data.requestId } : {});
      return r.ok ? { case: r.case } : fail(reply, r);
    });

    api.post(`${API}/cases/:id/return`, async (req, reply) => {
      const r = await ops.giveBack((req.params as { id: string }).id, actorOf(req));
      return r.ok ? { case: r.case } : fail(reply, r);
    });

    api.post(`${API}/cases/:id/close`, async (req, reply) => {
      const body = Close.safeParse(req.body ?? undefined);
      if (!body.success) return bad(reply, body.error);
      const r = await ops.close((req.params as { id: string }).id, actorOf(req), body.data ?? {});
      return r.ok ? { case: r.case } : fail(reply, r);
    });

    // A personal-data request carried out (UU 27/2022): recorded, audited, the citizen told.
    api.post(`${API}/cases/:id/privacy-done`, async (req, reply) => {
      const r = await ops.completePrivacy((req.params as { id: string }).id, actorOf(req));
      return r.ok ? { case: { ...r.case, privacy: privacyView(r.case, now()) } } : fail(reply, r);
    });

    api.get(`${API}/cases/:id/documents/:sha256`, async (req, reply) => {
      const { id, sha256 } = req.params as { id: string; sha256: string };
      const c = await store.get<HandoffCase>("cases", id);
      const doc = c && /^[a-f0-9]{64}$/.test(sha256) ? await caseDocument(store, c, sha256) : null;
      if (!c || !doc) return reply.code(404).send({ error: "no such document", code: "not_found" });
      await audit(store, now(), newId, { by: req.staff!.account.username, action: "download", caseId: c.id, detail: sha256.slice(0, 12) });
      return sendDocument(reply, doc, `kasus-${c.id.slice(0, 8)}-${sha256.slice(0, 8)}`);
    });

    // Every open console refreshes its list on each application_updated: one read of them all for
    // the consoles asking at once, not one each (seconds at 50,000 applications).
    const allApplications = coalesced(() => store.list<Application>("applications"));
    const kb = deps.knowledge;
    const due = kb ? dueOf(kb.office, (permit) => kb.permit(permit)?.duration.workingDays, now) : undefined;
    api.get(`${API}/applications`, async (req, reply) => {
      const q = AppQuery.safeParse(req.query ?? {});
      if (!q.success) return bad(reply, q.error);
      const { limit, offset, sort, ...filter } = q.data;
      // The name fields of the flows in use (a reload may name another).
      const nameFields = deps.nameFields?.();
      const filtered = filterApplications(await allApplications(), filter, nameFields);
      const matched = sort === "due" && due ? byDue(filtered, due) : filtered;
      return { total: matched.length, applications: matched.slice(offset, offset + limit).map((a) => applicationRow(a, nameFields, due)) };
    });

    api.get(`${API}/applications/:number`, async (req, reply) => {
      const app = await store.get<Application>("applications", registrationNumberOf((req.params as { number: string }).number));
      if (!app) return reply.code(404).send({ error: "no such application", code: "not_found" });
      const permit = deps.knowledge?.permit(app.permit);
      await noteView(req.staff!.account.username, { applicationNumber: app.number });
      return {
        application: applicationView(app, API),
        permit: permit ? { id: permit.id, name: permit.name, requirements: permit.requirements.map((r) => ({ id: r.id, name: r.name })) } : null,
      };
    });

    api.post(`${API}/applications/:number/status`, async (req, reply) => {
      const body = StatusChange.safeParse(req.body);
      if (!body.success) return bad(reply, body.error);
      const change = { status: body.data.status, ...(body.data.note ? { note: body.data.note } : {}), ...(body.data.documents ? { documents: body.data.documents } : {}), ...(body.data.version !== undefined ? { version: body.data.version } : {}) };
      const r = await ops.changeStatus(registrationNumberOf((req.params as { number: string }).number), actorOf(req), change);
      return r.ok ? { application: applicationView(r.application, API), notified: r.notified } : fail(reply, r);
    });

    api.get(`${API}/applications/:number/documents/:docId`, async (req, reply) => {
      const { docId } = req.params as { number: string; docId: string };
      const number = registrationNumberOf((req.params as { number: string }).number);
      const app = await store.get<Application>("applications", number);
      const doc = app && Object.hasOwn(app.documents, docId) ? app.documents[docId] : undefined;
      if (!app || !doc) return reply.code(404).send({ error: "no such document", code: "not_found" });
      await audit(store, now(), newId, { by: req.staff!.account.username, action: "download", applicationNumber: number, detail: docId });
      return sendDocument(reply, doc, `${number}-${docId}`);
    });

    // With the permits, what each field and document id is called, so staff read "NIK", not "nik"
    // (a document by its permit's own name for it: "nib" is named differently by two permits).
    // Of the knowledge, flows and messages in use at each request: a reload changes them.
    api.get(`${API}/permits`, async () => {
      const labels: Record<string, string> = { ...deps.fieldLabels?.() };
      for (const p of deps.knowledge?.permits ?? []) for (const f of p.form) labels[f.id] ??= f.label;
      // And a choice answer by its option's label ("Sosial dan budaya (sekolah, klinik, dll.)"), not its id ("sosial_budaya").
      const permits = (deps.knowledge?.permits ?? []).map((p) => ({
        id: p.id,
        name: p.name,
        documents: Object.fromEntries(p.requirements.map((r) => [r.id, r.name])),
        choices: Object.fromEntries(p.form.filter((f) => f.options?.length).map((f) => [f.id, Object.fromEntries(f.options!.map((o) => [o.id, o.label]))])),
      }));
      return { permits, labels };
    });

    api.get(`${API}/model`, async () => deps.modelStatus?.() ?? { configured: false });

    api.get(`${API}/skm`, async (req, reply) => {
      const q = Period.safeParse(req.query ?? {});
      if (!q.success) return bad(reply, q.error);
      return ikmReport(store, clean(q.data));
    });

    api.get(`${API}/report`, async (req, reply) => {
      const q = ReportQuery.safeParse(req.query ?? {});
      if (!q.success) return bad(reply, q.error);
      return officeReport(store, q.data, (id) => deps.knowledge?.permit(id)?.name);
    });

    api.get(`${API}/skm.csv`, async (req, reply) => {
      const q = Period.safeParse(req.query ?? {});
      if (!q.success) return bad(reply, q.error);
      const period = clean(q.data);
      const name = `ikm_${period.from ?? "awal"}_${period.to ?? "kini"}.csv`;
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${name}"`)
        .send(ikmCsv(await ikmReport(store, period)));
    });

    // Knowledge: the version in use, and "Muat ulang pengetahuan" (docs/knowledge.md, Reloading).
    api.get(`${API}/knowledge`, { config: { admin: true } }, async (_req, reply) => {
      if (!deps.knowledgeReload) return reply.code(404).send({ error: "not available", code: "not_found" });
      const v = deps.knowledgeReload.version();
      return { version: v.id, permits: v.permits, loadedAt: v.loadedAt, instance: v.instance };
    });
    api.post(`${API}/knowledge/reload`, { config: { admin: true } }, async (req, reply) => {
      if (!deps.knowledgeReload) return reply.code(404).send({ error: "not available", code: "not_found" });
      const by = req.staff!.account.username;
      const answer = await deps.knowledgeReload.reload(`console:${by}`);
      const refused = answer.instances.filter((i) => !i.ok).length;
      await audit(store, now(), newId, { by, action: "knowledge_reload", detail: refused ? `${answer.version}; ${refused} refused` : answer.version });
      return answer;
    });

    api.get(`${API}/audit`, { config: { admin: true } }, async (req, reply) => {
      const q = AuditQuery.safeParse(req.query ?? {});
      if (!q.success) return bad(reply, q.error);
      return { entries: await listAudit(store, clean(q.data)) };
    });

    api.get(`${API}/events`, async (req, reply) => {
      const token = req.staff!.token;
      // Events carry citizens' words: the session is checked again before them (at most once a
      // second), so a logout or a disabled account stops them at once, not at the next heartbeat.
      let checkedAt = 0;
      let valid = true;
      const admit = async () => {
        if (Date.now() - checkedAt >= SESSION_RECHECK_MS) {
          // The store away: closed (the console reconnects and catches up), never open.
          valid = Boolean(await sessions.lookup(token).catch(() => null));
          checkedAt = Date.now();
        }
        return valid;
      };
      openEventStream(req, reply, {
        cacheControl: "no-store, no-transform",
        subscribe: (send) => bus.subscribe(STAFF_TOPIC, send),
        admit,
        // The heartbeat also re-checks the session, so a logout or a disabled account ends the stream.
        heartbeat: (res) =>
          void sessions.lookup(token).then(
            (s) => (s ? res.write(": ping\n\n") : res.end()),
            () => res.write(": ping\n\n"),
          ),
        heartbeatMs: deps.heartbeatMs ?? 25_000,
      });
    });
  });

  /**
   * Who read a case (its transcript) or an application (its data): audited, once per staff member
   * and record per VIEW_AUDIT_MS on this instance (the console reloads a case at every change).
   */
  const viewed = new Map<string, number>();
  async function noteView(by: string, target: { caseId: string } | { applicationNumber: string }): Promise<void> {
    const key = `${by}\u0000${"caseId" in target ? `c:${target.caseId}` : `a:${target.applicationNumber}`}`;
    const t = now().getTime();
    if (t - (viewed.get(key) ?? -Infinity) < VIEW_AUDIT_MS) return;
    viewed.delete(key);
    viewed.set(key, t);
    if (viewed.size > 10_000) viewed.delete(viewed.keys().next().value!);
    await audit(store, now(), newId, { by, action: "view", ...target });
  }

  /**
   * The queue showed `by` what the citizens of `caseIds` last wrote: one `view` entry (`detail`
   * "queue: <case ids>") naming the cases not recorded so for them in VIEW_AUDIT_MS, none when all
   * were. Kept apart from opening a case: the whole transcript read after the queue's line is still
   * recorded.
   */
  async function noteQueueView(by: string, caseIds: string[]): Promise<void> {
    const t = now().getTime();
    const fresh = caseIds.filter((id) => {
      const key = `${by}\u0000q:${id}`;
      if (t - (viewed.get(key) ?? -Infinity) < VIEW_AUDIT_MS) return false;
      viewed.delete(key);
      viewed.set(key, t);
      return true;
    });
    while (viewed.size > 10_000) viewed.delete(viewed.keys().next().value!);
    if (fresh.length) await audit(store, now(), newId, { by, action: "view", detail: `queue: ${fresh.join(" ")}` });
  }

  async function sendDocument(reply: FastifyReply, doc: DocumentRef, base: string) {
    const bytes = await files.get(doc.sha256);
    if (!bytes) return reply.code(404).send({ error: "the file is no longer stored", code: "not_found" });
    // The type is the one sniffed from the bytes at upload; the citizen's filename is never used.
    const name = `${base.replace(/[^A-Za-z0-9._-]/g, "_")}.${EXT[doc.mime]}`;
    return reply
      .type(doc.mime)
      .header("content-disposition", `attachment; filename="${name}"`)
      .header("content-security-policy", "default-src 'none'; sandbox")
      .send(bytes);
  }
}

function clean<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
