import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { sharedAspectAnswer } from "../../src/knowledge/answer.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { loadMessages, type Messages } from "../../src/text/messages.js";

const root = join(__dirname, "../..");
let kb: KnowledgeBase;
let id: Messages;
let en: Messages;
beforeAll(async () => {
  kb = await loadKnowledge(join(root, "knowledge"), { root });
  const all = await loadMessages(join(root, "messages"), root);
  id = all.get("id")!;
  en = all.get("en")!;
});

describe("a fact several permits share (renew1, 2026-12-02)", () => {
  it("the SIPs' validity, the same in every file, is said once naming them, in the reader's language", () => {
    const said = sharedAspectAnswer(kb, id, ["sip-bidan", "sip-perawat", "sipa"], "validity");
    expect(said).toContain("*Masa berlaku* sama untuk SIP bidan, SIP perawat, SIPA:");
    expect(said).toContain("5 tahun");
    expect(sharedAspectAnswer(kb, en, ["sip-bidan", "sip-perawat"], "validity")).toContain("5 years");
  });
  it("nothing when the permits differ, the aspect is another, or there is only one", () => {
    expect(sharedAspectAnswer(kb, id, ["sip-bidan", "izin-reklame"], "validity")).toBeUndefined();
    expect(sharedAspectAnswer(kb, id, ["sip-bidan", "sip-perawat"], "requirements")).toBeUndefined();
    expect(sharedAspectAnswer(kb, id, ["sip-bidan"], "validity")).toBeUndefined();
  });
});
