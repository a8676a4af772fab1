import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, createWhatsAppClient } from "../../src/channels/whatsapp/start.js";
import { formatOutbound, toWhatsAppText } from "../../src/channels/whatsapp/format.js";
import { translate } from "../../src/channels/whatsapp/inbound.js";
import { createOutbox } from "../../src/channels/whatsapp/outbox.js";
import { encodeQr, qrToSvg, qrToTerminal, type EccLevel, type QrMatrix } from "../../src/channels/whatsapp/qr.js";
import type { WaMessage } from "../../src/channels/whatsapp/types.js";
import { loadConfig } from "../../src/config.js";
import { createMessages } from "../../src/text/messages.js";
import { createTestLoket } from "../support/loket.js";
import { FakeWhatsAppClient } from "./fake-client.js";
import { testChannel } from "./test-channel.js";

const silent = pino({ level: "silent" });
const CITIZEN = "6281234567890@c.us";

/** A virtual clock: `sleep` advances time at once, so pacing is measured without waiting. */
function virtualClock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

describe("outbound pacing", () => {
  it("keeps each chat's order and holds the global rate across chats", async () => {
    const clock = virtualClock();
    const sent: { chat: string; text: string; at: number }[] = [];
    const outbox = createOutbox({
      send: async (chat, text) => void sent.push({ chat, text, at: clock.now() }),
      logger: silent,
      perSecond: 2,
      burst: 1,
      ...clock,
    });
    await Promise.all([
      outbox.enqueue("a@c.us", ["a1", "a2", "a3"], "whatsapp:a@c.us"),
      outbox.enqueue("b@c.us", ["b1", "b2", "b3"], "whatsapp:b@c.us"),
      outbox.enqueue("a@c.us", ["a4"], "whatsapp:a@c.us"),
    ]);
    expect(sent.filter((s) => s.chat === "a@c.us").map((s) => s.text)).toEqual(["a1", "a2", "a3", "a4"]);
    expect(sent.filter((s) => s.chat === "b@c.us").map((s) => s.text)).toEqual(["b1", "b2", "b3"]);
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(500);
    expect(sent[sent.length - 1]!.at).toBe(6 * 500);
  });

  it("retries a transient error, gives up after the bounded attempts, and other chats go on", async () => {
    const clock = virtualClock();
    const sent: string[] = [];
    let flaky = 2;
    const outbox = createOutbox({
      send: async (chat, text) => {
        if (chat === "dead@c.us") throw new Error("Protocol error: Target closed");
        if (chat === "flaky@c.us" && flaky-- > 0) throw new Error("Evaluation failed");
        sent.push(text);
      },
      logger: silent,
      perSecond: 100,
      retry: { attempts: 3, initialMs: 100, maxMs: 1000 },
      ...clock,
    });
    const dead = outbox.enqueue("dead@c.us", ["x1", "x2"], "whatsapp:dead@c.us");
    await expect(dead).rejects.toMatchObject({ code: "CHANNEL_FAILED", context: { attempts: 3 } });
    await outbox.enqueue("flaky@c.us", ["f1", "f2"], "whatsapp:flaky@c.us");
    await outbox.enqueue("dead@c.us", ["later"], "whatsapp:dead@c.us").catch(() => undefined);
    expect(sent).toEqual(["f1", "f2"]);
  });

  it("waits through a reconnect instead of using up its attempts, and gives up only after maxWaitMs", async () => {
    // The session is down for the first five minutes (a WhatsApp Web reconnect).
    let t = 0;
    const clock = { now: () => t, sleep: async (ms: number) => void (t += ms) };
    const up = () => t >= 5 * 60_000;
    let tries = 0;
    const sent: string[] = [];
    const outbox = createOutbox({
      send: async (_chat, text) => {
        tries++;
        sent.push(text);
      },
      logger: silent,
      perSecond: 100,
      retry: { attempts: 2, initialMs: 100, maxMs: 100 },
      connected: up,
      maxWaitMs: 10 * 60_000,
      ...clock,
    });
    await outbox.enqueue("a@c.us", ["a1", "a2"], "whatsapp:a@c.us");
    expect(sent).toEqual(["a1", "a2"]);
    expect(tries).toBe(2); // nothing was tried while it was down
    expect(t).toBeGreaterThanOrEqual(5 * 60_000);
    // Down for longer than maxWaitMs: CHANNEL_FAILED.
    const down = createOutbox({ send: async () => undefined, logger: silent, perSecond: 100, connected: () => false, maxWaitMs: 60_000, ...virtualClock() });
    await expect(down.enqueue("c@c.us", ["c1"], "whatsapp:c@c.us")).rejects.toMatchObject({ code: "CHANNEL_FAILED" });
  });
});

