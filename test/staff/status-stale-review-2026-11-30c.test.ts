import { afterEach, describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.js";
import { applicationRecord } from "../support/applications.js";
import { testRedisUrl, uniquePrefix } from "../support/redis.js";
import { startStaffWorld, type StaffClient, type StaffWorld, type WebCitizen } from "./support.js";

/**
 * Two staff members have the same application open (two consoles, on one instance or on two
 * instances sharing Redis). Budi moves it received -> verified; Sari, whose screen still says
 * "received", rejects it. Before, the later write won silently and the citizen was told "verified"
 * and then "rejected". A status change now carries the version the console showed; a change made
 * on a stale screen is refused with the current status, and the citizen is told once.
 */
describe.each(["sqlite", "redis"] as const)("a status change from a stale screen (%s)", (store) => {
  const worlds: StaffWorld[] = [];
  afterEach(async () => {
    for (const w of worlds.splice(0).reverse()) await w.close();
  });

  /** Two instances on one Redis (each console on its own), or one embedded instance. */
  async function setup(): Promise<{ citizen: WebCitizen; budi: StaffClient; sari: StaffClient; app: Application; first: StaffWorld }> {
    const env = store === "redis" ? { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: uniquePrefix("stale") } : undefined;
    const first = await startStaffWorld({ store, ...(env ? { env } : {}) });
    worlds.push(first);
    const second = store === "redis" ? await startStaffWorld({ store, env: env! }) : first;
    if (second !== first) worlds.push(second);
    const citizen = await first.citizen();
    await citizen.say("halo");
    const app = applicationRecord({ number: "RBG-2026-000777", permit: "izin-reklame", conversationId: citizen.conversationId, fields: { nama: "Siti" } });
    await first.t.loket.store.put("applications", app.number, app);
    return { citizen, budi: await first.login("budi"), sari: await second.login("sari"), app, first };
  }

  const notices = (citizen: WebCitizen, number: string) => citizen.events.received.filter((o) => o.text.includes(number));

  it("the second staff member is refused with the current status, and the citizen is told once", async () => {
    const { citizen, budi, sari, app, first } = await setup();
    const seenByBudi = (await budi.json<{ application: { status: string; version: number } }>(`/applications/${app.number}`)).application;
    const seenBySari = (await sari.json<{ application: { status: string; version: number } }>(`/applications/${app.number}`)).application;
    expect(seenBySari).toMatchObject({ status: "received", version: seenByBudi.version });
    expect(typeof seenByBudi.version).toBe("number");

    const a = await budi.post(`/applications/${app.number}/status`, { status: "verified", version: seenByBudi.version });
    expect(a.status).toBe(200);
    await citizen.events.waitFor((o) => o.text.includes(app.number));

    const b = await sari.post(`/applications/${app.number}/status`, { status: "rejected", note: "Lokasi di zona hijau", version: seenBySari.version });
    expect(b.status).toBe(409);
    const body = (await b.json()) as { code: string; current: { status: string; version: number; by: string } };
    expect(body.code).toBe("stale");
    expect(body.current).toMatchObject({ status: "verified", by: "budi" });
    expect(body.current.version).toBeGreaterThan(seenBySari.version);

    const stored = (await first.t.loket.store.get<Application>("applications", app.number))!;
    expect(stored.status).toBe("verified");
    expect(stored.history.map((h) => h.status)).toEqual(["received", "verified"]);
    await new Promise((r) => setTimeout(r, 300));
    expect(notices(citizen, app.number)).toHaveLength(1);

    // Sari reloads, sees "verified", and may decide again from there.
    const fresh = (await sari.json<{ application: { version: number } }>(`/applications/${app.number}`)).application;
    expect((await sari.post(`/applications/${app.number}/status`, { status: "rejected", note: "Lokasi di zona hijau", version: fresh.version })).status).toBe(200);
  });

  it("two staff asking for a correction at the same moment: one request reaches the citizen", async () => {
    const { citizen, budi, sari, app, first } = await setup();
    const { version } = (await budi.json<{ application: { version: number } }>(`/applications/${app.number}`)).application;
    const [a, b] = await Promise.all([
      budi.post(`/applications/${app.number}/status`, { status: "needs_correction", note: "Foto KTP buram", version }),
      sari.post(`/applications/${app.number}/status`, { status: "needs_correction", note: "Alamat belum lengkap", version }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const stored = (await first.t.loket.store.get<Application>("applications", app.number))!;
    expect(stored.history.map((h) => h.status)).toEqual(["received", "needs_correction"]);
    await citizen.events.waitFor((o) => o.text.includes(app.number));
    await new Promise((r) => setTimeout(r, 300));
    expect(notices(citizen, app.number)).toHaveLength(1);
  });
});
