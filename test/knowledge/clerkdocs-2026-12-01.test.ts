import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateKnowledge } from "../../src/knowledge/load.js";
import { projectCopies } from "../support/clerk-copy.js";
import { freePort } from "../support/process.js";

/**
 * A clerk following README.md and docs/*.md literally (review of 2026-12-01): a field added to the
 * application form of flows/apply.yaml ("Change a flow"), beside a permit whose own form asks a
 * field of the same id, or a field id written twice in a flow's form. Both were accepted, and the
 * second answer silently replaced the first in the application staff get.
 */
const { projectCopy } = projectCopies("loket-clerkdocs-");

/** Replaces `from` (which must occur) in a file of the copy; returns the 1-based line of `marker` afterwards. */
function edit(dir: string, path: string, from: string, to: string, marker = to.trim()): number {
  const f = join(dir, path);
  const text = readFileSync(f, "utf8");
  if (!text.includes(from)) throw new Error(`"${from}" not in ${path}`);
  const next = text.replace(from, to);
  writeFileSync(f, next);
  return next.slice(0, next.indexOf(marker)).split("\n").length;
}

function run(entry: string, cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["--import", "tsx", entry], { cwd, env: { ...process.env, HOST: "127.0.0.1", ...env }, encoding: "utf8", timeout: 60_000, input: "" });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The occupation question added to the applicant's data in flows/apply.yaml, with its label in both languages. */
function addOccupation(dir: string, field = "{ id: pekerjaan, label: field.label.pekerjaan, kind: text, required: false }"): number {
  const line = edit(dir, "flows/apply.yaml", "      - { id: alamat, label: field.label.alamat, kind: text, min: 10, max: 300 }\n", `      - { id: alamat, label: field.label.alamat, kind: text, min: 10, max: 300 }\n      ${"- " + field}\n`, field);
  edit(dir, "messages/id/conversation.yaml", '    alamat: "Alamat lengkap sesuai KTP"\n', '    alamat: "Alamat lengkap sesuai KTP"\n    pekerjaan: "Pekerjaan"\n');
  edit(dir, "messages/en/conversation.yaml", '    alamat: "Full address as on the KTP"\n', '    alamat: "Full address as on the KTP"\n    pekerjaan: "Occupation"\n');
  return line;
}

describe("clerk docs review 2026-12-01: form fields of one application", () => {
  it("a permit's own field with the id of a field flows/apply.yaml asks is refused at the permit's line, by npm run check and at start-up", async () => {
    const dir = projectCopy();
    const flowLine = addOccupation(dir);
    // The added question alone is fine.
    expect(run("src/cli/check.ts", dir)).toMatchObject({ status: 0, out: expect.stringMatching(/^OK: /m) });
    // A permit that asks its own "pekerjaan" (the person responsible for the event, say).
    const permitLine = edit(dir, "knowledge/permits/sip-perawat.md", "form:\n", "form:\n  - id: pekerjaan\n    label: Pekerjaan saat ini\n    kind: text\n    required: true\n", "  - id: pekerjaan");
    const check = run("src/cli/check.ts", dir);
    expect(check.status).toBe(1);
    expect(check.out).toContain(
      `knowledge/permits/sip-perawat.md:${permitLine}: field "pekerjaan" is already asked for every application by flows/apply.yaml (line ${flowLine}): one answer would replace the other; give this field another id, or remove it`,
    );
    const start = run("src/main.ts", dir, { DATA_DIR: join(dir, "data"), PORT: String(await freePort()) });
    expect(start.status).toBe(1);
    expect(start.out).toContain(`knowledge/permits/sip-perawat.md:${permitLine}: field "pekerjaan" is already asked`);
  }, 90_000);

  it("a field id written twice in one flow's form is refused at the second, naming the first", () => {
    const dir = projectCopy();
    const first = addOccupation(dir);
    const second = edit(dir, "flows/apply.yaml", "  - id: documents\n", "      - { id: pekerjaan, label: field.label.alamat, kind: text }\n  - id: documents\n", "      - { id: pekerjaan, label: field.label.alamat");
    const check = run("src/cli/check.ts", dir);
    expect(check.status).toBe(1);
    expect(check.out).toContain(`flows/apply.yaml:${second}: field id "pekerjaan" is used twice in flow "apply" (first at line ${first}): one answer would replace the other; give each field its own id`);
  }, 60_000);

  it("a document id written twice (a block copied, its id left) names the first one's line and says what to do", async () => {
    const dir = projectCopy();
    const lines = readFileSync(join(dir, "knowledge/permits/sip-perawat.md"), "utf8").split("\n");
    const [first, second] = [lines.indexOf("  - id: pas_foto") + 1, lines.indexOf("  - id: persetujuan_atasan") + 1];
    edit(dir, "knowledge/permits/sip-perawat.md", "  - id: persetujuan_atasan\n", "  - id: pas_foto\n");
    const { issues } = await validateKnowledge(join(dir, "knowledge"), { root: dir });
    expect(issues).toEqual([
      { file: "knowledge/permits/sip-perawat.md", line: second, message: `document id "pas_foto" is used twice (first at line ${first}): give each document its own id` },
    ]);
  });
});