describe("WhatsApp formatting", () => {
  const messages = createMessages("id", { "whatsapp.choice_hint": "_Balas dengan nomor._" });

  it("renders choices as a numbered list with the hint", () => {
    const text = formatOutbound(
      { type: "text", text: "Ada yang bisa kami bantu?", choices: [{ id: "apply", label: "Ajukan izin" }, { id: "status", label: "Cek status" }] },
      messages,
    );
    expect(text).toBe("Ada yang bisa kami bantu?\n\n1. Ajukan izin\n2. Cek status\n\n_Balas dengan nomor._");
  });

  it("says the hint in the reply's language when given every language's messages", () => {
    const languages = new Map([
      ["id", messages],
      ["en", createMessages("en", { "whatsapp.choice_hint": "_Reply with the number._" }, messages)],
    ]);
    const choices = [{ id: "apply", label: "Apply" }];
    expect(formatOutbound({ type: "text", text: "How can we help?", choices, lang: "en" }, languages)).toBe("How can we help?\n\n1. Apply\n\n_Reply with the number._");
    expect(formatOutbound({ type: "text", text: "Ada yang bisa kami bantu?", choices }, languages)).toBe("Ada yang bisa kami bantu?\n\n1. Apply\n\n_Balas dengan nomor._");
    // A language without messages of its own: Indonesian.
    expect(formatOutbound({ type: "text", text: "?", choices, lang: "fr" }, languages)).toContain("_Balas dengan nomor._");
  });

  it("leaves the summary's yes/edit choices out of the list: there a typed number picks an item to change", () => {
    const summary = "Mohon periksa kembali:\n1. Nama: Siti\n2. NIK: 3317011708900001\n\nBila sudah benar, ketik *ya*.";
    const text = formatOutbound(
      { type: "text", text: summary, choices: [{ id: "apply.summary:yes", label: "Ya, kirim" }, { id: "apply.summary:edit", label: "Ubah data" }], expects: { field: "confirm", kind: "confirm" } },
      messages,
    );
    expect(text).toBe(summary);
  });

  it("turns markdown into WhatsApp markup", () => {
    expect(toWhatsAppText("**Biaya**: gratis\n## Syarat\nLihat [OSS](https://oss.go.id)")).toBe(
      "*Biaya*: gratis\n*Syarat*\nLihat OSS: https://oss.go.id",
    );
  });
});

describe("inbound translation", () => {
  const base = (over: Partial<WaMessage>): WaMessage => ({
    id: { _serialized: "false_x_1" },
    from: CITIZEN,
    body: "",
    type: "chat",
    hasMedia: false,
    fromMe: false,
    downloadMedia: async () => undefined,
    ...over,
  });
  const opts = { uploadMaxBytes: 1000, now: () => new Date(0) };

  it("does not download media WhatsApp already says is over the limit", async () => {
    let downloads = 0;
    const t = await translate(base({ type: "document", hasMedia: true, _data: { size: 5000 }, downloadMedia: async () => void downloads++ }), opts);
    expect(t).toMatchObject({ kind: "inbound", inbound: { oversizedFile: { size: 5000 } } });
    expect(downloads).toBe(0);
  });

  it("checks the size after download when WhatsApp did not say it", async () => {
    const data = Buffer.alloc(1500, 1).toString("base64");
    const t = await translate(base({ type: "image", hasMedia: true, downloadMedia: async () => ({ mimetype: "image/jpeg", data }) }), opts);
    expect(t).toMatchObject({ kind: "inbound", inbound: { oversizedFile: { size: 1500 } } });
  });

  it("turns a failing download into a polite notice", async () => {
    const t = await translate(base({ type: "image", hasMedia: true, downloadMedia: async () => Promise.reject(new Error("404")) }), opts);
    expect(t).toEqual({ kind: "notice", key: "whatsapp.media_unavailable" });
  });

  it("accepts @lid chats and ignores newsletters and notifications", async () => {
    expect((await translate(base({ from: "123456789@lid", body: "halo" }), opts)).kind).toBe("inbound");
    expect((await translate(base({ from: "1203630@newsletter", body: "x" }), opts)).kind).toBe("ignore");
    expect((await translate(base({ type: "e2e_notification" }), opts)).kind).toBe("ignore");
  });
});

describe("duplicates across a restart", () => {
  it("a message delivered again to a fresh adapter is processed once (the runtime dedupes on its id)", async () => {
    const t = await createTestLoket({ channel: "whatsapp" });
    const make = (client: FakeWhatsAppClient) => testChannel(t, client);
    const first = new FakeWhatsAppClient();
    const a = make(first);
    try {
      // Started: replies go only to a ready session.
      await a.start();
      await expect.poll(() => a.status().state).toBe("ready");
      const msg = first.message(CITIZEN, "halo");
      await a.idle();
      expect(first.sent.length).toBeGreaterThan(0);
      await a.stop();
      const second = new FakeWhatsAppClient();
      const b = make(second);
      await b.start();
      await expect.poll(() => b.status().state).toBe("ready");
      await b.idle();
      second.emit("message", msg);
      await b.idle();
      expect(second.sent).toEqual([]);
      expect((await t.loket.store.transcript(`whatsapp:${CITIZEN}`)).filter((l) => l.from === "citizen")).toHaveLength(1);
      await b.stop();
    } finally {
      await t.close();
    }
  });
});

