import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/store/memory.js";
import { addStaff, checkCredentials, createLoginLimiter, createSessions, hashPassword, setStaffDisabled, setStaffPassword, verifyPassword, type StaffAccount } from "../../src/staff/auth.js";

describe("staff passwords", () => {
  it("hashes with scrypt and a per-user salt; verifies only the right password", async () => {
    const a = await hashPassword("kata-sandi-rahasia");
    const b = await hashPassword("kata-sandi-rahasia");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("kata-sandi-rahasia", a)).toBe(true);
    expect(await verifyPassword("kata-sandi-rahasiA", a)).toBe(false);
    expect(await verifyPassword("kata-sandi-rahasia", "plain")).toBe(false);
    expect(await verifyPassword("x", "scrypt$16384$8$1$AAAA$")).toBe(false);
  });

  it("creates accounts with validated usernames and passwords, never storing the password", async () => {
    const store = createMemoryStore();
    expect(await addStaff(store, { username: "Budi", role: "staff", password: "panjang-sekali-1" })).toMatchObject({ ok: true });
    expect(await addStaff(store, { username: "budi", role: "admin", password: "panjang-sekali-2" })).toEqual({ ok: false, reason: "exists" });
    expect(await addStaff(store, { username: "x", role: "staff", password: "panjang-sekali-1" })).toEqual({ ok: false, reason: "invalid_username" });
    expect(await addStaff(store, { username: "<b>", role: "staff", password: "panjang-sekali-1" })).toEqual({ ok: false, reason: "invalid_username" });
    expect(await addStaff(store, { username: "sari", role: "staff", password: "pendek" })).toEqual({ ok: false, reason: "weak_password" });
    const acc = await store.get<StaffAccount>("staff", "budi");
    expect(acc).toMatchObject({ username: "budi", role: "staff" });
    expect(JSON.stringify(acc)).not.toContain("panjang-sekali-1");
    expect((await checkCredentials(store, "BUDI", "panjang-sekali-1"))?.username).toBe("budi");
    expect(await checkCredentials(store, "budi", "panjang-sekali-2")).toBeNull();
    expect(await checkCredentials(store, "nobody", "panjang-sekali-1")).toBeNull();
    expect(await setStaffPassword(store, "budi", "yang-baru-sekali")).toEqual({ ok: true });
    expect(await checkCredentials(store, "budi", "panjang-sekali-1")).toBeNull();
    expect((await checkCredentials(store, "budi", "yang-baru-sekali"))?.username).toBe("budi");
    await store.put("staff", "budi", { ...(await store.get<StaffAccount>("staff", "budi"))!, disabled: true });
    expect(await checkCredentials(store, "budi", "yang-baru-sekali")).toBeNull();
    await store.close();
  });
});

describe("staff sessions", () => {
  it("stores only the token's hash, expires with a pinned clock, and ends on logout or when the account is disabled", async () => {
    const store = createMemoryStore();
    await addStaff(store, { username: "budi", role: "staff", password: "panjang-sekali-1" });
    let t = Date.parse("2026-03-02T01:00:00Z");
    const sessions = createSessions({ store, ttlMs: 60_000, now: () => new Date(t) });
    const s = await sessions.create("budi");
    const stored = await store.list<{ id: string }>("sessions");
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(s.token);
    expect((await sessions.lookup(s.token))?.account.username).toBe("budi");
    expect(await sessions.lookup(s.token + "x")).toBeNull();
    t += 61_000;
    expect(await sessions.lookup(s.token)).toBeNull();
    expect(await store.list("sessions")).toHaveLength(0);

    const s2 = await sessions.create("budi");
    await sessions.destroy(s2.token);
    expect(await sessions.lookup(s2.token)).toBeNull();

    const s3 = await sessions.create("budi");
    await store.put("staff", "budi", { ...(await store.get<StaffAccount>("staff", "budi"))!, disabled: true });
    expect(await sessions.lookup(s3.token)).toBeNull();

    t += 120_000;
    expect(await sessions.sweep()).toBe(1);
    expect(await store.list("sessions")).toHaveLength(0);
    await store.close();
  });

  it("disabling an account ends its sessions: enabling it again does not bring an old cookie back", async () => {
    const store = createMemoryStore();
    await addStaff(store, { username: "ani", role: "staff", password: "panjang-sekali-1" });
    await addStaff(store, { username: "budi", role: "staff", password: "panjang-sekali-2" });
    const sessions = createSessions({ store, ttlMs: 60_000 });
    const ani = await sessions.create("ani");
    const budi = await sessions.create("budi");
    expect((await setStaffDisabled(store, "ani", true)).ok).toBe(true);
    expect(await sessions.lookup(ani.token)).toBeNull();
    expect((await setStaffDisabled(store, "ani", false)).ok).toBe(true);
    expect(await sessions.lookup(ani.token)).toBeNull();
    expect((await sessions.lookup(budi.token))?.account.username).toBe("budi"); // others keep theirs
    expect(await setStaffDisabled(store, "nobody", true)).toEqual({ ok: false, reason: "not_found" });
    await store.close();
  });
});

describe("login limiter", () => {
  it("blocks after 5 failures within 15 minutes and opens again when the window passes", () => {
    let t = 0;
    const l = createLoginLimiter({ now: () => t });
    for (let i = 0; i < 4; i++) l.fail("budi|1.2.3.4");
    expect(l.blockedFor("budi|1.2.3.4")).toBe(0);
    l.fail("budi|1.2.3.4");
    expect(l.blockedFor("budi|1.2.3.4")).toBe(15 * 60_000);
    expect(l.blockedFor("budi|5.6.7.8")).toBe(0);
    t += 10 * 60_000;
    expect(l.blockedFor("budi|1.2.3.4")).toBe(5 * 60_000);
    t += 5 * 60_000;
    expect(l.blockedFor("budi|1.2.3.4")).toBe(0);
    l.fail("budi|1.2.3.4");
    l.succeed("budi|1.2.3.4");
    expect(l.blockedFor("budi|1.2.3.4")).toBe(0);
  });
});
