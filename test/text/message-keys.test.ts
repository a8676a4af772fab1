import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { TELEGRAM_COMMANDS } from "../../src/channels/telegram/start.js";
import { ApplicationStatus, HandoffReason } from "../../src/domain/records.js";
import { checkMessages, loadFlows } from "../../src/engine/flows/load.js";
import { formatIssue } from "../../src/errors.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import { FieldSchema, OfficeSchema, PermitFrontSchema } from "../../src/knowledge/schema.js";
import { CODE_MESSAGES, CONVERSATION_VARS, ENGINE_SLOTS, KEY_FAMILIES, OPTIONAL_KEY_PREFIXES } from "../../src/text/message-keys.js";
import { loadMessages } from "../../src/text/messages.js";
import { clerkCopies, edit } from "../support/clerk-copy.js";
import { listTs, scanSources, type Site } from "../support/message-sites.js";

/**
 * CODE_MESSAGES is what `npm run check` knows of the keys the code says; a key the code says but
 * the list lacks is never checked, and citizens read it raw when a clerk renames it. So src/ is
 * read here (its syntax tree): every key it names must be in the list, and every key in the list
 * must still be said.
 */
const messagesId = [...(await loadMessages("messages")).get("id")!.keys()];
const NAMESPACES = new Set([...messagesId, ...Object.keys(CODE_MESSAGES)].map((k) => k.split(".")[0]!));
const SINGLE = new Set(Object.keys(CODE_MESSAGES).filter((k) => !k.includes(".")));
const isKey = (s: string) => /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(s) && NAMESPACES.has(s.split(".")[0]!);
/** Strings shaped like a key that are not one: a file name, patterns.yaml's list names in the check's words. */
const NOT_KEYS = new Set(["office.yaml"]);
const NOT_KEY_SHAPES = new Set(["repair.*"]);
/** The list itself, and the checks that read it. */
const skipped = (f: string) => ["src/text/message-keys.ts"].includes(relative(process.cwd(), f));
// A key of one word ("unsupported", "rate_limited") is a key only where a message is said with it.
const scan = scanSources(listTs("src").filter((f) => !skipped(f)), (s) => isKey(s) && !NOT_KEYS.has(s), (s) => SINGLE.has(s));

/**
 * Calls that say a key the syntax tree cannot read, and where their keys come from. A new one
 * fails the test until it is listed here (and its keys, wherever they are written, are in the list).
 */
const DYNAMIC: Record<string, string[]> = {
  // Keys named by flows/*.yaml: checked against the flows by `checkMessages`.
  "src/engine/engine.ts": [
    "f.label", "step.text", "step.prompt", "step.retry_prompt && ctx.s.engine.failures > 0 ? step.retry_prompt : step.prompt", "o.label", "o.also",
    'candidates.length ? (frame.slots._shared ? "permit.which_of_more" : "permit.which_of") : step.prompt',
    // A rating question's texts (flows/survey.yaml `comment`, `scale.out_of_range`).
    "step.comment", "st.scale!.out_of_range",
    // Helpers whose callers are read as sayers (failure, sayKey).
    "reasonKey", "key",
    // An answer's check: the `reason:` literals of src/domain/fields.ts and checkAnswer.
    "r.reason",
    // The consent's lines on who else processes data: the strings and `{ key, vars }` of src/app.ts.
    "d", "d.key",
    // An upload refused: the `{ key, vars }` of src/engine/refusals.ts.
    "refusal.key",
    // A flow's `pattern_reason` (a flow key), else the code's own.
    'step.pattern_reason ?? "field.text.pattern"', 'q.patternReason ?? "field.text.pattern"',
  ],
  "src/runtime/runtime.ts": ["key", "refusal.key"],
  "src/staff/ops.ts": ["key"],
  // `field.label.*`, read by prefix (OPTIONAL_KEY_PREFIXES); and a form field's own `label` (a flow key, checked by `checkMessages`).
  "src/staff/index.ts": ["key", "f.label"],
  // The WhatsApp notices of src/channels/whatsapp/inbound.ts (`{ kind: "notice", key }`), and notify()'s callers.
  "src/channels/whatsapp/adapter.ts": ["t.key", "key"],
  // The messages module and the check themselves.
  "src/text/messages.ts": ["key"],
  "src/text/placeholders.ts": ["key"],
  // The staff group's posts: messages.t under its own `.t`, whose call sites (telegram-group.ts) are read.
  "src/staff/telegram-post.ts": ["key"],
  // A flow's texts, read (not said) to see whether their placeholders are filled there.
  "src/engine/flows/reach.ts": ["use.key"],
};