/** The matrix as a PBM image (4 px per module, quiet zone 4) for a decoder. */
function pbm(q: QrMatrix): string {
  const scale = 4;
  const n = (q.size + 8) * scale;
  const rows: string[] = [];
  for (let y = 0; y < n; y++) {
    let row = "";
    for (let x = 0; x < n; x++) row += q.modules[Math.floor(y / scale) - 4]?.[Math.floor(x / scale) - 4] ? "1" : "0";
    rows.push(row);
  }
  return `P1\n${n} ${n}\n${rows.join("\n")}\n`;
}

const hasZbar = existsSync("/usr/bin/zbarimg");
/** A QR string shaped like WhatsApp's: ref, three base64 keys, platform. */
const WA_LIKE = `2@${"Qm9ndXNSZWY".repeat(8)},${"A".repeat(43)}=,${"B".repeat(43)}=,${"C".repeat(43)}=,1`;
/** sha256 of encodeQr(WA_LIKE, "L"), a symbol zbarimg read back correctly. */
const GOLDEN_WA_LIKE_L = "75e90d8d273f0daf5d93e1a1caf05423d8ae42a4a27bed198aea3ad3f6b83d03";

describe("QR encoder", () => {
  it("draws a symbol of the right size with finder patterns, deterministically", () => {
    const q = encodeQr(WA_LIKE, "L");
    expect(q.size).toBe(4 * 9 + 17); // 227 bytes at level L: version 9 holds up to 230
    for (const [x, y] of [[0, 0], [q.size - 7, 0], [0, q.size - 7]] as const) {
      expect(q.modules[y]!.slice(x, x + 7)).toEqual([true, true, true, true, true, true, true]);
      expect(q.modules[y + 1]!.slice(x, x + 7)).toEqual([true, false, false, false, false, false, true]);
    }
    // Checked once with zbarimg (see below); guards against silent changes where zbar is absent.
    const digest = createHash("sha256").update(q.modules.map((r) => r.map(Number).join("")).join("\n")).digest("hex");
    expect(digest).toBe(GOLDEN_WA_LIKE_L);
    expect(qrToSvg(q)).toMatch(/^<svg [^>]*viewBox="0 0 61 61"/);
    expect(qrToTerminal(q).split("\n")).toHaveLength(Math.ceil((q.size + 4) / 2));
  });

  it("refuses text that no version can hold", () => {
    expect(() => encodeQr("x".repeat(3000), "L")).toThrow(RangeError);
  });

  it.skipIf(!hasZbar)("is read back by a real decoder (zbarimg) at every level and many lengths", () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-qr-"));
    try {
      const samples = [WA_LIKE, "halo", "Ü ñ 😀 unicode", "a".repeat(600), "b".repeat(1800)];
      for (const [i, text] of samples.entries()) {
        for (const level of ["L", "M", "Q", "H"] as EccLevel[]) {
          if (text.length > 1200 && level !== "L") continue;
          const file = join(dir, `${i}${level}.pbm`);
          writeFileSync(file, pbm(encodeQr(text, level)));
          const out = execFileSync("zbarimg", ["-q", "--raw", file], { stdio: ["ignore", "pipe", "ignore"] }).toString("utf8");
          expect(out.replace(/\n$/, ""), `sample ${i} level ${level}`).toBe(text);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});


describe("the whatsapp-web.js client as Loket builds it", () => {
  it("keeps the session and the web version cache under DATA_DIR and uses Debian's Chromium", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "loket-wa-client-"));
    try {
      const client = (await createWhatsAppClient(loadConfig({ DATA_DIR: dataDir }))) as unknown as {
        options: { puppeteer: { executablePath: string; args: string[] }; webVersionCache: { path: string } };
        authStrategy: { constructor: { name: string }; dataPath: string };
      };
      expect(client.authStrategy.constructor.name).toBe("LocalAuth");
      expect(client.authStrategy.dataPath).toBe(join(dataDir, "whatsapp"));
      expect(client.options.webVersionCache.path).toBe(join(dataDir, "whatsapp", "web-cache"));
      expect(client.options.puppeteer.executablePath).toBe("/usr/bin/chromium");
      expect(client.options.puppeteer.args).toEqual(CHROMIUM_ARGS);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
