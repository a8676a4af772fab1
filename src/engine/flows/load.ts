import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { foldText } from "../../domain/fields.js";
import { expandPhrase, MAX_PHRASES_PER_ENTRY, squeezedPhrase } from "../../domain/phrases.js";
import { FileValidationError, type FileIssue } from "../../errors.js";
import type { Messages } from "../../text/messages.js";
import { checkMessageKeys, type FlowKeyUse } from "../../text/key-check.js";
import { CODE_MESSAGES, CONVERSATION_VARS, ENGINE_SLOTS, OPTIONAL_KEY_PREFIXES } from "../../text/message-keys.js";
import { checkPlaceholders, type Filled } from "../../text/placeholders.js";
import { encodingIssue } from "../../text/encoding.js";
import { slashInWordLists } from "../../text/word-lists.js";
import { parseYamlLocated, unreadYamlName, type LocatedYaml } from "../../text/yaml.js";
import { flowSchemaIssues } from "./issues.js";
import { closest } from "../../text/closest.js";
import { ACTION_SLOTS, flowFile, lineOfStep, unfilledPlaceholders } from "./reach.js";
import { FlowSchema, formHolds, PatternsSchema, phraseListPaths, SHIPPED_TOPICS, type Flow, type Flows } from "./schema.js";

/**
 * Flows every Loket needs; the engine starts them by name. The status check is not among them: it
 * is the flow patterns.yaml's `check_status` intent goes to, whatever its name (statusFlowIssues).
 */
export const REQUIRED_FLOWS = ["menu", "apply", "handoff", "survey", "correction", "delete_data", "offer_human"];

/**
 * Messages keys the code itself says (besides those the flows name), from CODE_MESSAGES: checked
 * by `checkMessages`, so a clerk who renames one hears it from `npm run check`, not a citizen.
 */
export const ENGINE_MESSAGE_KEYS: readonly string[] = Object.keys(CODE_MESSAGES);


/**
 * A flow that submits an application must ask the applicant's mobile number, required: the
 * application keeps the last 4 digits of its first `kind: phone` field (src/engine/engine.ts,
 * effectOf; src/runtime/runtime.ts stores "0000" without one), and the status check finds an
 * application only by its registration number and those digits (the receipt tells the citizen
 * so); staff call the applicant back on it. Without it, or skipped, no status check can succeed.
 */
/**
 * A flow that files an application asks the permit's own questions (`permit_fields: true` on a
 * form) and its documents (an `uploads` step): without them staff get applications without the
 * permit's data or documents, while the knowledge files and their docs promise citizens are asked.
 */
function permitPartsAsked(flow: Flow, y: LocatedYaml, submitAt: number): FileIssue[] {
  const issues: FileIssue[] = [];
  const submit = `flow "${flow.id}" submits an application (step "${flow.steps[submitAt]!.id}")`;
  if (!flow.steps.some((s) => s.type === "form" && s.permit_fields)) {
    const form = flow.steps.findIndex((s) => s.type === "form");
    issues.push({
      file: y.file,
      line: form >= 0 ? y.lineOf(["steps", form]) : y.lineOf(["steps", submitAt]),
      message: `${submit} but no form step has "permit_fields: true": the permit's own questions (form: in knowledge/permits/) would never be asked; add the line "permit_fields: true" to the form step`,
    });
  }
  if (!flow.steps.some((s) => s.type === "uploads" && s.from === "permit")) {
    issues.push({
      file: y.file,
      line: y.lineOf(["steps", submitAt]),
      message: `${submit} but has no uploads step: the permit's documents (requirements: in knowledge/permits/) would never be asked for; add a step "- id: documents" with "type: uploads" before the summary`,
    });
  }
  return issues;
}

function phoneAsked(flow: Flow, y: LocatedYaml, submitAt: number): FileIssue[] {
  const why =
    "the status check finds an application only by its registration number and the last 4 digits of this number (the receipt tells the citizen so), and staff call the applicant back on it";
  for (const [i, s] of flow.steps.entries()) {
    if (s.type !== "form") continue;
    const j = s.fields.findIndex((f) => f.kind === "phone");
    if (j < 0) continue;
    const f = s.fields[j]!;
    if (f.required) return [];
    return [
      {
        file: y.file,
        line: y.lineOf(["steps", i, "fields", j, "required"]),
        message: `the mobile number "${f.id}" must be required (remove "required: false"): ${why}; a citizen who skips it could never check the application`,
      },
    ];
  }
  const form = flow.steps.findIndex((s) => s.type === "form");
  return [
    {
      file: y.file,
      line: form >= 0 ? y.lineOf(["steps", form, "fields"]) : y.lineOf(["steps", submitAt]),
      message:
        `flow "${flow.id}" submits an application (step "${flow.steps[submitAt]!.id}") but asks no mobile number: ${why}. ` +
        `Add to the form's fields: - { id: hp, label: field.label.hp, kind: phone }`,
    },
  ];
}

/**
 * The applicant's name must be a field of the application's form (`holds: name`, or the field
 * `nama`): staff's list shows and finds applications by it. One field per value held.
 */
