// "tempat fotokopi yg buka minggu?" looks for a place; "harus fotokopi?" asks how documents are sent.
// The words that tell them apart are flows/patterns.yaml `place_asked` (a phrase list), which a
// clerk edits: "fotokopi deket sini dmn ya?" (a place, in words the shipped list lacks) is read as a
// place once she adds "dmn" and "deket/dekat sini". Before (clerk review 2026-12-01, fifth round)
// the words were a regular expression in src/engine/engine.ts.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateFlows } from "../../src/engine/flows/load.js";
import { phraseListPaths } from "../../src/engine/flows/schema.js";
import { clerkLokets } from "../support/clerk-copy.js";
import { textOf } from "../support/loket.js";

const COPIES = /dokumen dikirim di percakapan ini sebagai foto atau hasil scan/;

describe("place_asked: the words of a place looked for, edited by a clerk", () => {
  const { loketOnCopies } = clerkLokets("loket-place-");

  it("is a phrase list of flows/patterns.yaml, checked at its line like the others", async () => {
    expect(phraseListPaths().map((p) => p.join("."))).toContain("place_asked");
    const { dir } = await loketOnCopies();
    const file = join(dir, "flows/patterns.yaml");
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/^place_asked: \[/m);
    writeFileSync(file, text.replace(/^place_asked: \[/m, "place_asked: [dimana/, "));
    const line = text.split("\n").findIndex((l) => l.startsWith("place_asked:")) + 1;
    const { issues } = await validateFlows(join(dir, "flows"), dir);
    expect(issues).toContainEqual({ file: "flows/patterns.yaml", line, message: expect.stringMatching(/"dimana\/" in place_asked has an empty choice/) });
  });

  it("as shipped: a place looked for is not answered as a question about copies; a question about copies is", async () => {
    const { t } = await loketOnCopies();
    for (const text of ["tempat fotokopi yg buka minggu?", "fotokopi terdekat di mana?", "fotokopi dimana ya?", "jam berapa fotokopi tutup?"]) {
      t.conversationId = `web:place-${text}`;
      expect(textOf(await t.say(text)), text).not.toMatch(COPIES);
    }
    t.conversationId = "web:place-copies";
    expect(textOf(await t.say("harus fotokopi?"))).toMatch(COPIES);
  });

  it("words a clerk adds to place_asked are read after a restart", async () => {
    const { t, dir } = await loketOnCopies();
    t.conversationId = "web:place-before";
    expect(textOf(await t.say("fotokopi deket sini dmn ya?"))).toMatch(COPIES);
    const file = join(dir, "flows/patterns.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^place_asked: \[/m, 'place_asked: [dmn, "deket/dekat sini", '));
    await t.restart();
    t.conversationId = "web:place-after";
    expect(textOf(await t.say("fotokopi deket sini dmn ya?"))).not.toMatch(COPIES);
    t.conversationId = "web:place-copies";
    expect(textOf(await t.say("harus fotokopi?"))).toMatch(COPIES);
  });
});
