import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateFlows } from "../../src/engine/flows/load.js";
import { loadKnowledgeCached } from "../../src/knowledge/cache.js";
import { validateKnowledge } from "../../src/knowledge/load.js";
import { loadMessages } from "../../src/text/messages.js";

/** The text as Windows "ANSI" (Windows-1252) saves it: "–" is the single byte 0x96. */
const cp1252 = (text: string) => Buffer.from([...text].map((c) => (c === "–" ? 0x96 : c === "é" ? 0xe9 : c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : 0x3f)));
const utf16le = (text: string, bom = true) => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, "utf16le")]);
const utf16be = (text: string) => Buffer.from(utf16le(text).map((_, i, b) => b[i ^ 1]!));
const lineOf = (text: string, s: string) => text.slice(0, text.indexOf(s)).split("\n").length;

describe("files not saved as UTF-8 are refused with how to save them", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "loket-enc-"));
    for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(root, d), { recursive: true });
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it("an ANSI (Windows-1252) permit file: the first line with a byte that is not UTF-8, not '3�5 hari' shown to citizens", async () => {
    const path = join(root, "knowledge/permits/sip-perawat.md");
    const text = await readFile(path, "utf8");
    const line = lineOf(text, "3–5 hari");
    expect(text.slice(0, text.indexOf("3–5 hari"))).not.toMatch(/[^\x00-\x7f]/); // the dash is the file's first non-ASCII character
    await writeFile(path, cp1252(text));
    const { kb, issues } = await validateKnowledge(join(root, "knowledge"), { root });
    expect(kb).toBeUndefined();
    expect(issues).toEqual([{ file: "knowledge/permits/sip-perawat.md", line, message: expect.stringMatching(/^this line has a character that is not UTF-8 \(citizens would see ".*3�5 hari.*"\).*ANSI.*Save the file as UTF-8 \(in Notepad: File → Save As, then Encoding: UTF-8/) }]);
    // Start-up reads through the parsed-knowledge cache: refused there too.
    await expect(loadKnowledgeCached(join(root, "knowledge"), join(root, "cache"), { root })).rejects.toThrow(/sip-perawat\.md:\d+: this line has a character that is not UTF-8/);
  });

  it("UTF-16 permit and referrals files (with either byte-order mark, or none): said plainly, not 'front matter is missing'", async () => {
    const k = (f: string) => join(root, "knowledge", f);
    await writeFile(k("permits/nib.md"), utf16le(await readFile(k("permits/nib.md"), "utf8")));
    await writeFile(k("permits/pbg.md"), utf16be(await readFile(k("permits/pbg.md"), "utf8")));
    await writeFile(k("referrals.yaml"), utf16le(await readFile(k("referrals.yaml"), "utf8"), false));
    const { issues } = await validateKnowledge(join(root, "knowledge"), { root });
    const utf16 = expect.stringMatching(/^this file is saved as UTF-16 \("Unicode"\), which Loket does not read: save the file as UTF-8/);
    expect(issues).toEqual([
      { file: "knowledge/permits/nib.md", line: 1, message: utf16 },
      { file: "knowledge/permits/pbg.md", line: 1, message: utf16 },
      { file: "knowledge/referrals.yaml", line: 1, message: utf16 },
    ]);
  });

  it("flows and messages files too", async () => {
    const flow = join(root, "flows/apply.yaml");
    await writeFile(flow, utf16le(await readFile(flow, "utf8")));
    const answers = join(root, "messages/id/answers.yaml");
    const text = (await readFile(answers, "utf8")).replace(/^(\S+:.*)$/m, "$1 # café");
    await writeFile(answers, cp1252(text));
    const flows = await validateFlows(join(root, "flows"), root);
    expect(flows.issues).toContainEqual({ file: "flows/apply.yaml", line: 1, message: expect.stringContaining("saved as UTF-16") });
    expect(flows.issues.filter((i) => i.file === "flows/apply.yaml")).toHaveLength(1);
    await expect(loadMessages(join(root, "messages"), root)).rejects.toThrow(new RegExp(`^messages/id/answers\\.yaml:${lineOf(text, "café")}: this line has a character that is not UTF-8`, "m"));
  });
});
