import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FileIssue } from "../../errors.js";
import { CONVERSATION_VARS, ENGINE_SLOTS } from "../../text/message-keys.js";
import { messageSource, type Messages } from "../../text/messages.js";
import type { Filled } from "../../text/placeholders.js";
import { parseYamlLocated } from "../../text/yaml.js";
import type { Flow, Flows, Step } from "./schema.js";

/**
 * Whether a flow's text can use a value where it is said. The placeholder check
 * (src/text/placeholders.ts) knows which values a flow's texts may name at all; this one follows
 * the flow's steps to say whether the value is there yet: `{nama}` in the text before the form
 * that asks the name, `{permit_name}` in a greeting said before any permit is chosen, would be
 * read by citizens as typed. Values are followed as the engine (src/engine/engine.ts) sets them:
 * a question's answer once its step is passed, an action's result on the way it leads, the
 * permit's values (`vars()`) once a permit is chosen; a `branch` case says its slot has that
 * value, an option `when: can_apply` that there is a permit. Ways back ("kembali", a change at
 * the summary) are not followed: what counts is the first time through.
 */

type Action = Extract<Step, { type: "action" }>["action"];

/**
 * The slots an action's result sets, on the way its success (`next`) or failure (`fail`) leads (engine.ts, handleResult);
 * `maybe`: set by some results only (not followed here: each is a slot a flow may already be started with).
 */
export const ACTION_SLOTS: Readonly<Record<Action, { next: readonly string[]; fail?: readonly string[]; maybe?: readonly string[] }>> = {
  submit_application: { next: ["number"] },
  check_status: { next: ["number", "status_label", "status_note", "updated", "permit_label"], fail: [] },
  // The number: the conversation's only application, when it has one.
  own_applications: { next: ["_own"], maybe: ["number"] },
  open_case: { next: ["queue"] },
  record_survey: { next: [], fail: [] },
  resubmit_documents: { next: [], fail: [] },
  delete_my_data: { next: ["kept"] },
};

/** Steps the engine starts a flow at besides its first step and the intents' steps (engine.ts, `startFlow(…, at)`); `permit`: always with one. */
export const ENGINE_ENTRIES: readonly { flow: string; step: string; permit?: true }[] = [
  { flow: "menu", step: "menu" },
  { flow: "menu", step: "which_permit" },
  // "bisa diwakilkan?", "berkas dikembalikan, perbaikannya gmn" with no permit: answered for every permit at once.
  { flow: "menu", step: "office_answer" },
  // "mau daftar pbg …, dokumennya bs dikirim nyusul gk?": a service topic's answer, then the permit's buttons.
  { flow: "menu", step: "followup", permit: true },
  // "biaya pbg brp? klo mahal sy mau konsultasi dulu sama petugas": a person offered after the answers.
  { flow: "offer_human", step: "later" },
  // "bot bodoh", "kok ga nyambung sih": an apology, then the offer of a person.
  { flow: "offer_human", step: "sorry" },
  // "bisa telepon saya?": Loket cannot phone; the office's contacts, then the offer of a person.
  { flow: "offer_human", step: "call" },
  // "ini orang beneran apa bot?": it is the automatic assistant; a person offered.
  { flow: "offer_human", step: "bot" },
  // "malem min, msh ada org gk?": the assistant answers now; when staff do; a person offered.
  { flow: "offer_human", step: "there" },
  // "ada parkir di mpp?", "SKM itu apa": the office topic's answer, then the menu's buttons.
  { flow: "menu", step: "more" },
  // "min cuaca hari ini gmn ya": plainly off topic, said so (not "not understood").
  { flow: "menu", step: "off_topic" },
  // "petugasnya minta uang": where to report it, then the complaint's offer of a person (also in a form).
  { flow: "menu", step: "complaint_offer" },
  { flow: "complaint", step: "offer" },
];

/** Intents whose flow always starts with a permit: without one, the engine asks which (menu.which_permit) first. */
export const INTENTS_WITH_PERMIT: readonly string[] = ["ask", "apply"];

/** Flows the staff side starts for an application, always with its permit (src/staff/ops.ts, `trigger`). */
export const FLOWS_STARTED_WITH_PERMIT: readonly string[] = ["correction"];

