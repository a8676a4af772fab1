// The phrases read at one kind of question ("lupa nomornya", "ktp ketinggalan", "nomor ini aja",
// "mau tanya dulu") moved from the engine's code into flows/patterns.yaml, where a clerk adds a
// region's words.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { validateFlows } from "../../src/engine/flows/load.js";
import { expandPhrase, phraseMatcher } from "../../src/domain/phrases.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

const dirs: string[] = [];
let t: TestLoket | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of flows/ with patterns.yaml edited as a clerk would. */
function editedFlows(edit: (patterns: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "loket-phrases-"));
  dirs.push(dir);
  cpSync("flows", join(dir, "flows"), { recursive: true });
  const file = join(dir, "flows/patterns.yaml");
  writeFileSync(file, edit(readFileSync(file, "utf8")));
  return dir;
}

describe("phrase lists in flows/patterns.yaml", () => {
  it('"a/b" is either word; a two-word phrase also matches written as one; whole words only', () => {
    expect(expandPhrase("gak/ga tau/tahu")).toEqual(["gak tau", "gak tahu", "ga tau", "ga tahu"]);
    expect(expandPhrase("lupa//ingat")).toEqual([]);
    const says = phraseMatcher(["gak/ga tau/tahu", "don't know"]);
    expect(says("Gak tau, min")).toBe(true);
    expect(says("gatau")).toBe(true);
    expect(says("I don't know it")).toBe(true);
    expect(says("gak tauge")).toBe(false);
    expect(says("tahu gak")).toBe(false);
  });

  it("a word a clerk adds (Minang 'lupo') is read at the status check, with no code change", async () => {
    // Without it, "lupo nomornyo" is neither a number nor understood.
    t = await createTestLoket();
    await t.say("cek status");
    expect(textOf(await t.say("lupo nomornyo"))).not.toContain("tanda terima");
    await t.close();
    const dir = editedFlows((p) => p.replace("no_number: [lupa,", "no_number: [lupo, lupa,"));
    t = await createTestLoket({ env: { FLOWS_DIR: join(dir, "flows") } });
    await t.say("cek status");
    const r = textOf(await t.say("lupo nomornyo"));
    expect(r).toContain("tanda terima");
    expect(r).toContain("*petugas*");
  });

  it("an empty choice or an entry standing for hundreds of phrases is refused at its line", async () => {
    const dir = editedFlows((p) =>
      p
        .replace("nik_help: [lupa,", "nik_help: [lupa/, lupa,")
        .replace("not_this_number: [bukan,", "not_this_number: [a/b/c/d/e/f/g h/i/j/k/l/m/n o/p/q/r/s/t/u v/w/x/y/z/aa/bb, bukan,"),
    );
    const text = readFileSync(join(dir, "flows/patterns.yaml"), "utf8");
    const lineOf = (key: string) => text.split("\n").findIndex((l) => l.startsWith(`${key}:`)) + 1;
    const { issues } = await validateFlows(join(dir, "flows"), dir);
    expect(issues).toContainEqual({ file: "flows/patterns.yaml", line: lineOf("nik_help"), message: expect.stringMatching(/"lupa\/" in nik_help has an empty choice/) });
    expect(issues).toContainEqual({ file: "flows/patterns.yaml", line: lineOf("not_this_number"), message: expect.stringMatching(/stands for over 400 phrases.*split it/) });
  });
});
