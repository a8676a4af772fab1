import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lineOfKey, projectCopies } from "../support/clerk-copy.js";

/**
 * A clerk adding a question to flows/apply.yaml as README's "Change a flow" shows (review of
 * 2026-12-01) writes its label as the text ("label: Pekerjaan"), or as a new key without its text
 * in messages/. `npm run check` named the flow's line and said only that the key "is not in
 * messages/id/*.yaml": not that a label is a key, nor in which file and under which key to write
 * the text (it does say so for a key the code says, and for a language's missing one).
 */
const { projectCopy } = projectCopies("loket-clerkdocs-keys-");

/** Adds a question to the applicant's data in the copy's flows/apply.yaml; returns its line. */
function addField(dir: string, field: string): number {
  const f = join(dir, "flows", "apply.yaml");
  const anchor = "      - { id: alamat, label: field.label.alamat, kind: text, min: 10, max: 300 }\n";
  const text = readFileSync(f, "utf8");
  if (!text.includes(anchor)) throw new Error("apply.yaml changed");
  const next = text.replace(anchor, `${anchor}      - ${field}\n`);
  writeFileSync(f, next);
  return next.slice(0, next.indexOf(field)).split("\n").length;
}

const check = (dir: string) => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/check.ts"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};

describe("clerk docs review 2026-12-01: a flow's text written where its key goes", () => {
  it("a label written as the text itself, one word: said to be a text, with where the text goes", () => {
    const dir = projectCopy();
    const line = addField(dir, "{ id: pekerjaan, label: Pekerjaan, kind: text, required: false }");
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.out).toContain(`flows/apply.yaml:${line}: "Pekerjaan" is a text, not a messages key: a flow names a key (such as status.not_found) and the text itself goes in messages/id/*.yaml under that key; write it there and put its key here`);
  }, 60_000);

  it("a new key without its text: the file of its relatives and the block to add it to, with the line", () => {
    const dir = projectCopy();
    const line = addField(dir, "{ id: pekerjaan, label: field.label.pekerjaan, kind: text, required: false }");
    const block = lineOfKey(join(dir, "messages", "id", "conversation.yaml"), "field.label");
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.out).toContain(
      `flows/apply.yaml:${line}: messages key "field.label.pekerjaan" is not in messages/id/*.yaml: add a line "pekerjaan: …" with the text citizens read to messages/id/conversation.yaml, under "field.label" (line ${block}), and its English to messages/en/conversation.yaml`,
    );
  }, 60_000);
});
