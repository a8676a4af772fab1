import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import type { Store } from "../store/port.js";

/**
 * Staff accounts, passwords and console sessions.
 *
 * Sessions live in the store (collection `sessions`), not in process memory: with Redis several
 * Loket instances serve the same console, and logout must end a session everywhere at once.
 * The cookie carries a random token; the store keeps only its sha256, so a copy of the database
 * cannot be replayed as a login.
 */

export type StaffRole = "staff" | "admin";
export const STAFF_ROLES: readonly StaffRole[] = ["staff", "admin"];

/** Collection `staff`, key = username. */
export interface StaffAccount {
  username: string;
  role: StaffRole;
  /** Name citizens are told ("Petugas Budi sekarang melayani Bapak/Ibu"); default: the username. */
  displayName?: string;
  /** `scrypt$N$r$p$<salt b64>$<hash b64>`: the parameters travel with the hash so they can be raised later. */
  passwordHash: string;
  createdAt: string;
  updatedAt: string;
  disabled?: boolean;
  /** The Telegram user id this person acts as in the staff group (`npm run staff -- telegram`). */
  telegramId?: number;
}

/** Collection `sessions`, key = sha256(token). */
export interface StaffSession {
  /** The record's own key (sha256 of the token), so expired sessions can be swept from a listing. */
  id: string;
  username: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * Why a console session ended, for the console to tell its staff member (a 401's `reason`):
 * `logged_out` (this session's Keluar, in another tab), `password_changed` (by the staff member on
 * another device, or by an admin), `disabled` (by an admin; also a removed account), `expired`
 * (its 12 hours ran out).
 */
export type SessionEndReason = "logged_out" | "password_changed" | "disabled" | "expired";

/** Collection `sessions_ended`, key = the ended session's key: why it ended, kept ENDED_KEEP_MS. */
export interface EndedSession {
  id: string;
  reason: SessionEndReason;
  at: string;
  keepUntil: string;
}

/** How long a session's end is remembered: a console left open over night still says why next morning. */
export const ENDED_KEEP_MS = 24 * 3600_000;

async function markEnded(store: Store, id: string, reason: SessionEndReason, at: Date): Promise<void> {
  await store.put("sessions", id, null);
  const ended: EndedSession = { id, reason, at: at.toISOString(), keepUntil: new Date(at.getTime() + ENDED_KEEP_MS).toISOString() };
  await store.put("sessions_ended", id, ended);
}

/** 2–32 lowercase letters, digits, dot, dash, underscore: safe to show and to put in audit lines. */
export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,31}$/;
export const MIN_PASSWORD_LENGTH = 10;

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 64 };

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Hashes with scrypt and a fresh 16-byte salt per password. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize("NFC"), salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** Constant-time check of a password against a stored hash. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4]!, "base64");
  const expected = Buffer.from(parts[5]!, "base64");
  if (!N || !r || !p || expected.length === 0) return false;
  const key = await scrypt(password.normalize("NFC"), salt, expected.length, { N, r, p, maxmem: 256 * N * r });
  return timingSafeEqual(key, expected);
}

// Verified against when the username is unknown, so a login takes as long either way.
let dummyHash: Promise<string> | undefined;

export type AddStaffResult = { ok: true; account: StaffAccount } | { ok: false; reason: "invalid_username" | "weak_password" | "exists" };

/** Creates an account (`npm run staff -- add`). */
export async function addStaff(
  store: Store,
  input: { username: string; role: StaffRole; password: string; displayName?: string },
  now: Date = new Date(),
): Promise<AddStaffResult> {
  const username = input.username.toLowerCase();
  if (!USERNAME_RE.test(username)) return { ok: false, reason: "invalid_username" };
  if (input.password.length < MIN_PASSWORD_LENGTH) return { ok: false, reason: "weak_password" };
  if (await store.get<StaffAccount>("staff", username)) return { ok: false, reason: "exists" };
  const at = now.toISOString();
  const account: StaffAccount = { username, role: input.role, passwordHash: await hashPassword(input.password), createdAt: at, updatedAt: at };
  const displayName = input.displayName?.trim().slice(0, 40);
  if (displayName) account.displayName = displayName;
  await store.put("staff", username, account);
  return { ok: true, account };
}

/**
 * Disables or enables an account. Disabling also ends its console sessions, so that enabling it
 * again does not bring back a session (a stolen cookie, say) from before.
 */