function holdsIssues(flow: Flow, y: LocatedYaml, submitAt: number | undefined): FileIssue[] {
  const issues: FileIssue[] = [];
  let named = false;
  let addressed = false;
  flow.steps.forEach((s, i) => {
    if (s.type !== "form") return;
    const first = new Map<string, string>();
    s.fields.forEach((f, j) => {
      if (!f.holds) return;
      const before = first.get(f.holds);
      if (before) issues.push({ file: y.file, line: y.lineOf(["steps", i, "fields", j, "holds"]), message: `step "${s.id}", field "${f.id}": "holds: ${f.holds}" is already on field "${before}"; one field holds the applicant's ${f.holds}, remove the line here` });
      else first.set(f.holds, f.id);
    });
    const held = [...formHolds(s.fields).values()];
    if (held.includes("name")) named = true;
    if (held.includes("address")) addressed = true;
  });
  if (submitAt === undefined) return issues;
  const form = flow.steps.findIndex((s) => s.type === "form" && s.permit_fields);
  const at = form >= 0 ? flow.steps[form]! : undefined;
  const fields = at?.type === "form" ? at.fields : [];
  if (!named) {
    const j = fields.findIndex((f) => f.kind === "text" && !f.holds && /nama|name/.test(f.id));
    // Without holds:, the field called "nama" is the name: a clerk who renamed it ("nama_lengkap") is told so.
    const renamed = j >= 0 && /nama/.test(fields[j]!.id) ? `Without "holds:", Loket takes the name from the field called "nama", and this one was probably renamed from it: ` : "";
    issues.push({
      file: y.file,
      line: form < 0 ? y.lineOf(["steps", submitAt]) : j >= 0 ? y.lineOf(["steps", form, "fields", j, "id"]) : y.lineOf(["steps", form, "fields"]),
      message:
        `flow "${flow.id}" submits an application (step "${flow.steps[submitAt]!.id}") but no field holds the applicant's name: staff's list shows and finds applications by it. ` +
        (j >= 0 ? `${renamed}add "holds: name" to field "${fields[j]!.id}" (e.g. { id: ${fields[j]!.id}, …, holds: name })${renamed ? ', or call it "nama" again' : ""}` : `Add a name question with "holds: name" to the form's fields`),
    });
  }
  if (!addressed) {
    // The field "alamat" renamed ("alamat_rumah"): the address is no longer known as one (several
    // answers in one message, an address split over two messages); said as a warning, Loket runs.
    // A field that holds something else (`{ id: alamat, holds: name }`) is not one renamed.
    const j = fields.findIndex((f) => f.kind === "text" && !f.holds && /alamat|address/.test(f.id));
    if (j >= 0) {
      issues.push({
        file: y.file,
        line: y.lineOf(["steps", form, "fields", j, "id"]),
        warning: true,
        message: `field "${fields[j]!.id}" looks like the applicant's address, but without "holds:" Loket takes the address from the field called "alamat", and this one was probably renamed from it: add "holds: address" to it (e.g. { id: ${fields[j]!.id}, …, holds: address }), or call it "alamat" again`,
      });
    }
  }
  return issues;
}

/**
 * `own_applications` on an ask step (flows/status.yaml): `offer` needs the `own_applications`
 * action before it (that action finds the conversation's applications; without it nothing would
 * ever be offered) and is on one question only; `skip` needs an `offer` question before it (the
 * number it looks at). Reported at the option's line.
 */
function ownApplicationsIssue(flow: Flow, y: LocatedYaml, at: number): FileIssue[] {
  const s = flow.steps[at]!;
  if (s.type !== "ask" || !s.own_applications) return [];
  // The line only for an issue: a lookup on the happy path would load the position-keeping parser at every start.
  const issue = (message: string): FileIssue[] => [{ file: y.file, line: y.lineOf(["steps", at, "own_applications"]), message }];
  const before = flow.steps.slice(0, at);
  const offers = (x: (typeof flow.steps)[number]) => x.type === "ask" && x.own_applications === "offer";
  if (s.own_applications === "offer") {
    if (!before.some((x) => x.type === "action" && x.action === "own_applications")) {
      return issue(`step "${s.id}": "own_applications: offer" needs a step "type: action" with "action: own_applications" before it (it finds this conversation's applications); add one, or remove the line`);
    }
    const first = before.find(offers);
    if (first) return issue(`step "${s.id}": "own_applications: offer" is already on step "${first.id}"; one question offers the applications, remove the line here`);
    return [];
  }
  if (!before.some(offers)) {
    return issue(`step "${s.id}": "own_applications: skip" skips this question for a number of this conversation's applications, but no question before it has "own_applications: offer" (the registration number's); put that line on the number's question, or remove this one`);
  }
  return [];
}

/**
 * `reads` on an ask step (flows/status.yaml): the reading is of text (a `kind: number` question
 * would refuse "No. RBG-2026-000123" before it is read), and one question of a flow reads each
 * value (the number read with the digits beside it fills the digits' question). Reported at the
 * option's line.
 */
function readsIssue(flow: Flow, y: LocatedYaml, at: number): FileIssue[] {
  const s = flow.steps[at]!;
  if (s.type !== "ask" || !s.reads) return [];
  const issue = (message: string): FileIssue[] => [{ file: y.file, line: y.lineOf(["steps", at, "reads"]), message }];
  if (s.kind !== "text") return issue(`step "${s.id}": "reads: ${s.reads}" reads the number out of a sentence, so the question must be "kind: text" (not "${s.kind}"); change the kind, or remove the line`);
  const first = flow.steps.slice(0, at).find((x) => x.type === "ask" && x.reads === s.reads);
  if (first) return issue(`step "${s.id}": "reads: ${s.reads}" is already on step "${first.id}"; one question of a flow reads it, remove the line here`);
  return [];
}

