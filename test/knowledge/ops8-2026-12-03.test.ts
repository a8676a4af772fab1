import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { buildLoket, type Loket } from "../../src/app.js";
import { startChannels } from "../../src/channels/start.js";
import { loadConfig } from "../../src/config.js";
import { edit } from "../support/clerk-copy.js";
import { applicationRecord } from "../support/applications.js";
import { startBotApiEmulator, type BotApiEmulator } from "../support/botapi-emulator.js";
import { startStaffWorld, type StaffWorld } from "../staff/support.js";
import { indexPut } from "../../src/runtime/applications.js";
import type { Application } from "../../src/domain/records.js";

/**
 * Held-out ops8 (2026-12-03), written before any change: what a reload of flows/ and messages/
 * should change and did not (read at start-up only): the console's labels of application fields,
 * which field holds the applicant's name, and the Telegram command menu. A refused reload changes
 * none of them.
 */
const dirs: string[] = [];
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function copies(): string {
  const root = mkdtempSync(join(tmpdir(), "loket-ops8-"));
  dirs.push(root);
  for (const d of ["knowledge", "flows", "messages"]) cpSync(d, join(root, d), { recursive: true });
  return root;
}

async function world(): Promise<{ w: StaffWorld; root: string }> {
  const root = copies();
  const w = await startStaffWorld({ store: "sqlite", env: { KNOWLEDGE_DIR: join(root, "knowledge"), FLOWS_DIR: join(root, "flows") }, messagesDir: join(root, "messages") });
  closers.push(() => w.close());
  return { w, root };
}

async function reload(w: StaffWorld): Promise<{ instances: { ok: boolean }[] }> {
  const res = await (await w.login("sari")).post("/knowledge/reload");
  expect(res.status).toBe(200);
  return (await res.json()) as { instances: { ok: boolean }[] };
}

async function putApplication(w: StaffWorld, app: Application): Promise<void> {
  const store = w.t.loket.store;
  await store.put("applications", app.number, app);
  const idx = await indexPut(store, app.conversationId, app.number);
  await store.put(idx.collection, idx.key, idx.value);
}

const labelsOf = async (w: StaffWorld) => (await (await w.login("budi")).json<{ labels: Record<string, string> }>("/permits")).labels;
const listed = async (w: StaffWorld, q = "") => (await (await w.login("budi")).json<{ applications: { number: string; name?: string }[] }>(`/applications${q}`)).applications;

const NAMA_LINE = "      - { id: nama, label: field.label.nama, kind: text, min: 3, max: 100, pattern:";
const LABEL_ID = `    nama: "Nama lengkap pemohon (sesuai KTP)"\n`;
const LABEL_EN = `    nama: "Applicant's full name (as on the KTP)"\n`;
const BROKEN_HP = ["      - { id: hp, label: field.label.hp, kind: phone }\n", "      - { id: hp, label: field.label.hp, kind: telepon }\n"] as const;

describe("ops8 held-out 2026-12-03: labels and name fields follow a reload", () => {
  it("1. a field's label reworded in messages/: after the reload the console's labels say the new words", async () => {
    const { w, root } = await world();
    expect((await labelsOf(w)).nama).toBe("Nama lengkap pemohon");
    edit(join(root, "messages/id/conversation.yaml"), LABEL_ID, `    nama: "Nama pemohon sesuai KTP (seperti tertulis)"\n`);
    expect((await reload(w)).instances[0]!.ok).toBe(true);
    expect((await labelsOf(w)).nama).toBe("Nama pemohon sesuai KTP");
  });

  it("2. a field's label key changed in flows/ (a new message): the console's label is the new message's", async () => {
    const { w, root } = await world();
    edit(join(root, "flows/apply.yaml"), NAMA_LINE, "      - { id: nama, label: field.label.nama_pemohon, kind: text, min: 3, max: 100, pattern:");
    edit(join(root, "messages/id/conversation.yaml"), LABEL_ID, `${LABEL_ID}    nama_pemohon: "Nama pemilik usaha"\n`);
    edit(join(root, "messages/en/conversation.yaml"), LABEL_EN, `${LABEL_EN}    nama_pemohon: "Business owner's name"\n`);
    expect((await reload(w)).instances[0]!.ok).toBe(true);
    expect((await labelsOf(w)).nama).toBe("Nama pemilik usaha");
  });

  it("3. a new name field (holds: name) in flows/: after the reload the list shows and finds the applicant by it", async () => {
    const { w, root } = await world();
    await putApplication(w, applicationRecord({ number: "RBG-2026-000801", permit: "izin-reklame", conversationId: "web:ops8-1", fields: { pemilik: "Rina Wulandari" } }));
    expect((await listed(w)).find((a) => a.number === "RBG-2026-000801")?.name).toBeUndefined();
    edit(join(root, "flows/apply.yaml"), `${NAMA_LINE}`, "      - { id: pemilik, holds: name, label: field.label.nama, kind: text, min: 3, max: 100, pattern:");
    expect((await reload(w)).instances[0]!.ok).toBe(true);
    expect((await listed(w)).find((a) => a.number === "RBG-2026-000801")?.name).toBe("Rina Wulandari");
    expect((await listed(w, "?q=wulandari")).map((a) => a.number)).toEqual(["RBG-2026-000801"]);
  });

  it("4. a refused reload (a broken flow beside the edits) changes neither the labels nor the name field", async () => {
    const { w, root } = await world();
    await putApplication(w, applicationRecord({ number: "RBG-2026-000802", permit: "izin-reklame", conversationId: "web:ops8-2", fields: { nama: "Sri Lestari", pemilik: "Rina Wulandari" } }));
    edit(join(root, "messages/id/conversation.yaml"), LABEL_ID, `    nama: "Nama pemohon sesuai KTP"\n`);
    edit(join(root, "flows/apply.yaml"), `${NAMA_LINE}`, "      - { id: pemilik, holds: name, label: field.label.nama, kind: text, min: 3, max: 100, pattern:");
    edit(join(root, "flows/apply.yaml"), ...BROKEN_HP);
    expect((await reload(w)).instances[0]!.ok).toBe(false);
    expect((await labelsOf(w)).nama).toBe("Nama lengkap pemohon");
    expect((await listed(w)).find((a) => a.number === "RBG-2026-000802")?.name).toBe("Sri Lestari");
  });
});