export async function setStaffDisabled(
  store: Store,
  username: string,
  disabled: boolean,
  now: Date = new Date(),
): Promise<{ ok: true; account: StaffAccount } | { ok: false; reason: "not_found" }> {
  const acc = await store.get<StaffAccount>("staff", username.toLowerCase());
  if (!acc) return { ok: false, reason: "not_found" };
  const account = { ...acc, disabled, updatedAt: now.toISOString() };
  await store.put("staff", acc.username, account);
  if (disabled) await endSessionsOf(store, acc.username, "disabled", now);
  return { ok: true, account };
}

/**
 * Ends every console session of `username` (on every instance: sessions live in the store) but
 * `keep` (a session id), remembering why.
 */
async function endSessionsOf(store: Store, username: string, reason: SessionEndReason, now: Date): Promise<void> {
  for (const s of await store.list<StaffSession>("sessions")) if (s.username === username) await markEnded(store, s.id, reason, now);
}

/**
 * Links an account to a Telegram user id (null: unlinks). Only linked, enabled accounts act in
 * the staff group; an id belongs to one account at most, so linking moves it.
 */
export async function setStaffTelegram(
  store: Store,
  username: string,
  telegramId: number | null,
  now: Date = new Date(),
): Promise<{ ok: true; account: StaffAccount } | { ok: false; reason: "not_found" | "invalid_telegram_id" }> {
  const acc = await store.get<StaffAccount>("staff", username.toLowerCase());
  if (!acc) return { ok: false, reason: "not_found" };
  if (telegramId !== null && !(Number.isSafeInteger(telegramId) && telegramId > 0)) return { ok: false, reason: "invalid_telegram_id" };
  const at = now.toISOString();
  if (telegramId !== null) {
    for (const other of await store.list<StaffAccount>("staff")) {
      if (other.username !== acc.username && other.telegramId === telegramId) {
        const { telegramId: _moved, ...rest } = other;
        await store.put("staff", other.username, { ...rest, updatedAt: at });
      }
    }
  }
  const { telegramId: _old, ...rest } = acc;
  const account: StaffAccount = telegramId === null ? { ...rest, updatedAt: at } : { ...rest, telegramId, updatedAt: at };
  await store.put("staff", acc.username, account);
  return { ok: true, account };
}

/** The enabled account linked to a Telegram user, if any. */
export async function staffByTelegram(store: Store, telegramId: number): Promise<StaffAccount | null> {
  return (await store.list<StaffAccount>("staff")).find((a) => a.telegramId === telegramId && !a.disabled) ?? null;
}

/**
 * Sets a new password and ends the account's console sessions: a password set anew because it was
 * forgotten on one device, or seen by someone else, must not leave a session opened with the old
 * one (a phone left logged in, a stolen cookie) running for the rest of its 12 hours. The staff
 * member changing their own in the console goes on in a new session (src/staff/http.ts).
 */
export async function setStaffPassword(
  store: Store,
  username: string,
  password: string,
  now: Date = new Date(),
): Promise<{ ok: true } | { ok: false; reason: "not_found" | "weak_password" }> {
  const acc = await store.get<StaffAccount>("staff", username.toLowerCase());
  if (!acc) return { ok: false, reason: "not_found" };
  if (password.length < MIN_PASSWORD_LENGTH) return { ok: false, reason: "weak_password" };
  await store.put("staff", acc.username, { ...acc, passwordHash: await hashPassword(password), updatedAt: now.toISOString() });
  await endSessionsOf(store, acc.username, "password_changed", now);
  return { ok: true };
}

/** Checks a username and password. Unknown users cost the same scrypt as known ones. */
export async function checkCredentials(store: Store, username: string, password: string): Promise<StaffAccount | null> {
  const name = username.toLowerCase();
  const acc = USERNAME_RE.test(name) ? await store.get<StaffAccount>("staff", name) : null;
  if (!acc || acc.disabled) {
    dummyHash ??= hashPassword("not a password of anyone");
    await verifyPassword(password, await dummyHash);
    return null;
  }
  return (await verifyPassword(password, acc.passwordHash)) ? acc : null;
}

const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");

/** Equal-length constant-time comparison of two tokens. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface SessionOptions {
  store: Store;
  /** Session lifetime. Default 12 hours (one working day and some). */
  ttlMs?: number;
  now?: () => Date;
  random?: (bytes: number) => Buffer;
}

