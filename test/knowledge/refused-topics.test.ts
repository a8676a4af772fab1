import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkIssues } from "../../src/cli/check-issues.js";
import { createTestLoket, textOf } from "../support/loket.js";

/**
 * flows/patterns.yaml `refused_topics`: the office topics answered even when a permit is named. An
 * office's own topic can be one; a name that is no topic is refused at its line. INVENTED TEST DATA:
 * the "jasa_joki" topic and its answer are made up for the test.
 */
describe("patterns.yaml refused_topics", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "loket-refused-"));
    for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(dir, d), { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const edit = async (file: string, from: string, to: string): Promise<string> => {
    const path = join(dir, file);
    const text = await readFile(path, "utf8");
    expect(text, `"${from}" not in ${file}`).toContain(from);
    const changed = text.replace(from, to);
    await writeFile(path, changed);
    return changed;
  };
  const problems = async () => (await checkIssues({ knowledge: join(dir, "knowledge"), flows: join(dir, "flows"), messages: join(dir, "messages") }, dir)).issues.filter((i) => !i.warning);

  it("a name that is not a topic of office_topics: refused at its line, naming the topics", async () => {
    const text = await edit("flows/patterns.yaml", "refused_topics: [bribe,", "refused_topics: [\n  briber,\n  bribe,");
    const line = text.split("\n").findIndex((l) => l.trim() === "briber,") + 1;
    const found = await problems();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: "flows/patterns.yaml", line });
    expect(found[0]!.message).toContain('"briber" is not a topic of office_topics');
    expect(found[0]!.message).toContain("bribe");
  });

  it("the office's own topic listed there is answered beside a permit named; not listed, the permit's answer is given", async () => {
    await edit("flows/patterns.yaml", "  holiday: [", '  jasa_joki: ["joki izin/perizinan/berkas", "jasa joki"]\n  holiday: [');
    await edit("messages/id/answers.yaml", "topic:\n", 'topic:\n  jasa_joki: "⚠️ Jasa joki (data uji) tidak dikenal kantor; urus sendiri di {office}."\n');
    const ask = async (): Promise<string> => {
      const t = await createTestLoket({ env: { KNOWLEDGE_DIR: join(dir, "knowledge"), FLOWS_DIR: join(dir, "flows") }, messagesDir: join(dir, "messages") });
      try {
        return textOf(await t.say("ada joki izin pbg gk min? biar sy tinggal terima jadi"));
      } finally {
        await t.close();
      }
    };
    expect(await problems()).toEqual([]);
    expect(await ask()).not.toContain("Jasa joki (data uji)");
    await edit("flows/patterns.yaml", "refused_topics: [bribe,", "refused_topics: [jasa_joki, bribe,");
    expect(await problems()).toEqual([]);
    expect(await ask()).toContain("Jasa joki (data uji)");
  });

  it('a warning only (a squeezed "/" entry) does not stop Loket: it starts and answers', async () => {
    await edit("flows/patterns.yaml", "  facilities: [parkir,", '  facilities: ["parkir/tempat parkir motor", parkir,');
    expect(await problems()).toEqual([]);
    const t = await createTestLoket({ env: { KNOWLEDGE_DIR: join(dir, "knowledge"), FLOWS_DIR: join(dir, "flows") }, messagesDir: join(dir, "messages") });
    try {
      expect(textOf(await t.say("syarat nib apa aja min?"))).toContain("NIB");
    } finally {
      await t.close();
    }
  });
});