const familyKeys = (shapes: Iterable<string>) => [...shapes].flatMap((s) => KEY_FAMILIES[s] ?? []);

describe("the keys the code says (CODE_MESSAGES) are the keys in src/", () => {
  it("every key src/ names is in the list", () => {
    const missing = scan.literals.filter((l) => !CODE_MESSAGES[l.text] && !OPTIONAL_KEY_PREFIXES.some((p) => l.text.startsWith(p)));
    // Flow keys a check names on purpose (REQUIRED_PLACEHOLDERS lives in the list's file) are not in src/ otherwise.
    expect(missing.map((l) => `${l.file}:${l.line}: "${l.text}"`)).toEqual([]);
    expect(scan.sites.filter((s) => !s.dynamic).flatMap((s) => s.keys.filter((k) => !CODE_MESSAGES[k]))).toEqual([]);
  });

  it("every key built from a value (`answers.channel.${…}`) is a listed family, and each of its keys is listed", () => {
    expect(scan.templates.filter((t) => !KEY_FAMILIES[t.shape] && !NOT_KEY_SHAPES.has(t.shape)).map((t) => `${t.file}:${t.line}: ${t.shape}`)).toEqual([]);
    for (const [shape, keys] of Object.entries(KEY_FAMILIES)) {
      expect(keys.length, shape).toBeGreaterThan(0);
      for (const k of keys) expect(CODE_MESSAGES[k], `${shape}: ${k}`).toBeDefined();
    }
  });

  it("a family's keys are every value the code builds it from", () => {
    const suffixes = (shape: string) => KEY_FAMILIES[shape]!.map((k) => k.slice(shape.indexOf("*")));
    expect(suffixes("status.label.*")).toEqual(ApplicationStatus.options);
    expect(suffixes("staff.status.*")).toEqual(ApplicationStatus.options);
    expect(suffixes("staff_notice.reason.*")).toEqual(HandoffReason.options);
    expect(suffixes("telegram.commands.*")).toEqual([...TELEGRAM_COMMANDS]);
    expect(suffixes("form.ask.*")).toEqual(FieldSchema.shape.kind.options);
    expect(suffixes("answers.office.*")).toEqual(Object.keys(OfficeSchema.shape.contacts.shape));
    const submission = PermitFrontSchema.shape.submission as unknown as { shape: { channel: { options: string[] } } };
    expect(suffixes("answers.channel.*")).toEqual(submission.shape.channel.options);
    // The statuses after which staff's notice says how to answer (src/staff/ops.ts).
    const ops = readFileSync("src/staff/ops.ts", "utf8");
    for (const k of suffixes("staff.status_reply.*")) expect(ops).toContain(`change.status === "${k}"`);
  });

  it("every key in the list is still said somewhere in src/", () => {
    const said = new Set([...scan.literals.map((l) => l.text), ...scan.sites.flatMap((s) => s.keys), ...familyKeys(scan.templates.map((t) => t.shape))]);
    expect(Object.keys(CODE_MESSAGES).filter((k) => !said.has(k))).toEqual([]);
  });

  it("every call whose key cannot be read is known, with where its keys come from", () => {
    const unknown = (s: Site) => s.dynamic && !DYNAMIC[s.file]?.includes(s.keyText);
    expect(scan.sites.filter(unknown).map((s) => `${s.file}:${s.line}: ${s.keyText}`)).toEqual([]);
    const seen = new Set(scan.sites.filter((s) => s.dynamic).map((s) => `${s.file} ${s.keyText}`));
    const stale = Object.entries(DYNAMIC).flatMap(([file, texts]) => texts.filter((t) => !seen.has(`${file} ${t}`)).map((t) => `${file} ${t}`));
    expect(stale).toEqual([]);
  });
});