/**
 * The status check is the flow patterns.yaml's `intents: check_status` goes to, whatever its file
 * is called (flows/status.yaml as shipped): "cek status", a registration number typed anywhere and
 * a check asked in the middle of a form start it. It must exist and look the application up (an
 * `action: check_status` step); a flow with that action needs the question that reads the
 * registration number (`reads: registration_number`), or it would look up nothing; and no other flow may
 * check statuses too (a copy left beside a renamed flow: the menu's button would run one, a number
 * typed in a form the other). Each refused at the line to change, saying what to do.
 */
function statusFlowIssues(byId: ReadonlyMap<string, Flow>, located: ReadonlyMap<string, LocatedYaml>, broken: ReadonlySet<string>, patterns: Flows["patterns"], py: LocatedYaml): FileIssue[] {
  const issues: FileIssue[] = [];
  const target = patterns.intents.check_status;
  const checkAt = (flow: Flow) => flow.steps.findIndex((s) => s.type === "action" && s.action === "check_status");
  for (const flow of byId.values()) {
    const at = checkAt(flow);
    if (at < 0) continue;
    const y = located.get(flow.id)!;
    const step = flow.steps[at]!;
    if (!flow.steps.some((s) => s.type === "ask" && s.reads === "registration_number")) {
      issues.push({
        file: y.file,
        line: y.lineOf(["steps", at, "action"]),
        message: `step "${step.id}": "action: check_status" looks an application up by its registration number, but no question of flow "${flow.id}" has "reads: registration_number"; add that line to the question asking the number (as in the status flow as shipped), or remove this step`,
      });
    }
    if (target && target.flow !== flow.id && (byId.has(target.flow) || broken.has(target.flow))) {
      issues.push({
        file: y.file,
        line: y.lineOf(["steps", at, "action"]),
        message:
          `flow "${flow.id}" checks an application's status (step "${step.id}"), but ${py.file} line ${py.lineOf(["intents", "check_status", "flow"])} sends "check_status" to flow "${target.flow}": ` +
          `citizens would get one check or the other depending on how they ask. Keep one status check: delete this flow's file (and start "${target.flow}" where "${flow.id}" was started), or write "check_status: { flow: ${flow.id} }" in ${py.file}`,
      });
    }
  }
  if (!target) {
    issues.push({ file: py.file, line: py.lineOf(["intents"]), message: `intents need "check_status" (the flow that answers "where is my application?", e.g. check_status: { flow: status })` });
  } else {
    const flow = byId.get(target.flow);
    if (flow && checkAt(flow) < 0) {
      issues.push({
        file: py.file,
        line: py.lineOf(["intents", "check_status", "flow"]),
        message: `intent "check_status" goes to flow "${target.flow}", which has no step "action: check_status": "cek status" would never look an application up; name the status check's flow here (flows/status.yaml as shipped)`,
      });
    }
  }
  return issues;
}

/**
 * Word lists of patterns.yaml that must not share a word, compared as the engine compares them
 * (foldText: case, accents and punctuation ignored): the engine keeps one meaning per word, so a
 * word in two of these lists silently loses one ("ya" in both `yes` and `no`: answering "ya" at
 * the consent question declines). The repair lists one with another; a command (a whole message
 * starting a flow, looked up before the repair words) with any of them and with another flow's
 * command; a filler word (ignored beside a yes or a no, and around a repair word) with a repair
 * word. Lists that share words on purpose are not compared: `later` with `skip` (an optional
 * document is skipped by "nanti", a required one waits), `summary_edit.wrong` with `no` ("salah").
 */
function overlappingWords(patterns: Flows["patterns"], y: LocatedYaml): FileIssue[] {
  const lists: { name: string; path: string[]; words: string[]; group: "repair" | "command" | "filler" }[] = [
    ...Object.entries(patterns.repair).map(([k, words]) => ({ name: `repair.${k}`, path: ["repair", k], words, group: "repair" as const })),
    ...Object.entries(patterns.commands).map(([k, words]) => ({ name: `commands.${k}`, path: ["commands", k], words, group: "command" as const })),
    { name: "filler", path: ["filler"], words: patterns.filler, group: "filler" as const },
  ];
  const compared = (a: (typeof lists)[number], b: (typeof lists)[number]) => a.group === "repair" || b.group === "repair" || (a.group === "command" && b.group === "command");
  const issues: FileIssue[] = [];
  const seen = new Map<string, { list: (typeof lists)[number]; index: number; word: string }[]>();
  for (const list of lists) {
    list.words.forEach((word, index) => {
      const folded = foldText(word);
      if (!folded) return;
      const earlier = seen.get(folded) ?? [];
      for (const e of earlier) {
        if (e.list === list || !compared(e.list, list)) continue;
        const here = y.lineOf([...list.path, index]);
        const there = y.lineOf([...e.list.path, e.index]);
        const same = e.word === word ? `"${word}"` : `"${word}" (read as "${e.word}")`;
        issues.push({
          file: y.file,
          line: here,
          message:
            `${same} is in both ${e.list.name} (line ${there}) and ${list.name} (line ${here}): Loket reads a word one way only, ` +
            `so one of the two would be lost (a citizen typing "${word}" could get the opposite of what they meant); remove it from one of the lists`,
        });
      }
      earlier.push({ list, index, word });
      seen.set(folded, earlier);
    });
  }
  return issues;
}

