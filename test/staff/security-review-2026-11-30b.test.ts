import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addStaff } from "../../src/staff/auth.js";
import { PASSWORDS, startStaffWorld, StaffClient, type StaffWorld } from "./support.js";

describe("staff login: the failure limit holds against guesses sent at once", () => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await startStaffWorld();
    await addStaff(w.t.loket.store, { username: "dewi", role: "staff", password: PASSWORDS.budi });
    await addStaff(w.t.loket.store, { username: "eka", role: "staff", password: PASSWORDS.budi });
  });
  afterAll(async () => w.close());

  it("30 wrong passwords sent together from one address: at most 5 are tried, the rest get 429", async () => {
    const c = new StaffClient(w.base, []);
    const all = await Promise.all(Array.from({ length: 30 }, (_, i) => c.login("dewi", `salah-sekali-${i}`, { "x-forwarded-for": "10.9.0.1" })));
    const statuses = all.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(25);
  });

  it("40 wrong passwords sent together from 40 addresses: at most 20 are tried for the username", async () => {
    const c = new StaffClient(w.base, []);
    const all = await Promise.all(Array.from({ length: 40 }, (_, i) => c.login("eka", `salah-sekali-${i}`, { "x-forwarded-for": `10.9.1.${i}` })));
    expect(all.filter((r) => r.status === 401).length).toBeLessThanOrEqual(20);
  });

  it("a right password still logs in, and does not count as a failure", async () => {
    await addStaff(w.t.loket.store, { username: "fajar", role: "staff", password: PASSWORDS.budi });
    const c = new StaffClient(w.base, []);
    for (let i = 0; i < 25; i++) expect((await c.login("fajar", PASSWORDS.budi, { "x-forwarded-for": `10.9.2.${i}` })).status).toBe(200);
  });
});
