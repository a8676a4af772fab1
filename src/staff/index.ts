import { live } from "../runtime/runtime.js";
import type { ModelStatus } from "./http.js";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import type { Runtime } from "../runtime/port.js";
import type { Bus, FileStore, Store } from "../store/port.js";
import type { Messages } from "../text/messages.js";
import type { Flows } from "../engine/flows/schema.js";
import { registerStaffHttp } from "./http.js";
import { createStaffOps, startIdleSweeper, type StaffOps, type StaffOpsDeps } from "./ops.js";
import { caseLabel } from "./views.js";

export { recordSurvey, surveyPut, computeIkm, ikmReport, SKM_ELEMENTS, type SurveyRecord, type IkmReport } from "./skm.js";
export { addStaff, setStaffPassword, type StaffAccount, type StaffRole } from "./auth.js";
export { createStaffOps, estimateWait, type StaffOps, type StaffActor } from "./ops.js";
export { registerStaffHttp, SESSION_COOKIE } from "./http.js";
import type { KnowledgeReloadControl } from "./http.js";

/** What the staff side needs from the composition root. */
export interface StaffDeps {
  runtime: Runtime;
  store: Store;
  bus: Bus;
  files: FileStore;
  messages: Map<string, Messages>;
  logger: Logger;
  config: Pick<Config, "COOKIE_SECURE" | "HANDOFF_IDLE_MINUTES" | "MESSAGE_MAX_CHARS">;
  knowledge?: KnowledgeBase;
  /** Reloading knowledge/ while running (admins, POST /staff/api/knowledge/reload). */
  knowledgeReload?: KnowledgeReloadControl;
  /**
   * The fields that hold the applicant's name in the flows in use (load.ts `applicantFieldIds`),
   * and the labels of the fields every application asks (`applicantFieldLabels`): read at each
   * request, so a reload of flows/ and messages/ (src/app.ts) changes what the console shows.
   * Without `fieldLabels`, the `field.label.*` messages of `messages` in use.
   */
  nameFields?: () => readonly string[];
  fieldLabels?: () => Record<string, string>;
  /** What a citizen's line means (the understander in use): the queue's "Perlu: …" passes over "petugas", "halo?". */
  understand?: StaffOpsDeps["understand"];
  /** The language model's use and failures, for GET /staff/api/model. */
  modelStatus?: () => ModelStatus;
  now?: () => Date;
  newId?: () => string;
  /** How often held cases are checked for silence; `false` starts no timer (tests call `ops.sweepIdle()`). Default 60 s. */
  sweepEveryMs?: number | false;
}

/**
 * Mounts the staff console (`/staff`) and its JSON API (`/staff/api`) on `app`, and starts the
 * sweeper that puts silent held cases back in the queue. main.ts calls this once:
 *
 * ```ts
 * const staff = await registerStaff(loket.app, { ...loket, config });
 * loket.onClose(staff.close);
 * ```
 */
export async function registerStaff(app: FastifyInstance, deps: StaffDeps): Promise<{ ops: StaffOps; close(): void }> {
  const logger = deps.logger.child({ part: "staff" });
  const fieldLabels = deps.fieldLabels ?? (() => applicantFieldLabels(undefined, deps.messages.get("id")));
  const ops = createStaffOps({
    runtime: deps.runtime,
    store: deps.store,
    messages: deps.messages,
    logger,
    idleMinutes: deps.config.HANDOFF_IDLE_MINUTES,
    maxReplyChars: deps.config.MESSAGE_MAX_CHARS,
    ...(deps.knowledge ? { knowledge: deps.knowledge } : {}),
    ...(deps.understand ? { understand: deps.understand } : {}),
    fieldLabels,
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.newId ? { newId: deps.newId } : {}),
  });
  await registerStaffHttp(app, {
    ops,
    store: deps.store,
    bus: deps.bus,
    files: deps.files,
    logger,
    cookieSecure: deps.config.COOKIE_SECURE,
    maxReplyChars: deps.config.MESSAGE_MAX_CHARS,
    ...(deps.knowledge ? { knowledge: deps.knowledge } : {}),
    ...(deps.knowledgeReload ? { knowledgeReload: deps.knowledgeReload } : {}),
    fieldLabels,
    // Read at each use: a reload of messages/ (src/app.ts) brings new words.
    ...(deps.messages.get("id") ? { caseLabel: caseLabel(live(() => deps.messages.get("id")!)) } : {}),
    ...(deps.nameFields ? { nameFields: deps.nameFields } : {}),
    ...(deps.modelStatus ? { modelStatus: deps.modelStatus } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.newId ? { newId: deps.newId } : {}),
  });
  const stop = deps.sweepEveryMs === false ? () => undefined : startIdleSweeper(ops, { everyMs: deps.sweepEveryMs ?? 60_000, logger });
  return { ops, close: stop };
}

/** A label as staff read it: the text before a bracketed hint ("NIK (16 angka di KTP)" -> "NIK"). */
const short = (text: string) => text.replace(/\s*\(.*\)\s*$/, "");

/**
 * The console's names of the applicant fields, by field id: each question of the flows'
 * application forms (`permit_fields`) by its own `label` message, so a clerk who rewords it or
 * points it at another message sees that after a reload; then any other `field.label.<id>` message
 * (an application kept from before a field was renamed).
 */
export function applicantFieldLabels(flows: Flows | undefined, m: Messages | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!m) return out;
  for (const key of m.keys()) {
    if (key.startsWith("field.label.")) out[key.slice("field.label.".length)] = short(m.t(key));
  }
  for (const flow of flows?.byId.values() ?? []) {
    for (const s of flow.steps) {
      if (s.type !== "form" || !s.permit_fields) continue;
      for (const f of s.fields) if (m.has(f.label)) out[f.id] = short(m.t(f.label));
    }
  }
  return out;
}