/**
 * Every phrase list (schema.ts `PhraseList`, found by `phraseListPaths`): an empty alternative ("a//b",
 * "lupa/") would match nothing a clerk meant, and an entry standing for hundreds of phrases is a
 * slip (a list pasted into one entry).
 */
function phraseListIssues(patterns: Flows["patterns"], y: LocatedYaml): FileIssue[] {
  const issues: FileIssue[] = [];
  // The office's own topics (office_topics.<name> beyond the shipped ones) are phrase lists too.
  const own = Object.keys(patterns.office_topics).filter((k) => !SHIPPED_TOPICS.has(k)).map((k) => ["office_topics", k]);
  for (const path of [...phraseListPaths(), ...own]) {
    const key = path.join(".");
    let list: unknown = patterns;
    for (const k of path) list = (list as Record<string, unknown> | undefined)?.[k];
    if (!Array.isArray(list)) continue;
    (list as string[]).forEach((entry, index) => {
      const phrases = expandPhrase(entry);
      const line = () => y.lineOf([...path, index]);
      if (!phrases.length) {
        issues.push({ file: y.file, line: line(), message: `"${entry}" in ${key} has an empty choice ("a//b" or a "/" at a word's end): write each choice between slashes, e.g. "gak/ga tau"` });
      } else if (phrases.length > MAX_PHRASES_PER_ENTRY) {
        issues.push({ file: y.file, line: line(), message: `"${entry}" in ${key} stands for over ${MAX_PHRASES_PER_ENTRY} phrases (each "/" multiplies them): split it into several entries` });
      } else {
        // "parkir/tempat parkir motor": a phrase squeezed into a "/" list (a warning: it may be meant).
        const squeezed = squeezedPhrase(entry);
        if (squeezed) {
          issues.push({
            file: y.file,
            line: line(),
            warning: true,
            message:
              `"${entry}" in ${key}: a "/" joins single words, so this reads "${squeezed.reads}", which citizens do not write. If you meant separate phrases, ` +
              (squeezed.write.length ? `write them as separate entries: ${squeezed.write.map((w) => `"${w}"`).join(", ")}` : `write each phrase of more than one word as an entry of its own`),
          });
        }
      }
    });
  }
  return issues;
}

/**
 * Reads and checks every flows/*.yaml (and flows/patterns.yaml). Returns every problem as
 * `file:line: message`: schema errors, a `next` to a step that does not exist, a `start` of an
 * unknown flow, duplicate step ids, a missing required flow.
 */
