import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCase } from "../../src/domain/records.js";
import { createTelegramBot, startTelegram } from "../../src/channels/telegram/index.js";
import { UNLIMITED } from "../../src/channels/telegram/flood.js";
import { createMemoryStore } from "../../src/store/memory.js";
import { addStaff, createSessions, setStaffDisabled } from "../../src/staff/auth.js";
import { listAudit } from "../../src/staff/audit.js";
import { startBotApiEmulator } from "../support/botapi-emulator.js";
import { createTestLoket } from "../support/loket.js";
import { PASSWORDS, StaffClient, startStaffWorld, type StaffWorld } from "./support.js";

/** Probe staff7 (2026-12-03), written after the changes and run once as written. */
const worlds: StaffWorld[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const f of cleanups.splice(0).reverse()) await f();
});

describe("staff7 probe 2026-12-03", () => {
  it("P1. Telegram: staff take and reply at once as the citizen's turn ends: queue place, who serves, then the reply, in that order", async () => {
    const emu = await startBotApiEmulator();
    const t = await createTestLoket();
    const bot = createTelegramBot(emu.token, emu.apiRoot);
    const runtime = t.loket.runtime;
    const actor = { username: "budi", role: "staff" as const, displayName: "Budi" };
    const raced = Object.assign(Object.create(runtime) as typeof runtime, {
      async handle(inbound: Parameters<typeof runtime.handle>[0]) {
        const replies = await runtime.handle(inbound);
        const open = (await t.loket.store.list<HandoffCase>("cases")).find((c) => c.status === "waiting");
        if (open) void t.loket.staff.take(open.id, actor).then(() => t.loket.staff.reply(open.id, actor, "Halo Bu, ada yang bisa dibantu?"));
        await new Promise((r) => setTimeout(r, 400));
        return replies;
      },
    });
    const started = await startTelegram({ TELEGRAM_API_ROOT: emu.apiRoot, UPLOAD_MAX_BYTES: t.config.UPLOAD_MAX_BYTES } as never, { bot, runtime: raced, logger: t.loket.logger, messages: t.loket.messages.get("id")!, app: t.loket.app, flood: UNLIMITED });
    cleanups.push(() => emu.close(), () => t.close(), () => started.stop());
    emu.text(7201, "petugas");
    await expect.poll(() => emu.sentTo(7201).map((m) => m.text ?? "").join("\n"), { timeout: 8000 }).toMatch(/ada yang bisa dibantu/);
    const texts = emu.sentTo(7201).map((m) => m.text ?? "");
    const at = (re: RegExp) => texts.findIndex((x) => re.test(x));
    expect(at(/antrean ke-1/)).toBeGreaterThanOrEqual(0);
    expect(at(/antrean ke-1/)).toBeLessThan(at(/melayani/));
    expect(at(/melayani/)).toBeLessThan(at(/ada yang bisa dibantu/));
  });

  it("P2. a password changed in the console is audited without the password, and the wrong tries too", async () => {
    const w = await startStaffWorld();
    worlds.push(w);
    const budi = await w.login("budi");
    await budi.post("/password", { currentPassword: "salah-salah-salah", newPassword: "kata-sandi-rahasia-9" });
    expect((await budi.post("/password", { currentPassword: PASSWORDS.budi, newPassword: "kata-sandi-rahasia-9" })).status).toBe(200);
    const entries = await listAudit(w.t.loket.store, { by: "budi" });
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(["password", "password_failed"]));
    expect(JSON.stringify(entries)).not.toMatch(/rahasia|salah-salah|kata-sandi-budi/);
  });

  it("P3. an unknown cookie and no cookie at all are told apart from an ended session", async () => {
    const w = await startStaffWorld();
    worlds.push(w);
    const none = new StaffClient(w.base, []);
    expect(((await (await none.get("/me")).json()) as { reason: string }).reason).toBe("no_session");
    none.cookie = "loket_staff=tidak-ada-sesi-seperti-ini";
    expect(((await (await none.get("/me")).json()) as { reason: string }).reason).toBe("unknown");
  });

  it("P4. a disabled account enabled again: the old session stays ended, still saying it was disabled; the ends are swept after a day", async () => {
    const store = createMemoryStore();
    await addStaff(store, { username: "budi", role: "staff", password: "panjang-sekali-1" });
    let t = Date.parse("2026-12-03T01:00:00Z");
    const sessions = createSessions({ store, now: () => new Date(t) });
    const s = await sessions.create("budi");
    await setStaffDisabled(store, "budi", true, new Date(t));
    await setStaffDisabled(store, "budi", false, new Date(t));
    expect(await sessions.lookup(s.token)).toBeNull();
    expect(await sessions.whyEnded(s.token)).toBe("disabled");
    t += 25 * 3600_000;
    await sessions.sweep();
    expect(await store.list("sessions_ended")).toHaveLength(0);
    expect(await sessions.whyEnded(s.token)).toBeUndefined();
    await store.close();
  });
});
