import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { checkMessages, flowKeyUses, loadFlows, messagePlaceholders, validateFlows } from "../../src/engine/flows/load.js";
import { formatIssue } from "../../src/errors.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { loadMessages } from "../../src/text/messages.js";
import { clerkCopies, edit, lineOfKey } from "../support/clerk-copy.js";

const { copy } = clerkCopies();
const permitFields = async () => (await loadKnowledge("knowledge")).permits.flatMap((p) => p.form.map((f) => f.id));
/** What `npm run check` and start-up say of messages, with paths relative to `root`. */
async function issuesOf(messagesDir = "messages", flowsDir = "flows", root = process.cwd()) {
  const messages = await loadMessages(messagesDir, root);
  const flows = await loadFlows(flowsDir);
  return checkMessages(flows, messages, await permitFields(), relative(root, flowsDir)).map(formatIssue);
}

describe("placeholders in messages (a clerk's typo must not reach citizens)", () => {
  it("the shipped messages use only placeholders Loket fills in them", async () => {
    expect(await issuesOf()).toEqual([]);
    // Every name a shipped message uses is one Loket fills in that message (CODE_MESSAGES, or the
    // conversation's values for a flow's text): test/text/message-keys.test.ts holds those to the code.
    const flows = (await validateFlows("flows")).flows!;
    const filled = messagePlaceholders(flows, await permitFields(), flowKeyUses(flows));
    const messages = await loadMessages("messages");
    for (const m of messages.values())
      for (const key of m.keys())
        for (const [, name] of m.t(key).matchAll(/\{(\w+)\}/g)) expect(filled(key)?.names.has(name!), `${m.lang} ${key} {${name}}`).toBe(true);
  });

  it("a placeholder Loket fills in other messages but not in this one is refused, with the ones it gets", async () => {
    const dir = copy("messages");
    const conversation = join(dir, "id", "conversation.yaml");
    const receipt = edit(conversation, "Lama proses: {permit_duration}", "Lama proses: {duration}");
    const answers = join(dir, "id", "answers.yaml");
    const fee = edit(answers, '"*Biaya {name}*"', '"*Biaya {nama}*"');
    const duration = edit(answers, '"*Lama proses {name}*"', '"*Lama proses {permit_name}*"');
    const label = edit(conversation, '    hp: "Nomor HP/WhatsApp aktif"', '    hp: "Nomor HP {nama}"');
    const found = await issuesOf(dir, "flows", dir);
    expect(found).toEqual([
      `id/answers.yaml:${fee}: answers.fee.title: Loket does not fill in {nama} in this message: citizens would read it as it is; did you mean {name}? (it gets {name})`,
      `id/answers.yaml:${duration}: answers.duration.title: Loket does not fill in {permit_name} in this message: citizens would read it as it is; did you mean {name}? (it gets {name})`,
      expect.stringMatching(new RegExp(`^id/conversation\\.yaml:${receipt}: apply\\.receipt: Loket does not fill in \\{duration\\} in this message: citizens would read it as it is; did you mean \\{permit_duration\\}\\? \\(it gets \\{office\\}, .*\\{permit_duration\\}.*\\{nama\\}.* and the conversation's other values\\)$`)),
      `id/conversation.yaml:${label}: field.label.hp: Loket does not fill in {nama} in this message: citizens would read it as it is (it gets no placeholder: write the text without braces)`,
    ]);
  });

  it("placeholders written as other templates write them (${office}, %office%, [office]) are refused, saying how to write them", async () => {
    const dir = copy("messages");
    const conversation = join(dir, "id", "conversation.yaml");
    const dollar = edit(conversation, "Selamat datang di layanan *{office}*.", "Selamat datang di layanan *${office}*.");
    const receipt = edit(conversation, "✅ Permohonan *{permit_name}* sudah kami terima.", "✅ Permohonan *%permit_name%* sudah kami terima di [office].");
    expect(await issuesOf(dir, "flows", dir)).toEqual([
      `id/conversation.yaml:${dollar}: menu.greeting: "\${office}": write a placeholder as {name}, without the "$"`,
      `id/conversation.yaml:${receipt}: apply.receipt: "%permit_name%" is not how Loket fills in a value: write it as {permit_name}`,
      `id/conversation.yaml:${receipt}: apply.receipt: "[office]" is not how Loket fills in a value: write it as {office}`,
    ]);
  });

  it("a flow's slots are filled in that flow's texts, not in another flow's nor in the code's", async () => {
    const dir = copy("messages");
    const conversation = join(dir, "id", "conversation.yaml");
    // {nama} is the apply flow's question: its receipt may use it, the status check may not.
    edit(conversation, "✅ Permohonan *{permit_name}* sudah kami terima.", "✅ Permohonan *{permit_name}* atas nama {nama} sudah kami terima.");
    const status = edit(conversation, "Diperbarui: {updated}", "Diperbarui: {updated} {nama}");
    const upload = edit(conversation, '  received: "✅ {name} diterima."', '  received: "✅ {name} diterima, {nama}."');
    expect(await issuesOf(dir, "flows", dir)).toEqual([
      expect.stringMatching(new RegExp(`^id/conversation\\.yaml:${upload}: upload\\.received: Loket does not fill in \\{nama\\} in this message: citizens would read it as it is; did you mean \\{name\\}\\? \\(it gets \\{name\\}\\)`)),
      expect.stringMatching(new RegExp(`^id/conversation\\.yaml:${status}: status\\.found: Loket does not fill in \\{nama\\}`)),
      // The receipt's name, added to the Indonesian text only: the English one is warned it lacks it.
      expect.stringMatching(/^en\/conversation\.yaml:\d+: warning: apply\.receipt: the text in id\/conversation\.yaml \(line \d+\) gives \{nama\}/),
    ]);
  });

  it("a misspelt, unclosed or missing placeholder is refused at the message's file:line", async () => {
    const dir = copy("messages");
    const answers = join(dir, "id", "answers.yaml");
    const typo = edit(answers, "*Persyaratan {name}*", "*Persyaratan {nmae}*");
    const conversation = join(dir, "id", "conversation.yaml");
    const receipt = edit(conversation, "Nomor registrasi: *{number}*", "Nomor registrasi: *{nomor}*");
    const en = join(dir, "en", "answers.yaml");
    const unclosed = edit(en, "{name}", "{name");
    const found = await issuesOf(dir, "flows", dir);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^id/answers\\.yaml:${typo}: .*\\{nmae\\}.*did you mean \\{name\\}`)),
        expect.stringMatching(new RegExp(`^id/conversation\\.yaml:${receipt}: apply\\.receipt: Loket does not fill in \\{nomor\\}`)),
        expect.stringMatching(new RegExp(`^id/conversation\\.yaml:${receipt}: apply\\.receipt: \\{number\\} is missing`)),
        expect.stringMatching(new RegExp(`^en/answers\\.yaml:${unclosed}: .*"\\{name\\*" is not a complete placeholder`)),
      ]),
    );
    expect(found).toHaveLength(4);
  });

  it("a form field's pattern_reason must be a messages key (the citizen would read the key)", async () => {
    const dir = copy("flows");
    const line = edit(join(dir, "apply.yaml"), "pattern_reason: field.name.letters", "pattern_reason: field.name.leters");
    expect(await issuesOf("messages", dir)).toEqual([
      `${relative(process.cwd(), join(dir, "apply.yaml"))}:${line}: messages key "field.name.leters" is not in messages/id/*.yaml; did you mean "field.name.letters" (messages/id/conversation.yaml:${lineOfKey("messages/id/conversation.yaml", "field.name.letters")})? Correct the spelling in the flow or in the messages file`,
    ]);
  });

  it("a question's pattern is read as Unicode, as a form field's is: \\p{Lu} is any capital letter", async () => {
    const dir = copy("flows");
    edit(join(dir, "status.yaml"), "[A-Z]{2,8}", "\\\\p{Lu}{2,8}");
    expect((await validateFlows(dir)).issues).toEqual([]);
    const bad = copy("flows");
    const line = edit(join(bad, "status.yaml"), "[A-Z]{2,8}", "\\\\p{Letter2}{2,8}");
    expect((await validateFlows(bad)).issues).toEqual([expect.objectContaining({ line, message: expect.stringMatching(/not a valid regular expression/) })]);
  });
});
