import { afterEach, describe, expect, it } from "vitest";
import type { TranscriptEntry } from "../../src/domain/records.js";
import type { Store } from "../../src/store/port.js";
import { caseIdOf, PASSWORDS, StaffClient, startStaffWorld, type StaffWorld } from "./support.js";

/**
 * Held-out staff10 (2026-12-03), written before any change: the console's queue shows what each
 * citizen last wrote without reading each open case's whole transcript (on Redis and SQLite, after a
 * restart too). The group's part is staff10-2026-12-03-group.test.ts.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

/** Counts whole-transcript reads on the real store (the store itself still answers them). */
function countWholeReads(store: Store): { n: number } {
  const count = { n: 0 };
  const whole = store.transcript.bind(store);
  store.transcript = async (id) => {
    count.n++;
    return whole(id);
  };
  return count;
}

/** Appends lines to a conversation's transcript through the store's own turn (as the runtime does). */
async function append(store: Store, conversationId: string, lines: TranscriptEntry[]): Promise<void> {
  const turn = await store.begin(conversationId);
  await turn.commit({ transcript: lines });
}

const staffLines = (n: number, at: string): TranscriptEntry[] =>
  Array.from({ length: n }, (_, i) => ({ from: "staff", by: "budi", text: `👤 Budi (petugas):\nBalasan nomor ${i + 1} untuk Bapak/Ibu.`, at }) as TranscriptEntry);

async function world(store: "redis" | "sqlite"): Promise<StaffWorld> {
  const w = await startStaffWorld({ store });
  cleanups.push(() => w.close());
  return w;
}

describe("staff10 held-out 2026-12-03: the queue reads no whole transcript", () => {
  it("1. Redis: a queue refresh shows each open case's last citizen words without reading any whole transcript", async () => {
    const w = await world("redis");
    const a = await w.citizen();
    await a.say("pbg saya ditolak kenapa ya");
    await a.say("petugas");
    const b = await w.citizen();
    await b.say("izin reklame saya sudah 3 minggu belum keluar");
    await b.say("petugas");
    const budi = await w.login();
    const count = countWholeReads(w.t.loket.store);
    const q = await budi.json<{ cases: { conversationId: string; lastCitizenText?: string }[] }>("/cases?status=open");
    expect(q.cases.map((c) => c.lastCitizenText)).toEqual(["petugas", "petugas"]);
    expect(count.n, "whole transcripts read by one queue refresh").toBe(0);
  });

  it("2. Redis: a long conversation whose citizen wrote last 80 lines ago (staff replied since) still shows those words, cut at 160", async () => {
    const w = await world("redis");
    const a = await w.citizen();
    await a.say("petugas");
    const long = `Saya mau tanya soal retribusi PBG rumah tinggal saya ${"yang sangat panjang ".repeat(12)}AKHIR`;
    await append(w.t.loket.store, a.conversationId, [{ from: "citizen", text: long, at: new Date().toISOString() } as TranscriptEntry]);
    await append(w.t.loket.store, a.conversationId, staffLines(80, new Date().toISOString()));
    const budi = await w.login();
    const count = countWholeReads(w.t.loket.store);
    const q = await budi.json<{ cases: { lastCitizenText?: string }[] }>("/cases?status=open");
    const said = q.cases[0]!.lastCitizenText!;
    expect(said.startsWith("Saya mau tanya soal retribusi PBG")).toBe(true);
    expect(said.length).toBe(160);
    expect(said.endsWith("…")).toBe(true);
    expect(count.n).toBe(0);
  });

  it("3. SQLite, after a restart: the queue's words are the newest citizen text, read without the whole transcript", async () => {
    const w = await world("sqlite");
    const a = await w.citizen();
    await a.say("mau bicara dengan petugas");
    const caseId = await caseIdOf(w, a);
    await a.say("tolong dicek berkas SIUP saya");
    await append(w.t.loket.store, a.conversationId, staffLines(40, new Date().toISOString()));
    await w.t.restart();
    // The rebuilt Loket listens anew: a staff browser logs in there.
    await w.t.loket.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = w.t.loket.app.server.address();
    const budi = new StaffClient(`http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`, []);
    expect((await budi.login("budi", PASSWORDS.budi)).status).toBe(200);
    const count = countWholeReads(w.t.loket.store);
    const q = await budi.json<{ cases: { id: string; lastCitizenText?: string }[] }>("/cases?status=open");
    expect(q.cases.find((c) => c.id === caseId)?.lastCitizenText).toBe("tolong dicek berkas SIUP saya");
    expect(count.n).toBe(0);
  });
});

describe("staff10 held-out 2026-12-03: the queue's citizen words are audited as a view", () => {
  it("6. a refresh showing citizens' words records one 'view' entry naming those cases (ids only), once per person and case per 10 minutes; opening a case is still recorded", async () => {
    const w = await world("redis");
    const a = await w.citizen();
    await a.say("nik saya 3317014508900002 kenapa ditolak");
    await a.say("petugas");
    const b = await w.citizen();
    await b.say("izin reklame saya belum keluar");
    await b.say("petugas");
    const [caseA, caseB] = [await caseIdOf(w, a), await caseIdOf(w, b)];
    const budi = await w.login();
    const sari = await w.login("sari");
    const views = async () => (await sari.json<{ entries: { by: string; action: string; caseId?: string; detail?: string }[] }>("/audit?action=view")).entries.filter((e) => e.by === "budi");
    await budi.json("/cases?status=open");
    let v = await views();
    expect(v).toHaveLength(1);
    expect(v[0]!.detail).toContain(caseA);
    expect(v[0]!.detail).toContain(caseB);
    expect(JSON.stringify(v)).not.toMatch(/3317014508900002|reklame|ditolak/);
    // Again within 10 minutes: nothing new.
    await budi.json("/cases?status=open");
    expect(await views()).toHaveLength(1);
    // A new case: one entry naming it alone.
    const c = await w.citizen();
    await c.say("petugas");
    const caseC = await caseIdOf(w, c);
    await budi.json("/cases?status=open");
    v = await views();
    expect(v).toHaveLength(2);
    expect(v[0]!.detail).toContain(caseC);
    expect(v[0]!.detail).not.toContain(caseA);
    // Opening a case whose words the queue showed is recorded as its own view.
    await budi.json(`/cases/${caseA}`);
    expect((await views()).some((e) => e.caseId === caseA)).toBe(true);
  });
});