/** The values every consumer of a `reason:` key passes (src/engine/engine.ts: `failure(…, r.reason, { min, max[, label], example, example_words })`). */
const REASON_VARS = ["min", "max", "label", "example", "example_words"];
/** Keys said only where the syntax tree cannot see the call, and with no placeholder there (`m.t(d)`). */
const SAID_BARE = ["consent.via_model_local", "consent.via_telegram_group"];

describe("the placeholders listed for each key (CODE_MESSAGES) are the ones the code passes", () => {
  /** Per key: the placeholders of each call that says it (`conversation`: the engine's `vars()` spread in). */
  const calls = new Map<string, { vars: string[]; conversation: boolean; at: string }[]>();
  const reasons = new Set<string>();
  for (const site of scan.sites) {
    for (const key of [...site.keys, ...familyKeys(site.shapes)]) {
      if (site.how === "reason") {
        reasons.add(key);
        continue;
      }
      if (!site.vars) continue;
      const list = calls.get(key) ?? [];
      list.push({ vars: site.vars, conversation: site.conversation, at: `${site.file}:${site.line}` });
      calls.set(key, list);
    }
  }
  const sorted = (x: Iterable<string>) => [...new Set(x)].sort();

  it("every call that says a key it names passes values the syntax tree can read", () => {
    expect(scan.sites.filter((s) => !s.dynamic && s.how !== "reason" && !s.vars).map((s) => `${s.file}:${s.line}: ${s.keyText}`)).toEqual([]);
  });

  it("a key said by calls: exactly what every one of them passes", () => {
    for (const [key, use] of Object.entries(CODE_MESSAGES)) {
      const list = calls.get(key);
      if (!list) continue;
      let expected = list.map((c) => c.vars).reduce((a, b) => a.filter((x) => b.includes(x)));
      // A key also returned as an answer's reason is said with REASON_VARS there.
      if (reasons.has(key)) expected = expected.filter((x) => REASON_VARS.includes(x));
      expect({ key, vars: sorted(use.vars) }, list.map((c) => c.at).join(", ")).toEqual({ key, vars: sorted(expected) });
      expect({ key, conversation: Boolean(use.conversation) }).toEqual({ key, conversation: list.every((c) => c.conversation) });
    }
  });

  it("a key only returned as an answer's reason: at most what its consumers pass, with the conversation's values", () => {
    for (const key of reasons) {
      if (calls.has(key)) continue;
      const use = CODE_MESSAGES[key]!;
      expect(use.vars.filter((v) => !REASON_VARS.includes(v)), key).toEqual([]);
      expect(use.conversation, key).toBe(true);
    }
  });

  it("a key said by no call the syntax tree sees is said without placeholders", () => {
    const unseen = Object.keys(CODE_MESSAGES).filter((k) => !calls.has(k) && !reasons.has(k));
    expect(unseen.sort()).toEqual([...SAID_BARE].sort());
    for (const k of SAID_BARE) expect(CODE_MESSAGES[k]).toEqual({ vars: [] });
  });

  /** src/engine/engine.ts's syntax tree. */
  const engine = ts.createSourceFile("engine.ts", readFileSync("src/engine/engine.ts", "utf8"), ts.ScriptTarget.ES2022, true);
  const walk = (n: ts.Node, f: (n: ts.Node) => void): void => {
    f(n);
    ts.forEachChild(n, (c) => walk(c, f));
  };

  it("CONVERSATION_VARS are what the engine's vars() fills (besides the frame's slots)", () => {
    const names: string[] = [];
    walk(engine, (n) => {
      if (!ts.isFunctionDeclaration(n) || n.name?.text !== "vars") return;
      walk(n, (x) => {
        if (ts.isVariableDeclaration(x) && x.name.getText() === "v" && x.initializer && ts.isObjectLiteralExpression(x.initializer)) {
          for (const p of x.initializer.properties) names.push(p.name!.getText());
        }
        if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(x.left) && x.left.expression.getText() === "v") names.push(x.left.name.text);
      });
    });
    expect(sorted(names)).toEqual(sorted(CONVERSATION_VARS));
  });

  it("ENGINE_SLOTS are the slots the engine and staff actions put in a frame (text and numbers)", () => {
    const names = new Set<string>();
    const frameSlots = new Set(["frame.slots", "slots"]);
    // `const s = frame.slots` in engine.ts: `s.x = …` writes a slot.
    walk(engine, (n) => {
      if (ts.isBinaryExpression(n) && [ts.SyntaxKind.EqualsToken, ts.SyntaxKind.PlusEqualsToken].includes(n.operatorToken.kind) && ts.isPropertyAccessExpression(n.left)) {
        const obj = n.left.expression.getText();
        let isSlots = frameSlots.has(obj);
        if (obj === "s") {
          for (let p: ts.Node | undefined = n.parent; p && !isSlots; p = p.parent) {
            if (ts.isBlock(p)) isSlots = p.statements.some((st) => ts.isVariableStatement(st) && st.getText().includes("const s = frame.slots"));
          }
        }
        if (isSlots) names.add(n.left.name.text);
      }
      // startFlow(ctx, "flow", { reason: … }, …): the slots a flow starts with.
      if (ts.isCallExpression(n) && n.expression.getText() === "startFlow" && n.arguments[2] && ts.isObjectLiteralExpression(n.arguments[2])) {
        for (const p of n.arguments[2].properties) if (p.name) names.add(p.name.getText());
      }
    });
    // Flows started by staff actions (`{ type: "trigger", slots: { … } }`).
    for (const file of listTs("src")) {
      const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
      walk(sf, (n) => {
        if (ts.isPropertyAssignment(n) && n.name.getText() === "slots" && ts.isObjectLiteralExpression(n.initializer) && file !== "src/engine/engine.ts") {
          for (const p of n.initializer.properties) if (p.name) names.add(p.name.getText());
        }
      });
    }
    // Kept apart: internal state (`_fi`), files and lists (not filled as text).
    const filled = [...names].filter((k) => !k.startsWith("_") && !["docs", "documents"].includes(k));
    expect(sorted(filled)).toEqual(sorted(ENGINE_SLOTS));
  });
});

