import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import type { TestLoket } from "../support/loket.js";
import { twoTelegramInstances } from "./two-instances.js";
import { PASSWORDS, startStaffWorld, type StaffWorld } from "./support.js";

/**
 * Held-out set, staff side round 8 (2026-12-03, "staff8"): what staff7 left. The order a Telegram
 * citizen reads things in when a staff member acts on one instance while another instance is still
 * sending the citizen's answer (two instances on one real Redis); a password change that starts a
 * new session (a new cookie) instead of going on with the old one. Written before any change, and
 * scored on the unchanged code.
 */
const cleanups: (() => Promise<void> | void)[] = [];
const twoInstances = (between: (b: TestLoket, waiting: HandoffCase) => Promise<unknown>) => twoTelegramInstances(cleanups, between);
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

const budi = { username: "budi", role: "staff" as const, displayName: "Budi" };

describe("staff8 held-out 2026-12-03", () => {
  it("1. two instances: a Telegram citizen asks for a person on A, staff take the case on B the moment A's turn ends: 'antrean ke-1' comes before 'sedang melayani'", async () => {
    const { emu, texts } = await twoInstances((b, c) => b.loket.staff.take(c.id, budi));
    emu.text(7201, "petugas");
    await expect.poll(() => texts(7201).join("\n"), { timeout: 15_000 }).toMatch(/melayani/);
    await expect.poll(() => texts(7201).join("\n"), { timeout: 15_000 }).toMatch(/antrean ke-1/);
    const t = texts(7201);
    expect(t.findIndex((x) => /antrean ke-1/.test(x))).toBeLessThan(t.findIndex((x) => /melayani/.test(x)));
  });

  it("2. two instances: staff take and reply on B while A is still sending the citizen's answer: the citizen reads the queue place, then the take, then the reply", async () => {
    const { emu, texts } = await twoInstances(async (b, c) => {
      await b.loket.staff.take(c.id, budi);
      await b.loket.staff.reply(c.id, budi, "Selamat pagi Bapak/Ibu, berkas apa yang ingin ditanyakan?");
    });
    emu.text(7202, "petugas");
    await expect.poll(() => texts(7202).join("\n"), { timeout: 15_000 }).toMatch(/berkas apa/);
    await expect.poll(() => texts(7202).join("\n"), { timeout: 15_000 }).toMatch(/antrean ke-1/);
    const t = texts(7202);
    const queued = t.findIndex((x) => /antrean ke-1/.test(x));
    const served = t.findIndex((x) => /melayani/.test(x));
    const replied = t.findIndex((x) => /berkas apa/.test(x));
    expect(queued).toBeLessThan(served);
    expect(served).toBeLessThan(replied);
  });

  it("3. changing one's own password starts a new session: a new cookie, and the old cookie is ended with the reason password_changed", async () => {
    const w: StaffWorld = await startStaffWorld();
    cleanups.push(() => w.close());
    const desk = await w.login("budi");
    const oldCookie = desk.cookie;
    const r = await desk.post("/password", { currentPassword: PASSWORDS.budi, newPassword: "kata-sandi-budi-baru" });
    expect(r.status).toBe(200);
    const set = r.headers.get("set-cookie") ?? "";
    expect(set).toMatch(/HttpOnly/i);
    const newCookie = set.split(";")[0]!;
    expect(newCookie).not.toBe("");
    expect(newCookie).not.toBe(oldCookie);
    const old = await fetch(`${desk.base}/staff/api/me`, { headers: { cookie: oldCookie } });
    expect(old.status).toBe(401);
    expect(((await old.json()) as { reason?: string }).reason).toBe("password_changed");
    const now = await fetch(`${desk.base}/staff/api/me`, { headers: { cookie: newCookie } });
    expect(now.status).toBe(200);
  });

  it("4. after the password change the console goes on: the answer carries the new session's CSRF token, which a change (take) then needs", async () => {
    const w: StaffWorld = await startStaffWorld();
    cleanups.push(() => w.close());
    const desk = await w.login("budi");
    const r = await desk.post("/password", { currentPassword: PASSWORDS.budi, newPassword: "kata-sandi-budi-baru" });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { csrfToken?: string };
    expect(body.csrfToken).toBeTruthy();
    expect(body.csrfToken).not.toBe(desk.csrf);
    desk.cookie = (r.headers.get("set-cookie") ?? "").split(";")[0]!;
    const stale = await desk.post("/logout", {}, desk.csrf);
    expect(stale.status).toBe(403);
    desk.csrf = body.csrfToken!;
    expect((await desk.get("/me")).status).toBe(200);
    expect((await desk.post("/logout")).status).toBe(200);
  });
});