/** The values `vars()` fills from the permit being talked about (in the frame, or earlier in the conversation). */
const PERMIT_VARS = new Set(CONVERSATION_VARS.filter((n) => n.startsWith("permit_")));
/** Slots a flow may be started with (a routed request, a trigger, a repair): ENGINE_SLOTS but the action results. */
const RESULTS = new Set(Object.values(ACTION_SLOTS).flatMap((a) => [...a.next, ...(a.fail ?? []), ...(a.maybe ?? [])]));
const STARTED_WITH = new Set(ENGINE_SLOTS.filter((n) => !RESULTS.has(n) || n === "number"));
/** The pseudo-slot "a permit is known" (vars() fills the PERMIT_VARS). */
const PERMIT = "@permit";

/** Not set on any way here, set on some, set on every way. */
type Level = 0 | 1 | 2;
type State = Map<string, Level>;
interface Edge {
  to: string | undefined;
  set: string[];
  /** Set on some ways only: the permit's own form questions (only the permits that ask them). */
  maybe?: string[];
}

/**
 * Placeholders of a flow's texts that may still be empty where the text is said: an error when
 * empty on every way to the step (citizens certainly read `{name}` as typed the first time through),
 * a warning when only on some. Issues are at the message's file:line, naming the flow's step and
 * the step that fills the value. `filled`: what the placeholder check allows in a message (names
 * it refuses are not reported twice). `said`, when given, gets each message key and placeholder
 * reported, as "key name".
 */
export function unfilledPlaceholders(flows: Flows, messages: Map<string, Messages>, permitFields: Iterable<string>, filled: (key: string) => Filled | undefined, dir = "flows", said?: Set<string>): FileIssue[] {
  const fields = [...new Set(permitFields)];
  const startedBy = new Set<string>();
  for (const f of flows.byId.values()) {
    for (const s of f.steps) {
      if (s.type === "choose") for (const o of s.options) if (o.start) startedBy.add(o.start);
      if (s.type === "branch") for (const c of Object.values(s.cases)) if (c.start) startedBy.add(c.start);
    }
  }
  const found = new Map<string, { level: Level; issue: FileIssue }>();
  // Each language's own keys, made once: asked of every text of every step.
  const ownKeys = new Map([...messages.values()].map((m) => [m, new Set(m.keys())]));
  for (const flow of flows.byId.values()) {
    const file = flowFile(dir, flow.id);
    let stepLines: ((i: number) => number) | undefined;
    const stepLine = (id: string): string => {
      const i = flow.steps.findIndex((s) => s.id === id);
      stepLines ??= lineOfStep(file);
      return `${file}:${stepLines(i)}`;
    };
    const { at, setters } = analyse(flow, flows, fields, startedBy);
    for (const use of textsOf(flow)) {
      const state = at.get(use.step.id);
      if (!state) continue; // a step no way leads to
      for (const m of messages.values()) {
        if (!ownKeys.get(m)!.has(use.key)) continue;
        const allowed = filled(use.key)?.names;
        for (const [, name] of m.t(use.key).matchAll(/\{(\w+)\}/g)) {
          const slot = PERMIT_VARS.has(name!) ? PERMIT : name!;
          const level = use.own === slot ? 0 : use.before?.includes(slot) ? 2 : state.get(slot);
          if (level === undefined || level === 2 || !allowed?.has(name!)) continue;
          const where = messageSource(m, use.key) ?? { file: `messages/${m.lang}`, line: 1 };
          const id = `${where.file}:${where.line}:${name}`;
          const before = found.get(id);
          if (before && before.level <= level) continue;
          const message = explain(use.key, name!, slot, level, flow.id, use.step.id, use.own === slot, setters.get(slot) ?? [], stepLine);
          found.set(id, { level, issue: { ...where, message, ...(level === 1 ? { warning: true } : {}) } });
          said?.add(`${use.key} ${name}`);
        }
      }
    }
  }
  return [...found.values()].map((f) => f.issue);
}

