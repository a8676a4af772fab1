// understanding.yaml `referral_asked` (2026-12-06): the words that make another agency's service a
// further question beside a permit, or its paper a document to bring, are the office's to edit. The
// understander and the engine read the one list (they were two lists in code before).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { loadKnowledge } from "../../src/knowledge/load.js";

const further = (u: ReturnType<typeof createUnderstander>, text: string) => {
  const r = u.understand(text);
  return [`${r.intent}/${r.permit ?? null}/${r.aspect ?? null}`, ...(r.then ?? []).map((x) => `${x.intent}/${x.referral ?? x.permit ?? null}`)];
};

const shipped = createUnderstander(await loadKnowledge("knowledge"));
const dir = mkdtempSync(join(tmpdir(), "loket-referral-asked-"));
cpSync("knowledge", dir, { recursive: true });
const file = join(dir, "understanding.yaml");
// The office counts "ditunjukkan" (a KTP shown at the counter) as speaking of a document.
writeFileSync(file, readFileSync(file, "utf8").replace(/as_document: \[/, "as_document: [ditunjukkan, "));
const edited = createUnderstander(await loadKnowledge(dir));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("another agency's service beside a permit (understanding.yaml referral_asked)", () => {
  it.each([
    ["izin keramaian ngurus dmn? sekalian syarat pbg", ["ask/pbg/requirements", "referral/izin-keramaian"]],
    ["syarat pbg apa? ktp nya ngurus dmn?", ["ask/pbg/requirements", "referral/ktp"]],
    // A document to bring, not a service asked for.
    ["syarat pbg apa? ktp nya fotokopi aja?", ["ask/pbg/requirements"]],
  ])("%s -> %j", (text, want) => expect(further(shipped, text)).toEqual(want));

  it("an office's word added to as_document takes effect on the next load", () => {
    const text = "syarat pbg apa? ktp nya ditunjukkan dmn?";
    expect(further(shipped, text)).toEqual(["ask/pbg/requirements", "referral/ktp"]);
    expect(further(edited, text)).toEqual(["ask/pbg/requirements"]);
  });

  it("a list that is not one of words is refused with the file and the key", async () => {
    writeFileSync(file, readFileSync(file, "utf8").replace(/as_document: \[ditunjukkan, /, "as_document: 3\n  old: ["));
    await expect(loadKnowledge(dir)).rejects.toThrow(/understanding\.yaml[\s\S]*referral_asked/);
  });
});