const { copy } = clerkCopies();
const copyMessages = () => copy("messages");
const permitFields = (await loadKnowledge("knowledge")).permits.flatMap((p) => p.form.map((f) => f.id));
const flows = await loadFlows("flows");
/** What `npm run check` and start-up say of messages in `dir` (paths relative to it). */
async function issuesOf(dir: string) {
  return checkMessages(flows, await loadMessages(dir, dir), permitFields, "flows");
}

describe("npm run check: every key Loket says is in the messages, and no other", () => {
  it("the shipped messages: no problem, no warning (English has every message citizens read)", async () => {
    expect((await issuesOf("messages")).map(formatIssue)).toEqual([]);
  });

  it("a deleted message the code says is reported in the file to add it to, under its parent", async () => {
    const dir = copyMessages();
    const answers = join(dir, "id", "answers.yaml");
    edit(answers, '  confirm: "ℹ️ Informasi ini masih bersifat umum dan *akan dikonfirmasi oleh petugas*."\n', "");
    const found = (await issuesOf(dir)).map(formatIssue);
    expect(found).toEqual([`id/answers.yaml:3: "answers.confirm" is missing: without it Loket would show the key itself (such as "answers.confirm") instead of a message. Add a line "confirm: …" to this file, under "answers"`]);
  });

  it("a renamed key is one problem at the renamed line, with the key Loket says", async () => {
    const dir = copyMessages();
    const line = edit(join(dir, "id", "answers.yaml"), '    title: "*Biaya {name}*"', '    titel: "*Biaya {name}*"');
    expect((await issuesOf(dir)).map(formatIssue)).toEqual([
      `id/answers.yaml:${line}: "answers.fee.titel" is not a messages key Loket uses; did you mean "answers.fee.title"? (said by the code; without it Loket shows "answers.fee.title" itself instead of a message)`,
    ]);
  });

  it("an emptied file is reported, with every key it must hold", async () => {
    const dir = copyMessages();
    writeFileSync(join(dir, "id", "staff.yaml"), "");
    const found = await issuesOf(dir);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: "id/staff.yaml", line: 1 });
    expect(found[0]!.message).toMatch(/^this file is empty; \d+ messages Loket says are missing here: .*staff\.status\.approved.*staff_notice\.taken/);
  });

  it("a key nobody says beside the one Loket says (a leftover, a stray) is a warning with the nearest key: Loket still starts, as after an upgrade that dropped a key", async () => {
    const dir = copyMessages();
    const line = edit(join(dir, "id", "conversation.yaml"), '  ask_last4: "', '  ask_lst4: "Mohon tulis 4 angka."\n  ask_last4: "');
    const stray = edit(join(dir, "id", "common.yaml"), "rate_limited:", 'extra_words: "halo"\nrate_limited:');
    // answers.general.legal: said by the overview card until 2026-11-30, left in an office's files.
    const old = edit(join(dir, "id", "answers.yaml"), "  general:\n", '  general:\n    legal: "⚖️ Dasar hukum: {legal}"\n') + 1;
    const found = await issuesOf(dir);
    expect(found.map(formatIssue)).toEqual([
      expect.stringMatching(new RegExp(`^id/answers\\.yaml:${old}: warning: "answers\\.general\\.legal" is not a messages key Loket uses`)),
      `id/common.yaml:${stray}: warning: "extra_words" is not a messages key Loket uses: no flow names it and the code never says it, so nobody reads this text; check the spelling, or remove it`,
      `id/conversation.yaml:${line}: warning: "status.ask_lst4" is not a messages key Loket uses: no flow names it and the code never says it, so nobody reads this text; did you mean "status.ask_last4"? (that key is written at id/conversation.yaml:${line + 1}: remove one of the two)`,
    ]);
    expect(found.every((i) => i.warning)).toBe(true);
  });

  it("a flow's key renamed in the messages is reported at the flow's line, naming the messages line", async () => {
    const dir = copyMessages();
    const line = edit(join(dir, "id", "conversation.yaml"), "  not_found: ", "  not_fund: ");
    const found = (await issuesOf(dir)).map(formatIssue);
    expect(found).toEqual([expect.stringMatching(new RegExp(`^flows/status\\.yaml:\\d+: messages key "status\\.not_found" is not in messages/id/\\*\\.yaml; did you mean "status\\.not_fund" \\(id/conversation\\.yaml:${line}\\)\\?`))]);
  });

  it("English: a missing message is a warning (the Indonesian one is said); a misspelt key is refused", async () => {
    const dir = copyMessages();
    const en = join(dir, "en", "answers.yaml");
    edit(en, '    title: "*How to apply for {name}*"\n', "");
    const typo = edit(join(dir, "en", "conversation.yaml"), "  ask_last4:", "  ask_lastt4:");
    const found = await issuesOf(dir);
    // The flow line that says the key (it moves as flows/status.yaml is edited).
    const said = readFileSync("flows/status.yaml", "utf8").split("\n").findIndex((l) => l.includes("prompt: status.ask_last4")) + 1;
    expect(found.map(formatIssue)).toEqual([
      `en/conversation.yaml:${typo}: "status.ask_lastt4" is not a messages key Loket uses; did you mean "status.ask_last4"? (said by flow flows/status.yaml:${said}; without it citizens writing in this language read the Indonesian text)`,
      expect.stringMatching(/^en\/answers\.yaml:\d+: warning: "answers\.procedure\.title" is missing: without it citizens writing in this language read the Indonesian text instead\. Add a line "title: …" to this file, under "answers\.procedure" \(the Indonesian text is at id\/answers\.yaml:\d+\)$/),
    ]);
    expect(found.filter((i) => i.warning)).toHaveLength(1);
  });

  it("English needs no copy of what is always said in Indonesian (staff notices, channel notices)", async () => {
    const en = await loadMessages("messages");
    const own = new Set(en.get("en")!.keys());
    expect(own.has("staff_notice.taken")).toBe(false);
    expect(CODE_MESSAGES["staff_notice.taken"]!.indonesian).toBe(true);
  });
});