export async function validateFlows(dir: string, root = process.cwd(), readText: (path: string) => Promise<string> = (path) => readFile(path, "utf8")): Promise<{ flows?: Flows; issues: FileIssue[] }> {
  const issues: FileIssue[] = [];
  const byId = new Map<string, Flow>();
  const located = new Map<string, LocatedYaml>();
  /** Flows whose file exists but is broken: already reported, so no "there is no flow" echoes. */
  const broken = new Set<string>();
  let patterns: Flows["patterns"] | undefined;
  let patternsYaml: LocatedYaml | undefined;
  const listed = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT" || err.code === "ENOTDIR") return undefined;
    throw err;
  });
  // A FLOWS_DIR mistyped (or Loket started outside its folder): said like a missing knowledge folder.
  if (!listed) return { issues: [{ file: relative(root, dir) || ".", line: 1, message: `folder is missing: there is no flows folder at ${dir} (seen from ${root}); start Loket from its project folder, or set FLOWS_DIR to the folder of the flows` }] };
  const names = listed.filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort();
  for (const name of listed.sort()) {
    const unread = unreadYamlName(name, "flow");
    if (unread) issues.push({ file: relative(root, join(dir, name)), line: 1, message: unread });
  }
  for (const name of names) {
    const path = join(dir, name);
    const text = await readText(path);
    const bad = encodingIssue(relative(root, path), text);
    if (bad) {
      issues.push(bad);
      broken.add(basename(name).replace(/\.ya?ml$/, ""));
      continue;
    }
    const y = parseYamlLocated(relative(root, path), text);
    issues.push(...y.issues);
    if (y.issues.length) {
      broken.add(basename(name).replace(/\.ya?ml$/, ""));
      continue;
    }
    if (name.startsWith("patterns.")) {
      const p = PatternsSchema.safeParse(y.value);
      if (!p.success) issues.push(...flowSchemaIssues(y, p.error, PatternsSchema, "patterns"));
      else {
        patterns = p.data;
        patternsYaml = y;
      }
      continue;
    }
    const parsed = FlowSchema.safeParse(y.value);
    if (!parsed.success) {
      issues.push(...flowSchemaIssues(y, parsed.error, FlowSchema, "flow"));
      broken.add(basename(name).replace(/\.ya?ml$/, ""));
      continue;
    }
    const flow = parsed.data;
    const fileId = basename(name).replace(/\.ya?ml$/, "");
    const twice = located.get(flow.id);
    if (twice) {
      // survey.yaml and a copy saved as survey.yml: Loket would run one of them, and not say which.
      const own = flow.id !== fileId ? `, or give this one its own id: "${fileId}"` : "";
      issues.push({ file: y.file, line: y.lineOf(["id"]), message: `flow "${flow.id}" is also in ${twice.file}: Loket would use only one of the two files. Keep one, and delete the other or move it out of the flows folder${own}` });
    } else if (flow.id !== fileId) {
      // Renaming the file to the id would overwrite the flow this one was copied from.
      const taken = names.some((n) => n !== name && n.replace(/\.ya?ml$/, "") === flow.id);
      const fix = taken ? `: ${flow.id}.yaml already has that id, so change the id here to "${fileId}"` : ` (rename the file to ${flow.id}.yaml or change the id)`;
      issues.push({ file: y.file, line: y.lineOf(["id"]), message: `id "${flow.id}" must match the file name "${fileId}"${fix}` });
    }
    if (twice) continue;
    byId.set(flow.id, flow);
    located.set(flow.id, y);
  }
  if (!patterns && !names.some((n) => n.startsWith("patterns."))) issues.push({ file: relative(root, join(dir, "patterns.yaml")), line: 1, message: "patterns.yaml (repair words and intents) is missing" });
  for (const [id, flow] of byId) {
    const y = located.get(id)!;
    const ids = new Set<string>();
    flow.steps.forEach((s, i) => {
      if (ids.has(s.id)) issues.push({ file: y.file, line: y.lineOf(["steps", i, "id"]), message: `step id "${s.id}" is used twice` });
      ids.add(s.id);
    });
    // A form's answers are kept by field id: a second field of one id would replace the first's answer.
    // Lines looked up only for a problem: looking one up loads the position-keeping YAML reader.
    const firstField = new Map<string, (string | number)[]>();
    flow.steps.forEach((s, i) => {
      if (s.type !== "form") return;
      s.fields.forEach((f, j) => {
        const path = ["steps", i, "fields", j, "id"];
        const first = firstField.get(f.id);
        if (!first) firstField.set(f.id, path);
        else issues.push({ file: y.file, line: y.lineOf(path), message: `field id "${f.id}" is used twice in flow "${id}" (first at line ${y.lineOf(first)}): one answer would replace the other; give each field its own id` });
      });
    });
    const submitAt = flow.steps.findIndex((s) => s.type === "action" && s.action === "submit_application");
    issues.push(...holdsIssues(flow, y, submitAt >= 0 ? submitAt : undefined));
    const checkStep = (target: string | undefined, path: (string | number)[]) => {
      if (target !== undefined && target !== "end" && !ids.has(target)) {
        // A step's id misspelt or renamed: the one meant, else what may be written there.
        const meant = closest(target, ids);
        const todo = meant ? `did you mean "${meant}"? (steps: ${[...ids].join(", ")})` : `write one of its steps (${[...ids].join(", ")}) or "end", or add a step with id "${target}"`;
        issues.push({ file: y.file, line: y.lineOf(path), message: `"${target}" is not a step of flow "${id}": ${todo}` });
      }
    };
    const checkFlow = (target: string | undefined, path: (string | number)[]) => {
      if (target !== undefined && !byId.has(target) && !broken.has(target)) issues.push({ file: y.file, line: y.lineOf(path), message: `there is no flow "${target}"` });
    };
    flow.steps.forEach((s, i) => {
      if ("next" in s) checkStep(s.next, ["steps", i, "next"]);
      if (s.type === "choose") {
        if (s.scale) checkStep(s.scale.stop, ["steps", i, "scale", "stop"]);
        s.options.forEach((o, j) => {
          checkStep(o.next, ["steps", i, "options", j, "next"]);
          checkFlow(o.start, ["steps", i, "options", j, "start"]);
        });
        // Options that each say where they go, but one does not: it goes on to the step below the
        // question, usually where another option leads ("no" to "hapus data saya" would erase).
        const leads = (o: (typeof s.options)[number]) => o.next !== undefined || o.start !== undefined;
        if (s.options.some(leads)) {
          const below = ("next" in s && s.next) || flow.steps[i + 1]?.id || "end";
          s.options.forEach((o, j) => {
            if (leads(o)) return;
            issues.push({ file: y.file, line: y.lineOf(["steps", i, "options", j]), message: `option "${o.id}" has no next while the other options of step "${s.id}" have one: it would go on to "${below}"; give it its own next (or start)` });
          });
        }
      }
      if (s.type === "ask" && s.own_applications) issues.push(...ownApplicationsIssue(flow, y, i));
      if (s.type === "ask" && s.reads) issues.push(...readsIssue(flow, y, i));
      if (s.type === "choose_permit") checkStep(s.oss_next, ["steps", i, "oss_next"]);
      if (s.type === "action") checkStep(s.fail, ["steps", i, "fail"]);
      if (s.type === "action" && s.action === "submit_application") issues.push(...phoneAsked(flow, y, i), ...permitPartsAsked(flow, y, i));
      if (s.type === "branch") {
        checkStep(s.default, ["steps", i, "default"]);
        for (const [k, c] of Object.entries(s.cases)) {
          checkStep(c.next, ["steps", i, "cases", k, "next"]);
          checkFlow(c.start, ["steps", i, "cases", k, "start"]);
        }
      }
    });
  }
  if (patterns && patternsYaml) {
    const py = patternsYaml;
    for (const flowId of Object.keys(patterns.commands)) {
      if (!byId.has(flowId) && !broken.has(flowId)) issues.push({ file: py.file, line: py.lineOf(["commands", flowId]), message: `command for unknown flow "${flowId}"` });
    }
    for (const [intent, target] of Object.entries(patterns.intents)) {
      const flow = byId.get(target.flow);
      if (!flow) {
        if (!broken.has(target.flow)) issues.push({ file: py.file, line: py.lineOf(["intents", intent, "flow"]), message: `intent "${intent}" goes to unknown flow "${target.flow}"` });
      } else if (target.step && !flow.steps.some((s) => s.id === target.step)) {
        issues.push({ file: py.file, line: py.lineOf(["intents", intent, "step"]), message: `intent "${intent}" goes to unknown step "${target.flow}.${target.step}"` });
      }
    }
    issues.push(...statusFlowIssues(byId, located, broken, patterns, py));
    for (const list of ["refused_topics", "beside_permit_topics"] as const) {
      patterns[list].forEach((name, i) => {
        if (!Object.hasOwn(patterns.office_topics, name)) {
          issues.push({ file: py.file, line: py.lineOf([list, i]), message: `${list}: "${name}" is not a topic of office_topics; write one of ${Object.keys(patterns.office_topics).join(", ")}, or add the topic there` });
        }
      });
    }
    if (!patterns.intents.out_of_scope) issues.push({ file: py.file, line: py.lineOf(["intents"]), message: `intents need "out_of_scope" (where a message nobody understood goes)` });
    issues.push(...overlappingWords(patterns, py));
    issues.push(...phraseListIssues(patterns, py));
    // The other lists read each entry as written: a "/" there is no choice ("filler: [saya/aku]").
    const phraseLists = new Set([...phraseListPaths().map((p) => p.join(".")), ...Object.keys(patterns.office_topics).map((k) => `office_topics.${k}`)]);
    issues.push(...slashInWordLists(py, { skip: (p) => phraseLists.has(p) }));
  }
  // The code goes back to the menu's questions by their ids (after an answer, on "menu", /start;
  // "syarat izin?" without a permit goes to which_permit).
  const menu = byId.get("menu");
  const MENU_STEPS = [
    { id: "menu", type: "choose", what: `its main question as a step "id: menu" (a choose step): Loket goes back to it by that id after every answer, on "menu" and on /start` },
    { id: "which_permit", type: "choose_permit", what: `its question which permit as a step "id: which_permit" (a choose_permit step): Loket goes to it by that id when a question names no permit` },
  ] as const;
  for (const want of menu ? MENU_STEPS : []) {
    if (menu!.steps.some((st) => st.id === want.id && st.type === want.type)) continue;
    const my = located.get("menu")!;
    const asks = menu!.steps.filter((st) => st.type === want.type).map((st) => st.id);
    const near = asks.find((id) => id.includes(want.id.split("_")[0]!)) ?? (asks.length === 1 ? asks[0] : closest(want.id, asks));
    const at = near ? menu!.steps.findIndex((st) => st.id === near) : -1;
    issues.push({
      file: my.file,
      line: at >= 0 ? my.lineOf(["steps", at, "id"]) : my.lineOf(["steps"]),
      message: `the menu flow needs ${want.what}${near ? `; change "id: ${near}" back to "id: ${want.id}"` : ""}`,
    });
  }
  for (const required of REQUIRED_FLOWS) {
    if (!byId.has(required) && !broken.has(required) && names.length) issues.push({ file: relative(root, join(dir, `${required}.yaml`)), line: 1, message: `the flow "${required}" is required but missing` });
  }
  return issues.some((i) => !i.warning) || !patterns ? { issues } : { flows: { byId, patterns }, issues };
}

