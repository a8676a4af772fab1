import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parseDocument } from "yaml";
import { formatIssue } from "../../src/errors.js";
import { validateKnowledge } from "../../src/knowledge/load.js";
import { commentWarnings, textsCutByComments } from "../../src/text/comments.js";
import { clerkCopies, edit } from "../support/clerk-copy.js";
import { createTestLoket } from "../support/loket.js";

const { copy } = clerkCopies();
const lines = (text: string) => textsCutByComments("t.yaml", text).map((i) => i.line);

describe("a text cut short by an unquoted ' #' (YAML reads the rest as a comment)", () => {
  it("warns where a comment follows a text without quotes, and says what Loket reads and how to keep the #", () => {
    const [alamat, catatan] = textsCutByComments("knowledge/office.yaml", "alamat: Jl. Merdeka No. 5, Loket #2\ncatatan: bawa map merah # wajib\n", 3);
    expect(alamat).toEqual({
      file: "knowledge/office.yaml",
      line: 4,
      warning: true,
      message:
        'the text ends before " #": YAML reads " #" and what follows it ("#2") as a comment, a note for whoever edits the file, so citizens are not shown it and Loket reads only "Jl. Merdeka No. 5, Loket". If "#" is part of the text, put the whole text in quotes: alamat: "Jl. Merdeka No. 5, Loket #2"',
    });
    expect(formatIssue(catatan!)).toBe(
      'knowledge/office.yaml:5: warning: the text ends before " #": YAML reads " #" and what follows it ("# wajib") as a comment, a note for whoever edits the file, so citizens are not shown it and Loket reads only "bawa map merah". If "#" is part of the text, put the whole text in quotes: catatan: "bawa map merah # wajib"',
    );
  });

  // Each flagged text is checked against the reference parser: it really is cut there.
  const cut = [
    "alamat: Jl. Merdeka No. 5, Loket #2",
    "- bawa map merah # wajib",
    "  - item satu # dua",
    "kode: A #2",
    "id: loket #2",
    "options:\n  - { id: a, label: dua kata # tiga }\n",
    "note: baris pertama\n  baris kedua # cut",
    "pattern: ^[0-9 #]+$",
    // A tab before the "#", and a cut text after a quoted text over two lines (perf32: a file is
    // scanned line by line only when it has " #" after something on a line).
    "catatan: bawa map merah\t# wajib",
    'q: "open\n  still"\nb: dua kata # tiga',
  ];
  const kept = [
    "# a whole line",
    "  # indented, a whole line",
    "form:   # after a key",
    "- # an empty item",
    "note: |  # a block text\n  inside # the block\n  more",
    "note: >-\n  folded # text\n",
    'q: "a # b"  # after quotes',
    "q: 'it''s # x'   # after quotes",
    'q: "open\n  still # open"',
    "list: [a, b]  # after a list",
    "required: true  # one word, then a note",
    "channel: counter  # oss | simbg",
    "reviewed: 2026-11-28   # one word",
    "k: x#y",
    "k: No.#2",
  ];

  it("flags exactly the texts the reference parser cuts", () => {
    for (const text of cut) {
      expect(lines(text), text).toHaveLength(1);
      const issue = textsCutByComments("t.yaml", text)[0]!;
      const read = /Loket reads only "(.*)"\. If/.exec(issue.message)![1]!;
      const full = JSON.stringify(parseDocument(text).toJS());
      expect(full, text).toContain(JSON.stringify(read).slice(1, -1));
      expect(full, text).not.toContain("#");
    }
    for (const text of kept) expect(lines(text), text).toEqual([]);
    expect(lines("---\nid: a b # c\n")).toEqual([2]); // "---" starts the document; the lines after it are read
  });

  it("the shipped files, and the complete example of docs/knowledge.md, have no text cut short", async () => {
    expect((await commentWarnings({ knowledge: "knowledge", flows: "flows", messages: "messages" })).map(formatIssue)).toEqual([]);
    const page = readFileSync("docs/knowledge.md", "utf8");
    const example = /```markdown\n([\s\S]*?)```/.exec(page.split("## 4. A complete example")[1]!)![1]!;
    expect(example.match(/ {2,}# /g)?.length).toBeGreaterThan(10); // it does use comments
    const front = example.split("---\n")[1]!;
    expect(textsCutByComments("sip-perawat.md", front, 1)).toEqual([]);
  });

  it("finds a clerk's cut text in knowledge, flows and messages at its file:line; the files stay valid", async () => {
    const knowledge = copy("knowledge");
    const flows = copy("flows");
    const messages = copy("messages");
    const office = edit(join(knowledge, "office.yaml"), "Gerai layanan di lantai 2, kantor DPMPTSP di lantai 3.", "Gerai layanan di lantai 2 # loket 5");
    const note = edit(join(knowledge, "permits", "pbg.md"), "note: jika bangunan lebih dari 1 lantai", "note: jika bangunan lebih dari 1 lantai # bawa map merah");
    const flow = edit(join(flows, "status.yaml"), "description: Cek status permohonan", "description: Cek status permohonan #1");
    const message = edit(join(messages, "id", "conversation.yaml"), '  greeting: "Halo Bapak/Ibu 👋 Selamat datang di layanan *{office}*. Saya Loket, asisten perizinan."', "  greeting: Halo Bapak/Ibu, selamat datang di loket #3");
    const found = await commentWarnings({ knowledge, flows, messages });
    const at = (dir: string, file: string, line: number) => expect.objectContaining({ file: relative(process.cwd(), join(dir, file)), line, warning: true });
    expect(found).toEqual([at(knowledge, "permits/pbg.md", note), at(knowledge, "office.yaml", office), at(flows, "status.yaml", flow), at(messages, "id/conversation.yaml", message)]);
    expect(found[0]!.message).toContain('Loket reads only "jika bangunan lebih dari 1 lantai"');
    // Valid YAML all the same: nothing is refused.
    expect((await validateKnowledge(knowledge, { root: knowledge })).issues).toEqual([]);
  });

  it("start-up says it as a warning and starts", async () => {
    const knowledge = copy("knowledge");
    const line = edit(join(knowledge, "office.yaml"), "Gerai layanan di lantai 2, kantor DPMPTSP di lantai 3.", "Gerai layanan di lantai 2 # loket 5");
    const logLines: string[] = [];
    const t = await createTestLoket({ env: { KNOWLEDGE_DIR: knowledge }, logLines });
    try {
      // Said beside start-up, not before it.
      await vi.waitFor(() => {
        const warned = logLines.map((l) => JSON.parse(l) as { level: number; file?: string; line?: number; msg: string }).filter((l) => l.file?.endsWith("office.yaml"));
        expect(warned).toEqual([expect.objectContaining({ level: 40, line, msg: expect.stringContaining('Loket reads only "Gedung Mal Pelayanan Publik') })]);
      });
      expect((await t.say("halo")).length).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});
