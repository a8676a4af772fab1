import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../support/process.js";
import { startRefusals } from "../support/start-refusal.js";

/**
 * README, Configuration: "a bad value stops Loket with the variable's name and what is allowed".
 * An operator who set one wrong value (review of 2026-12-03, ops9) reads one line on stderr naming
 * that variable and what to write, and Loket exits non-zero: a service manager or Docker sees it
 * failed instead of a Loket that runs without its store or its knowledge.
 */
const { dir, run, refusedInOneLine } = startRefusals("loket-ops9-wrong-");

describe("a wrong value: one line naming the variable and what is allowed, and a non-zero exit", () => {
  it("a port out of range", async () => {
    refusedInOneLine(await run({ PORT: "99999" }), /PORT="99999"/, /at most 65535/);
  });

  it("a port that is not a number", async () => {
    refusedInOneLine(await run({ PORT: "tiga ribu" }), /PORT="tiga ribu"/, /whole number from 1 to 65535/);
  });

  it("an unknown store in REDIS_URL", async () => {
    refusedInOneLine(await run({ REDIS_URL: "mysql://127.0.0.1:3306/loket" }), /REDIS_URL=/, /redis:\/\//);
  });

  it("a KNOWLEDGE_DIR that does not exist", async () => {
    refusedInOneLine(await run({ KNOWLEDGE_DIR: join(dir, "no-such-folder") }), /KNOWLEDGE_DIR=.*no-such-folder/, /folder/);
  });

  it("a KNOWLEDGE_DIR that is a file", async () => {
    const file = join(dir, "knowledge.zip");
    writeFileSync(file, "PK");
    refusedInOneLine(await run({ KNOWLEDGE_DIR: file }), /KNOWLEDGE_DIR=.*knowledge\.zip/, /not a folder/);
  });

  it("a KNOWLEDGE_DIR this user may not read", async () => {
    const locked = join(dir, "locked-knowledge");
    mkdirSync(locked);
    writeFileSync(join(locked, "office.yaml"), "name: x\n");
    chmodSync(locked, 0o000);
    // As root every folder is readable: then Loket runs as nobody (65534), as a service user would.
    const asUser = process.getuid?.() === 0 ? 65534 : undefined;
    const r = await run({ KNOWLEDGE_DIR: locked }, asUser !== undefined ? { asUser } : {});
    refusedInOneLine(r, /KNOWLEDGE_DIR=.*locked-knowledge/, /may not read|cannot read/);
  });

  it("a FLOWS_DIR that does not exist", async () => {
    refusedInOneLine(await run({ FLOWS_DIR: join(dir, "alur") }), /FLOWS_DIR=.*alur/, /folder/);
  });

  it("a CHROMIUM_PATH where there is no browser, with WhatsApp on", async () => {
    const r = await run({ WHATSAPP_ENABLED: "1", CHROMIUM_PATH: join(dir, "chromium-not-here") }, { waitMs: 20_000 });
    refusedInOneLine(r, /CHROMIUM_PATH=.*chromium-not-here/, /apt-get install chromium/);
  }, 40_000);

  it("a REDIS_URL where no Redis answers", async () => {
    const closed = await freePort();
    const r = await run({ REDIS_URL: `redis://127.0.0.1:${closed}` }, { waitMs: 40_000 });
    refusedInOneLine(r, new RegExp(`REDIS_URL=redis://127.0.0.1:${closed}`), /redis:\/\/\[:password@\]host\[:port\]/);
  }, 60_000);
});