/**
 * What the engine fills in a message a flow names (src/engine/engine.ts): `conversation`, the
 * conversation's values (texts, questions, options); `ask_reason`, those and {min} {max} (an ask
 * step's pattern_reason); `form_reason`, those and {label} too (a form field's); `topic`, an office
 * topic's {address} and {facilities} (engine.ts answerTopic); `none`, nothing (a form field's label
 * is said as it is, then shown as the {label} of other messages).
 */
export type FlowFills = "conversation" | "ask_reason" | "form_reason" | "topic" | "none";
/** What an office topic's message is said with (engine.ts answerTopic). */
const TOPIC_VARS: readonly string[] = ["address", "facilities", "office"];
export interface FlowMessageUse extends FlowKeyUse {
  flow: string;
  fills: FlowFills;
}

/** Every messages key the flows name, with the flow file and line of each use. */
export function flowKeyUses(flows: Flows, dir = "flows"): Map<string, FlowMessageUse[]> {
  const uses = new Map<string, FlowMessageUse[]>();
  for (const flow of flows.byId.values()) {
    const file = flowFile(dir, flow.id);
    const keys: [string, FlowFills][] = [];
    const add = (fills: FlowFills, ...k: string[]) => keys.push(...k.map((x): [string, FlowFills] => [x, fills]));
    for (const s of flow.steps) {
      if (s.type === "say") add("conversation", s.text);
      if (s.type === "ask" || s.type === "choose" || s.type === "choose_permit" || s.type === "confirm") add("conversation", s.prompt);
      if (s.type === "ask" && s.pattern_reason) add("ask_reason", s.pattern_reason);
      if (s.type === "choose") add("conversation", ...s.options.flatMap((o) => (o.also ? [o.label, o.also] : [o.label])), ...(s.retry_prompt ? [s.retry_prompt] : []), ...(s.comment ? [s.comment] : []), ...(s.scale ? [s.scale.out_of_range] : []));
      if (s.type === "form") {
        for (const f of s.fields) {
          add("none", f.label, ...(f.hint ? [f.hint] : []));
          if (f.pattern_reason) add("form_reason", f.pattern_reason);
        }
      }
      if (s.type === "end" && s.text) add("conversation", s.text);
    }
    let lines: string[] | undefined;
    const lineOf = (key: string): number => {
      try {
        lines ??= readFileSync(file, "utf8").split("\n");
      } catch {
        return 1;
      }
      const at = lines.findIndex((l) => new RegExp(`[\\s:{"']${key.replace(/\./g, "\\.")}(?![\\w.])`).test(l));
      return at >= 0 ? at + 1 : 1;
    };
    const seen = new Set<string>();
    for (const [k, fills] of keys) {
      if (seen.has(`${k} ${fills}`)) continue;
      seen.add(`${k} ${fills}`);
      const list = uses.get(k) ?? [];
      list.push({ file, line: () => lineOf(k), flow: flow.id, fills });
      uses.set(k, list);
    }
  }
  // An office topic the office added (office_topics.<name> in patterns.yaml) is answered by its
  // message topic.<name>, said with the office's address and facilities: needed like a flow's.
  const patternsFile = join(dir, "patterns.yaml");
  for (const name of Object.keys(flows.patterns.office_topics).filter((k) => !SHIPPED_TOPICS.has(k))) {
    const line = (): number => {
      try {
        const at = readFileSync(patternsFile, "utf8").split("\n").findIndex((l) => new RegExp(`^\\s+${name}\\s*:`).test(l));
        return at >= 0 ? at + 1 : 1;
      } catch {
        return 1;
      }
    };
    uses.set(`topic.${name}`, [{ file: patternsFile, line, flow: "patterns", fills: "topic" }]);
  }
  return uses;
}