function explain(key: string, name: string, slot: string, level: Level, flow: string, step: string, own: boolean, setters: { step: string; permitForm?: boolean }[], line: (step: string) => string): string {
  const here = `where flow "${flow}" says this message (step "${step}", ${line(step)})`;
  const named = (list: { step: string }[]) => list.map((s) => `"${s.step}" (${line(s.step)})`).join(" or ");
  const steps = (list: { step: string }[]) => `${list.length > 1 ? "steps" : "step"} ${named(list)}`;
  const fix = "use it only in a message said after that step, or take it out of this one";
  const raw = `"{${name}}"`;
  if (own) return `${key}: {${name}} is the answer to this very question, which is asked only while it is empty: citizens would read ${raw} as typed; take it out of this message`;
  if (level === 0) {
    const by = !setters.length ? `no step of flow "${flow}" fills it` : setters.some((s) => s.permitForm) ? `it is an answer to the permit's own form, asked at ${steps(setters)}, which no way to this step passes first` : `it is filled by ${steps(setters)}, which no way to this step passes first`;
    return `${key}: {${name}} is still empty ${here}, so citizens would read ${raw} as typed: ${by}; ${fix}`;
  }
  let why: string;
  if (slot === PERMIT) {
    why = setters.length
      ? `it is filled once a permit is chosen (${steps(setters)}), and not every way to this step passes there: before that, only if the conversation has already been about a permit`
      : `it is filled only when the conversation has already been about a permit: no step of flow "${flow}" chooses one (a choose_permit step does)`;
  } else if (setters.length && setters.every((s) => s.permitForm)) {
    why = `it is asked (at ${steps(setters)}) only for the permits whose own form in knowledge/permits/ has this question`;
  } else why = setters.length ? `it is filled by ${steps(setters)}, and not every way to this step passes there` : `it is set only on some ways to this step`;
  return `${key}: {${name}} may still be empty ${here}: ${why}; citizens who come another way read ${raw} as typed. To be sure, ${fix}`;
}

/** The messages a flow's steps say with the conversation's values, and the step they are said at. */
function textsOf(flow: Flow): { step: Step; key: string; own?: string; before?: string[] }[] {
  const out: { step: Step; key: string; own?: string; before?: string[] }[] = [];
  for (const s of flow.steps) {
    if (s.type === "say") out.push({ step: s, key: s.text });
    if (s.type === "end" && s.text) out.push({ step: s, key: s.text });
    if (s.type === "confirm" || s.type === "choose_permit") out.push({ step: s, key: s.prompt });
    if (s.type === "ask") for (const key of [s.prompt, ...(s.pattern_reason ? [s.pattern_reason] : [])]) out.push({ step: s, key, own: s.field });
    if (s.type === "choose") for (const key of [s.prompt, ...s.options.flatMap((o) => (o.also ? [o.label, o.also] : [o.label])), ...(s.retry_prompt ? [s.retry_prompt] : []), ...(s.comment ? [s.comment] : []), ...(s.scale ? [s.scale.out_of_range] : [])]) out.push({ step: s, key });
    // A form field's pattern_reason is said after a wrong answer to it: the fields above it are answered.
    if (s.type === "form") s.fields.forEach((f, j) => f.pattern_reason && out.push({ step: s, key: f.pattern_reason, own: f.id, before: s.fields.slice(0, j).map((x) => x.id) }));
  }
  return out;
}

/** The ways out of each step, with the slots set on each (as engine.ts's enter/goTo/choose/handleResult go). */
function edgesOf(flow: Flow, i: number, permitFields: string[]): Edge[] {
  const s = flow.steps[i]!;
  const following = flow.steps[i + 1]?.id;
  const to = (target: string | undefined) => (target === "end" ? undefined : (target ?? following));
  switch (s.type) {
    case "say":
    case "answer":
    case "uploads":
    case "confirm":
      return [{ to: to(s.next), set: [] }];
    case "ask":
      return [{ to: to(s.next), set: [s.field] }];
    case "choose":
      return s.options.flatMap((o) => (o.start ? [] : [{ to: to(o.next ?? s.next), set: [...(s.field ? [s.field] : []), ...(o.when === "can_apply" ? [PERMIT] : [])] }]));
    case "choose_permit":
      return [to(s.next), ...(s.oss_next ? [to(s.oss_next)] : [])].map((t) => ({ to: t, set: [s.field, PERMIT] }));
    case "branch":
      return [
        ...Object.entries(s.cases).flatMap(([value, c]) => (c.start ? [] : [{ to: to(c.next ?? s.default), set: value === "" ? [] : [s.on, ...(s.on === "permit" ? [PERMIT] : [])] }])),
        { to: to(s.default), set: [] },
      ];
    case "form":
      return [{ to: to(s.next), set: s.fields.map((f) => f.id), ...(s.permit_fields ? { maybe: permitFields } : {}) }];
    case "action": {
      const a = ACTION_SLOTS[s.action];
      return [{ to: to(s.next), set: [...a.next] }, ...(a.fail ? [{ to: to(s.fail ?? s.next), set: [...a.fail] }] : [])];
    }
    case "end":
      return [];
  }
}

