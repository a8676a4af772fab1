import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { createTelegramBot, startTelegram } from "../../src/channels/telegram/index.js";
import { UNLIMITED } from "../../src/channels/telegram/flood.js";
import { runStaffCli } from "../../src/cli/staff.js";
import type { StaffSession } from "../../src/staff/auth.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { createTestLoket } from "../support/loket.js";
import { PASSWORDS, startStaffWorld, type StaffWorld } from "./support.js";

/**
 * Held-out set, staff side round 7 (2026-12-03, "staff7"): what staff6 left. The order a Telegram
 * citizen reads things in when staff act at the moment their turn ends; a staff member changing
 * their own password in the console (old password asked, other devices logged out, lock-out as at
 * the login); the API saying why a session ended, so the console can tell them. Written before any
 * change, and scored on the unchanged code.
 */
const worlds: StaffWorld[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function world(): Promise<StaffWorld> {
  const w = await startStaffWorld();
  worlds.push(w);
  return w;
}

const cli = (w: StaffWorld, argv: string[], password = "") =>
  runStaffCli(argv, w.t.loket.store, { readPassword: async () => password, out: () => undefined, err: () => undefined });

type Ended = { code?: string; reason?: string };

describe("staff7 held-out 2026-12-03", () => {
  it("1. a Telegram citizen asks for a person and staff take the case the moment the turn ends: the citizen reads 'antrean ke-1' before 'sedang melayani'", async () => {
    const emu = await startBotApiEmulator();
    const t = await createTestLoket();
    const bot = createTelegramBot(emu.token, emu.apiRoot);
    const runtime = t.loket.runtime;
    // The staff member's take lands between the turn's end (the lock released) and its replies sent.
    const raced = Object.assign(Object.create(runtime) as typeof runtime, {
      async handle(inbound: Parameters<typeof runtime.handle>[0]) {
        const replies = await runtime.handle(inbound);
        const open = (await t.loket.store.list<HandoffCase>("cases")).find((c) => c.status === "waiting");
        if (open) void t.loket.staff.take(open.id, { username: "budi", role: "staff", displayName: "Budi" });
        await new Promise((r) => setTimeout(r, 300));
        return replies;
      },
    });
    const started = await startTelegram({ TELEGRAM_API_ROOT: emu.apiRoot, UPLOAD_MAX_BYTES: t.config.UPLOAD_MAX_BYTES } as never, {
      bot,
      runtime: raced,
      logger: t.loket.logger,
      messages: t.loket.messages.get("id")!,
      app: t.loket.app,
      flood: UNLIMITED,
    });
    cleanups.push(() => emu.close(), () => t.close(), () => started.stop());
    emu.text(7101, "petugas");
    await expect.poll(() => emu.sentTo(7101).map((m) => m.text ?? "").join("\n"), { timeout: 8000 }).toMatch(/melayani/);
    await expect.poll(() => emu.sentTo(7101).map((m) => m.text ?? "").join("\n"), { timeout: 8000 }).toMatch(/antrean ke-1/);
    const texts = emu.sentTo(7101).map((m) => m.text ?? "");
    const queued = texts.findIndex((x) => /antrean ke-1/.test(x));
    const served = texts.findIndex((x) => /melayani/.test(x));
    expect(queued).toBeLessThan(served);
  });

  it("2. a staff member changes their own password with the old one: the new one logs in, the old one no longer does", async () => {
    const w = await world();
    const budi = await w.login("budi");
    const r = await budi.post("/password", { currentPassword: PASSWORDS.budi, newPassword: "kata-sandi-budi-baru" });
    expect(r.status).toBe(200);
    // It goes on in a new session (staff8): the answer's cookie and CSRF token.
    await budi.adopt(r);
    expect((await budi.get("/me")).status).toBe(200);
    const c = await w.login("budi", "kata-sandi-budi-baru");
    expect((await c.get("/me")).status).toBe(200);
    const old = await new (c.constructor as typeof import("./support.js").StaffClient)(c.base, []).login("budi", PASSWORDS.budi);
    expect(old.status).toBe(401);
  });

  it("3. a wrong old password changes nothing and says so", async () => {
    const w = await world();
    const budi = await w.login("budi");
    const r = await budi.post("/password", { currentPassword: "salah-sekali-123", newPassword: "kata-sandi-budi-baru" });
    expect(r.status).toBe(401);
    expect(((await r.json()) as Ended).code).toBe("wrong_password");
    expect((await budi.get("/me")).status).toBe(200);
    await w.login("budi");
  });

  it("4. a new password that is too short is refused with its reason, the old one still works", async () => {
    const w = await world();
    const budi = await w.login("budi");
    const r = await budi.post("/password", { currentPassword: PASSWORDS.budi, newPassword: "pendek" });
    expect(r.status).toBe(400);
    expect(((await r.json()) as Ended).code).toBe("weak_password");
    await w.login("budi");
  });

  it("5. guessing the old password is locked out as at the login: after five wrong ones, 429 with Retry-After, even the right one waits", async () => {
    const w = await world();
    const budi = await w.login("budi");
    for (let i = 0; i < 5; i++) expect((await budi.post("/password", { currentPassword: `tebakan-${i}-salah`, newPassword: "kata-sandi-budi-baru" })).status).toBe(401);
    const r = await budi.post("/password", { currentPassword: PASSWORDS.budi, newPassword: "kata-sandi-budi-baru" });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("6. changing the password ends the account's other sessions (the phone left logged in), which are told why; this one goes on", async () => {
    const w = await world();
    const desk = await w.login("budi");
    const phone = await w.login("budi");
    const changed = await desk.post("/password", { currentPassword: PASSWORDS.budi, newPassword: "kata-sandi-budi-baru" });
    expect(changed.status).toBe(200);
    // This browser goes on in a new session (staff8): the answer's cookie and CSRF token.
    await desk.adopt(changed);
    const r = await phone.get("/cases");
    expect(r.status).toBe(401);
    expect(((await r.json()) as Ended).reason).toBe("password_changed");
    expect((await desk.get("/cases")).status).toBe(200);
  });

  it("7. a session whose 12 hours ran out is told it expired", async () => {
    const w = await world();
    const budi = await w.login("budi");
    for (const s of await w.t.loket.store.list<StaffSession>("sessions")) await w.t.loket.store.put("sessions", s.id, { ...s, expiresAt: new Date(Date.now() - 1000).toISOString() });
    const r = await budi.get("/me");
    expect(r.status).toBe(401);
    expect(((await r.json()) as Ended).reason).toBe("expired");
  });

  it("8. an account an admin disabled is told so", async () => {
    const w = await world();
    const budi = await w.login("budi");
    expect(await cli(w, ["disable", "budi"])).toBe(0);
    const r = await budi.get("/me");
    expect(r.status).toBe(401);
    expect(((await r.json()) as Ended).reason).toBe("disabled");
  });

  it("9. a password an admin set anew (npm run staff -- passwd) is named as the reason", async () => {
    const w = await world();
    const budi = await w.login("budi");
    expect(await cli(w, ["passwd", "budi"], "kata-sandi-dari-admin")).toBe(0);
    const r = await budi.get("/me");
    expect(r.status).toBe(401);
    expect(((await r.json()) as Ended).reason).toBe("password_changed");
  });

  it("10. the same session logged out in another tab (its cookie still sent by a second window) is told it logged out", async () => {
    const w = await world();
    const a = await w.login("budi");
    const b = new (a.constructor as typeof import("./support.js").StaffClient)(a.base, []);
    b.cookie = a.cookie;
    b.csrf = a.csrf;
    expect((await a.post("/logout")).status).toBe(200);
    const r = await b.get("/me");
    expect(r.status).toBe(401);
    expect(((await r.json()) as Ended).reason).toBe("logged_out");
  });

  it("11. changing the password needs the session's CSRF token, and its body is checked (no old password: 400, nothing changed)", async () => {
    const w = await world();
    const budi = await w.login("budi");
    expect((await budi.post("/password", { currentPassword: PASSWORDS.budi, newPassword: "kata-sandi-budi-baru" }, null)).status).toBe(403);
    expect((await budi.post("/password", { newPassword: "kata-sandi-budi-baru" })).status).toBe(400);
    await w.login("budi");
  });
});