/**
 * Every messages key the flows use, and every key the code itself says (CODE_MESSAGES), must
 * exist in the Indonesian messages `messages`; a key nobody says is refused too. A flow's missing
 * key is reported at its line, the code's at the messages file to add it to.
 */
export function checkFlowMessages(flows: Flows, messages: Messages, dir = "flows"): FileIssue[] {
  return checkMessageKeys(new Map([["id", messages]]), flowKeyUses(flows, dir));
}

/**
 * The slots a flow's frame holds besides the engine's own (ENGINE_SLOTS): its questions' fields,
 * the slots of the intents that start it, and with `permitFields` (a form asking the permit's own
 * questions) those ids.
 */
export function flowSlots(flows: Flows, flowId: string, permitFields: Iterable<string> = []): Set<string> {
  const names = new Set<string>();
  for (const s of flows.byId.get(flowId)?.steps ?? []) {
    if ((s.type === "ask" || s.type === "choose" || s.type === "choose_permit") && s.field) names.add(s.field);
    if (s.type === "form") {
      for (const f of s.fields) names.add(f.id);
      if (s.permit_fields) for (const f of permitFields) names.add(f);
    }
  }
  for (const intent of Object.values(flows.patterns.intents)) if (intent.flow === flowId) for (const k of Object.keys(intent.slots ?? {})) names.add(k);
  return names;
}

/** Every flow's slots (see flowSlots): what a message the engine says in any flow may use. */
export function flowSlotNames(flows: Flows, permitFields: Iterable<string> = []): Set<string> {
  const fields = [...permitFields];
  return new Set([...flows.byId.keys()].flatMap((id) => [...flowSlots(flows, id, fields)]));
}

/**
 * The placeholders Loket fills in each message: for a key the code says, the values it passes
 * (CODE_MESSAGES); for a key a flow names, the conversation's values in that flow (FlowFills);
 * for a key said in several places, only what every place fills. Undefined for a key Loket does
 * not say (the key check reports it).
 */
export function messagePlaceholders(flows: Flows, permitFields: Iterable<string>, uses: ReadonlyMap<string, readonly FlowMessageUse[]>): (key: string) => Filled | undefined {
  const fields = [...permitFields];
  const fieldSet = new Set(fields);
  const slotsOf = new Map([...flows.byId.keys()].map((id) => [id, flowSlots(flows, id, fields)]));
  const everyFlow = flowSlotNames(flows, fields);
  const conversation = (slots: Iterable<string>) => [...CONVERSATION_VARS, ...ENGINE_SLOTS, ...slots];
  const REASON: Record<FlowFills, readonly string[]> = { none: [], topic: TOPIC_VARS, conversation: [], ask_reason: ["min", "max"], form_reason: ["min", "max", "label"] };
  // Asked for every message of every language and every flow text that says one: worked out once a key.
  const known = new Map<string, Filled | undefined>();
  return (key) => {
    if (known.has(key)) return known.get(key);
    const f = filledIn(key);
    known.set(key, f);
    return f;
  };
  function filledIn(key: string): Filled | undefined {
    const sets: { names: string[]; shown: string[]; conversation: boolean }[] = [];
    const code = CODE_MESSAGES[key];
    if (code) {
      sets.push({
        names: [...code.vars, ...(code.conversation ? conversation(everyFlow) : [])],
        shown: [...code.vars, ...(code.conversation ? CONVERSATION_VARS : [])],
        conversation: Boolean(code.conversation),
      });
    }
    for (const u of uses.get(key) ?? []) {
      if (u.fills === "none" || u.fills === "topic") {
        sets.push({ names: [...REASON[u.fills]], shown: [...REASON[u.fills]], conversation: false });
        continue;
      }
      const slots = slotsOf.get(u.flow) ?? new Set<string>();
      sets.push({
        names: [...REASON[u.fills], ...conversation(slots)],
        shown: [...REASON[u.fills], ...CONVERSATION_VARS, ...[...slots].filter((n) => !fieldSet.has(n))],
        conversation: true,
      });
    }
    if (!sets.length) return OPTIONAL_KEY_PREFIXES.some((p) => key.startsWith(p)) ? { names: new Set(), shown: [], conversation: false } : undefined;
    const each = sets.slice(1).map((x) => new Set(x.names));
    const names = new Set(sets[0]!.names.filter((n) => each.every((x) => x.has(n))));
    return { names, shown: [...new Set(sets.flatMap((x) => x.shown))].filter((n) => names.has(n)), conversation: sets.every((x) => x.conversation) };
  }
}