export interface Sessions {
  /** Starts a session: the token goes in the cookie, the CSRF token to the page. */
  create(username: string): Promise<{ token: string; csrfToken: string; expiresAt: Date }>;
  /** The session and its (still enabled) account, or null when unknown, expired or disabled. */
  lookup(token: string): Promise<{ session: StaffSession; account: StaffAccount } | null>;
  destroy(token: string): Promise<void>;
  /** Why the session of `token` is no longer valid, when that is known (see SessionEndReason). */
  whyEnded(token: string): Promise<SessionEndReason | undefined>;
  /** Deletes expired sessions (returns how many) and the ends remembered longer than ENDED_KEEP_MS. */
  sweep(): Promise<number>;
}

export function createSessions(opts: SessionOptions): Sessions {
  const ttlMs = opts.ttlMs ?? 12 * 3600_000;
  const now = opts.now ?? (() => new Date());
  const random = opts.random ?? randomBytes;
  const { store } = opts;
  return {
    async create(username) {
      const token = random(32).toString("base64url");
      const csrfToken = random(24).toString("base64url");
      const at = now();
      const expiresAt = new Date(at.getTime() + ttlMs);
      const id = sha256(token);
      const s: StaffSession = { id, username, csrfToken, createdAt: at.toISOString(), expiresAt: expiresAt.toISOString() };
      await store.put("sessions", id, s);
      return { token, csrfToken, expiresAt };
    },
    async lookup(token) {
      if (!token || token.length > 200) return null;
      const key = sha256(token);
      const session = await store.get<StaffSession>("sessions", key);
      if (!session) return null;
      if (Date.parse(session.expiresAt) <= now().getTime()) {
        await markEnded(store, key, "expired", now());
        return null;
      }
      // The account is read on every request, so disabling it (or changing its role) takes effect at once.
      const account = await store.get<StaffAccount>("staff", session.username);
      if (!account || account.disabled) return null;
      return { session, account };
    },
    async destroy(token) {
      if (token) await markEnded(store, sha256(token), "logged_out", now());
    },
    async whyEnded(token) {
      if (!token || token.length > 200) return undefined;
      const key = sha256(token);
      const ended = await store.get<EndedSession>("sessions_ended", key);
      if (ended) return ended.reason;
      const session = await store.get<StaffSession>("sessions", key);
      if (!session) return undefined;
      if (Date.parse(session.expiresAt) <= now().getTime()) return "expired";
      const account = await store.get<StaffAccount>("staff", session.username);
      return !account || account.disabled ? "disabled" : undefined;
    },
    async sweep() {
      const t = now().getTime();
      for (const e of await store.list<EndedSession>("sessions_ended")) if (Date.parse(e.keepUntil) <= t) await store.put("sessions_ended", e.id, null);
      let n = 0;
      for (const s of await store.list<StaffSession>("sessions")) {
        if (Date.parse(s.expiresAt) <= t) {
          await store.put("sessions", s.id, null);
          n++;
        }
      }
      return n;
    },
  };
}

/**
 * Login failures per username+IP: after `max` failures within `windowMs` further attempts are
 * refused until the window passes. Kept in memory per instance: with N instances an attacker gets
 * at most N×max guesses per window, still far too few against a 10-character password, and no
 * store write is needed per attempt.
 */
export interface LoginLimiter {
  /** Milliseconds until another attempt is allowed, or 0. */
  blockedFor(key: string): number;
  fail(key: string): void;
  succeed(key: string): void;
  /** Takes back the latest `fail` of `key`: an attempt counted before its check, that succeeded. */
  forgive(key: string): void;
}

export function createLoginLimiter(opts: { max?: number; windowMs?: number; now?: () => number; maxKeys?: number } = {}): LoginLimiter {
  const max = opts.max ?? 5;
  const windowMs = opts.windowMs ?? 15 * 60_000;
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 10_000;
  const failures = new Map<string, number[]>();
  const recent = (key: string): number[] => {
    const t = now();
    const list = (failures.get(key) ?? []).filter((at) => t - at < windowMs);
    if (list.length) failures.set(key, list);
    else failures.delete(key);
    return list;
  };
  return {
    blockedFor(key) {
      const list = recent(key);
      return list.length >= max ? list[0]! + windowMs - now() : 0;
    },
    fail(key) {
      const list = recent(key);
      if (!failures.has(key) && failures.size >= maxKeys) {
        const oldest = failures.keys().next().value;
        if (oldest !== undefined) failures.delete(oldest);
      }
      failures.set(key, [...list, now()]);
    },
    succeed(key) {
      failures.delete(key);
    },
    forgive(key) {
      const list = recent(key);
      if (list.length > 1) failures.set(key, list.slice(0, -1));
      else failures.delete(key);
    },
  };
}