/** The state at each step's entry (first time through), and which steps fill each followed slot. */
function analyse(flow: Flow, flows: Flows, permitFields: string[], startedBy: Set<string>): { at: Map<string, State>; setters: Map<string, { step: string; permitForm?: boolean }[]> } {
  const edges = flow.steps.map((_, i) => edgesOf(flow, i, permitFields));
  const setters = new Map<string, { step: string; permitForm?: boolean }[]>();
  const followed = new Set<string>([PERMIT]);
  edges.forEach((list, i) => {
    const step = flow.steps[i]!;
    for (const e of list) {
      for (const [names, permitForm] of [[e.set, false], [e.maybe ?? [], true]] as const) {
        for (const n of names) {
          followed.add(n);
          // Named to the clerk as filling it: the steps that ask or act, not a branch or an option's `when` (they only test it).
          if (step.type === "branch" || (step.type === "choose" && n === PERMIT)) continue;
          const had = setters.get(n) ?? [];
          if (!had.some((h) => h.step === step.id)) had.push({ step: step.id, ...(permitForm ? { permitForm } : {}) });
          setters.set(n, had);
        }
      }
    }
  });
  const start = (set: string[] = [], permit: Level = 1): State => new Map([...followed].map((n) => [n, n === PERMIT ? permit : set.includes(n) ? 2 : STARTED_WITH.has(n) ? 1 : 0]));
  const at = new Map<string, State>();
  const ids = new Set(flow.steps.map((s) => s.id));
  const enter = (step: string, state: State): boolean => {
    if (!ids.has(step)) return false;
    const before = at.get(step);
    const merged = before ? merge(before, state) : state;
    if (before && same(before, merged)) return false;
    at.set(step, merged);
    return true;
  };
  const first = flow.steps[0]!.id;
  // Started at its first step: by a flow's `start:`, a command, a repair, a trigger, a restart.
  const withPermit = FLOWS_STARTED_WITH_PERMIT.includes(flow.id);
  enter(first, start([], withPermit ? 2 : 1));
  if (withPermit && startedBy.has(flow.id)) enter(first, start());
  for (const [intent, target] of Object.entries(flows.patterns.intents)) {
    if (target.flow !== flow.id) continue;
    const permit = INTENTS_WITH_PERMIT.includes(intent);
    enter(target.step ?? first, start([...Object.keys(target.slots ?? {}), ...(permit ? ["permit"] : [])], permit ? 2 : 1));
  }
  // An entry with `permit`: the engine starts it only with the permit in its slots.
  for (const e of ENGINE_ENTRIES) if (e.flow === flow.id) enter(e.step, e.permit ? start(["permit"], 2) : start());
  // A button under an older answer (`about_permit`) comes back to its step from wherever the flow is, with its permit.
  const jumps = flow.steps.filter((s) => s.type === "choose" && s.about_permit).map((s) => s.id);
  for (let changed = true; changed; ) {
    changed = false;
    flow.steps.forEach((s, i) => {
      const state = at.get(s.id);
      if (!state) return;
      for (const e of edges[i]!) {
        if (e.to === undefined) continue;
        const out = new Map(state);
        for (const n of e.set) out.set(n, 2);
        for (const n of e.maybe ?? []) if (out.get(n) === 0) out.set(n, 1);
        changed = enter(e.to, out) || changed;
      }
      for (const j of jumps) {
        const out = new Map(state);
        for (const n of ["permit", PERMIT]) if (out.has(n)) out.set(n, 2);
        changed = enter(j, out) || changed;
      }
    });
  }
  return { at, setters };
}

function merge(a: State, b: State): State {
  const out: State = new Map();
  for (const [n, v] of a) out.set(n, v === b.get(n) ? v : 1);
  return out;
}

function same(a: State, b: State): boolean {
  for (const [n, v] of a) if (b.get(n) !== v) return false;
  return true;
}

/**
 * The file a flow was read from: `<id>.yaml`, or `<id>.yml` when only that one is there (the
 * loader reads both endings), so a problem is named in the file the clerk saved.
 */
export function flowFile(dir: string, id: string): string {
  const yaml = join(dir, `${id}.yaml`);
  const yml = join(dir, `${id}.yml`);
  return !existsSync(yaml) && existsSync(yml) ? yml : yaml;
}

/** The line of each step of a flow file (read only when a problem is reported). */
export function lineOfStep(file: string): (i: number) => number {
  try {
    const y = parseYamlLocated(file, readFileSync(file, "utf8"));
    return (i) => (i >= 0 ? y.lineOf(["steps", i]) : 1);
  } catch {
    return () => 1;
  }
}