/**
 * Everything about messages that needs the flows too, for `npm run check` and start-up alike:
 * the keys flows and the code say exist (and no others), every placeholder is one Loket fills in
 * that message (`permitFields`: the ids of the permits' own form fields, slots of the flow whose
 * form asks them), and a flow's text names no value its step may not have yet (reach.ts).
 */
export function checkMessages(flows: Flows, messages: Map<string, Messages>, permitFields: Iterable<string>, dir = "flows"): FileIssue[] {
  const uses = flowKeyUses(flows, dir);
  const fields = [...permitFields];
  const filled = messagePlaceholders(flows, fields, uses);
  // A value the flow may not have where a text says it: said there, not asked of the other language.
  const unfilled = new Set<string>();
  const reach = unfilledPlaceholders(flows, messages, fields, filled, dir, unfilled);
  return [...checkMessageKeys(messages, uses), ...checkPlaceholders(messages, filled, unfilled), ...reach, ...unknownBranchSlots(flows, fields, dir)];
}

/**
 * A `branch` that looks at a value no question, intent or action ever sets (`on: nomer` for
 * `number`): it would always go to its `default`, whatever the citizen answered. Refused at the
 * step, with the nearest value that is set.
 */
export function unknownBranchSlots(flows: Flows, permitFields: Iterable<string>, dir = "flows"): FileIssue[] {
  const fields = [...new Set(permitFields)];
  const results = Object.values(ACTION_SLOTS).flatMap((a) => [...a.next, ...(a.fail ?? [])]);
  const issues: FileIssue[] = [];
  for (const flow of flows.byId.values()) {
    const known = new Set([...ENGINE_SLOTS, ...results, ...flowSlots(flows, flow.id, fields)]);
    flow.steps.forEach((s, i) => {
      // "_intent" and the like: the engine's own working values (engine.ts), set as it routes.
      if (s.type !== "branch" || known.has(s.on) || s.on.startsWith("_")) return;
      const file = flowFile(dir, flow.id);
      const near = closest(s.on, known);
      issues.push({
        file,
        line: lineOfStep(file)(i),
        message: `step "${s.id}": branch on "${s.on}", a value nothing in flow "${flow.id}" sets, so it would always go to "${s.default}"${near ? `; did you mean "${near}"?` : ""} (values set: ${[...known].sort().join(", ")})`,
      });
    });
  }
  return issues;
}

/**
 * The fields a flow that asks the permit's own questions (`permit_fields: true`, flows/apply.yaml)
 * asks in its forms, with where each is written: a permit's own field of the same id would be
 * kept under the same name, one answer replacing the other (knowledge/load.ts, permitFieldClashes).
 */
export function applicationFields(flows: Flows, dir = "flows"): { id: string; file: string; line: () => number }[] {
  const out: { id: string; file: string; line: () => number }[] = [];
  for (const flow of flows.byId.values()) {
    if (!flow.steps.some((s) => s.type === "form" && s.permit_fields)) continue;
    const file = flowFile(dir, flow.id);
    let located: LocatedYaml | undefined;
    const lineOf = (path: (string | number)[]) => {
      try {
        located ??= parseYamlLocated(file, readFileSync(file, "utf8"));
        return located.lineOf(path);
      } catch {
        return 1;
      }
    };
    flow.steps.forEach((s, i) => {
      if (s.type === "form") s.fields.forEach((f, j) => out.push({ id: f.id, file, line: () => lineOf(["steps", i, "fields", j, "id"]) }));
    });
  }
  return out;
}

/**
 * The ids of the fields that hold the applicant's name and address in the application forms
 * (form steps with `permit_fields`): `holds:`, or the fields `nama` and `alamat`. Staff's list
 * shows the applicant by the name's.
 */
export function applicantFieldIds(flows: Flows): { name: string[]; address: string[] } {
  const out = { name: [] as string[], address: [] as string[] };
  for (const flow of flows.byId.values()) {
    for (const s of flow.steps) {
      if (s.type !== "form" || !s.permit_fields) continue;
      for (const [id, holds] of formHolds(s.fields)) if (!out[holds].includes(id)) out[holds].push(id);
    }
  }
  return out;
}

/** Loads flows or throws FileValidationError("FLOW_INVALID") listing every problem. `readText`: where a file's text comes from (the disk by default). */
export async function loadFlows(dir: string, readText?: (path: string) => Promise<string>): Promise<Flows> {
  const { flows, issues } = await validateFlows(dir, process.cwd(), readText);
  // Warnings (a phrase squeezed into a "/" list) do not stop Loket; `npm run check` says them.
  const errors = issues.filter((i) => !i.warning);
  if (!flows || errors.length) throw new FileValidationError("FLOW_INVALID", errors);
  return flows;
}