/** A Loket with Telegram on the Bot API emulator, started as main.ts starts it (buildLoket, startChannels). */
async function telegramLoket(root: string, emu: BotApiEmulator, env: Record<string, string> = {}): Promise<Loket> {
  const data = mkdtempSync(join(tmpdir(), "loket-ops8-data-"));
  dirs.push(data);
  const config = loadConfig({ DATA_DIR: data, LOG_LEVEL: "silent", KNOWLEDGE_DIR: join(root, "knowledge"), FLOWS_DIR: join(root, "flows"), TELEGRAM_BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.apiRoot, ...env });
  const loket = await buildLoket(config, { logger: pino({ level: "silent" }), sweepEveryMs: false, messagesDir: join(root, "messages") });
  closers.push(() => loket.close());
  await startChannels(loket);
  return loket;
}
type Command = { command: string; description: string };
const commandCalls = (emu: BotApiEmulator, lang?: string) => emu.calls.filter((c) => c.method === "setMyCommands" && !c.payload.scope && c.payload.language_code === lang).map((c) => c.payload.commands as Command[]);
const PETUGAS = `    petugas: "Bicara dengan petugas"\n`;

describe("ops8 held-out 2026-12-03: the Telegram command menu follows a reload", () => {
  it("5. a command's description edited: one new setMyCommands with it after the reload; none for a reload that changes no command", async () => {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const root = copies();
    const loket = await telegramLoket(root, emu);
    await expect.poll(() => commandCalls(emu).length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => commandCalls(emu, "en").length, { timeout: 10_000 }).toBe(1);
    edit(join(root, "messages/id/telegram.yaml"), PETUGAS, `    petugas: "Hubungi petugas kantor"\n`);
    expect((await loket.reloadKnowledge("test")).instances[0]!.ok).toBe(true);
    await expect.poll(() => commandCalls(emu).length, { timeout: 10_000 }).toBe(2);
    expect(commandCalls(emu).at(-1)!.find((c) => c.command === "petugas")!.description).toBe("Hubungi petugas kantor");
    // Another reload, the commands as they are (a knowledge edit): Telegram is not asked again.
    edit(join(root, "knowledge/permits/sppl.md"), "validity: Masa berlaku SPPL belum kami dapatkan datanya; petugas akan mengonfirmasi.", "validity: SPPL berlaku selama kegiatan usaha tidak berubah.");
    expect((await loket.reloadKnowledge("test")).instances[0]!.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(commandCalls(emu)).toHaveLength(2);
    // The English menu did not change: not set again either.
    expect(commandCalls(emu, "en")).toHaveLength(1);
  });

  it("6. a refused reload does not touch the menu", async () => {
    const emu = await startBotApiEmulator();
    closers.push(() => emu.close());
    const root = copies();
    const loket = await telegramLoket(root, emu);
    await expect.poll(() => commandCalls(emu).length, { timeout: 10_000 }).toBe(1);
    edit(join(root, "messages/id/telegram.yaml"), PETUGAS, `    petugas: "Hubungi petugas kantor"\n`);
    edit(join(root, "flows/apply.yaml"), ...BROKEN_HP);
    expect((await loket.reloadKnowledge("test")).instances[0]!.ok).toBe(false);
    await new Promise((r) => setTimeout(r, 500));
    expect(commandCalls(emu)).toHaveLength(1);
  });
});
