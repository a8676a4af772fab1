// A question's `reads:` (flows/status.yaml): the registration number and the phone's last four
// digits read out of a citizen's sentence. It was the engine's special case of the flow named
// "status" and its fields "number" and "last4"; a clerk's flow of another name, with other field
// names, now reads them the same way by declaring it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, loadFlows, type Engine } from "../../src/engine/index.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { loadMessages } from "../../src/text/messages.js";
import type { ConversationState } from "../../src/domain/conversation.js";
import type { Outbound } from "../../src/domain/message.js";

/** A tracking flow that is not "status": its number, the phone's digits, then a remark (to see what was kept). */
const flowYaml = (reads: boolean) => `id: lacak
description: Lacak berkas
steps:
  - id: nomor
    type: ask
    field: nomor_berkas
    kind: text
    prompt: status.ask_number
    pattern: "^[A-Z]{2,8}[-\\\\s./]*\\\\d{4}[-\\\\s./]*\\\\d{6}$"
    pattern_reason: status.bad_number
    upper: true
${reads ? "    reads: registration_number\n" : ""}  - id: hp
    type: ask
    field: hp_akhir
    kind: text
    prompt: status.ask_last4
    pattern: "^(\\\\+?[\\\\d\\\\s().-]*)?\\\\d{4}$"
    pattern_reason: status.bad_last4
${reads ? "    reads: phone_last4\n" : ""}  - id: catatan
    type: ask
    field: catatan
    kind: text
    prompt: status.ask_number
  - id: done
    type: end
`;

const dirs: string[] = [];
let withReads: Engine;
let without: Engine;

async function engineWith(reads: boolean): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), "loket-reads-"));
  dirs.push(dir);
  cpSync("flows", dir, { recursive: true });
  writeFileSync(join(dir, "lacak.yaml"), flowYaml(reads));
  const patterns = readFileSync(join(dir, "patterns.yaml"), "utf8");
  writeFileSync(join(dir, "patterns.yaml"), patterns.replace("commands:\n", "commands:\n  lacak: [lacak berkas]\n"));
  const [kb, messages, flows] = await Promise.all([loadKnowledge("knowledge"), loadMessages("messages"), loadFlows(dir)]);
  return createEngine({ flows, knowledge: kb, understander: createUnderstander(kb), messages, now: () => new Date("2026-12-01T03:00:00Z"), uploadLimitBytes: 5 * 1048576 });
}

beforeAll(async () => {
  withReads = await engineWith(true);
  without = await engineWith(false);
});
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

class Chat {
  state: ConversationState;
  last: Outbound[] = [];
  constructor(readonly engine: Engine) {
    this.state = engine.initialState("web:reads", "web");
    this.say("lacak berkas");
    expect(this.field).toBe("nomor_berkas");
  }
  say(text: string): this {
    const r = this.engine.step(this.state, { type: "text", text });
    expect(r.call).toBeUndefined();
    this.state = r.state;
    this.last = r.replies;
    return this;
  }
  get field() {
    return this.last.at(-1)?.expects?.field;
  }
  get text() {
    return this.last.map((o) => o.text).join("\n");
  }
  get slots() {
    return this.state.engine.stack.at(-1)!.slots;
  }
}

describe("reads: registration_number / phone_last4 on a flow not named status", () => {
  it("the number in a sentence, then the last four digits in a sentence", () => {
    const c = new Chat(withReads).say("No. RBG-2026-000123 kak");
    expect(c.field).toBe("hp_akhir");
    expect(c.slots.nomor_berkas).toBe("RBG-2026-000123");
    c.say("hp saya 0812 3456 7890");
    expect(c.field).toBe("catatan");
    expect(c.slots.hp_akhir).toBe("7890");
  });

  it("the number and the digits together skip the digits' question; a short serial gets its zeros", () => {
    const both = new Chat(withReads).say("RBG-2026-000123 7890");
    expect(both.field).toBe("catatan");
    expect(both.slots).toMatchObject({ nomor_berkas: "RBG-2026-000123", hp_akhir: "7890" });
    const short = new Chat(withReads).say("RBG 2026 123");
    expect(short.field).toBe("hp_akhir");
    expect(short.slots.nomor_berkas).toBe("RBG-2026-000123");
  });

  it("no number to give, and a thanks instead of one, as at the status check", () => {
    const forgot = new Chat(withReads).say("lupa nomornya");
    expect(forgot.text).toContain("Nomor registrasi ada di pesan tanda terima");
    expect(forgot.state.engine.stack.some((f) => f.flow === "lacak")).toBe(false);
    const phone = new Chat(withReads).say("RBG-2026-000123").say("lupa no hp nya");
    expect(phone.text).toContain("Bila nomor HP yang dipakai saat mengajukan sudah tidak diingat");
    const thanks = new Chat(withReads).say("makasih min");
    expect(thanks.state.engine.stack.some((f) => f.flow === "lacak")).toBe(false);
  });

  it("without reads, the same question takes only what its pattern matches", () => {
    // (A registration number there starts a status check on top, as at any text question.)
    const c = new Chat(without).say("RBG 2026 123");
    expect(c.field).toBe("nomor_berkas");
    expect(c.text).toContain("Format nomor registrasi belum sesuai");
    c.say("lupa nomornya");
    expect(c.field).toBe("nomor_berkas");
    expect(c.text).not.toContain("Nomor registrasi ada di pesan tanda terima");
  });
});
