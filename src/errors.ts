/**
 * Typed errors, one meaning each. Expected outcomes (a wrong NIK, a stale button) are
 * values, not errors; these are for configuration mistakes and failures of outside things.
 * Catalogue of codes: README "Error codes".
 */
export type LoketErrorCode =
  | "CONFIG_INVALID"
  | "KNOWLEDGE_INVALID"
  | "FLOW_INVALID"
  | "MESSAGES_INVALID"
  | "STORE_UNAVAILABLE"
  | "LOCK_TIMEOUT"
  | "CHANNEL_FAILED"
  | "LLM_FAILED"
  | "DATA_DIR_IN_USE"
  | "LOG_ID_KEY_UNREADABLE";

// Names are getters on the prototype, not own properties: a logged error's own fields pass the
// log redaction, whose `*.name` (a citizen's name) would otherwise blank them.
export class LoketError extends Error {
  override get name(): string {
    return "LoketError";
  }
  constructor(
    readonly code: LoketErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A file problem, printed as `file:line: message`. */
export interface FileIssue {
  file: string;
  line: number;
  message: string;
  /** Worth fixing but Loket works (printed "warning: …"; neither the check nor start-up fails for it). */
  warning?: boolean;
}

/** Raised when knowledge, flows or messages files are invalid; lists every problem. */
export class FileValidationError extends LoketError {
  override get name(): string {
    return "FileValidationError";
  }
  /** Each folder's own refusal when several were refused together (`together`); else just this one. */
  readonly parts: readonly FileValidationError[];
  constructor(
    code: "KNOWLEDGE_INVALID" | "FLOW_INVALID" | "MESSAGES_INVALID",
    readonly issues: FileIssue[],
    parts?: readonly FileValidationError[],
  ) {
    super(code, issues.map(formatIssue).join("\n"), { count: issues.length, ...(parts ? { codes: parts.map((p) => p.code) } : {}) });
    this.parts = parts ?? [this];
  }

  /**
   * Several folders refused at once (flows/ and messages/ both broken): one error listing every
   * problem of each, so the clerk corrects them in one round; its code is the first's, and each
   * part keeps its own (a reload logs each problem under its folder's code).
   */
  static together(errors: readonly FileValidationError[]): FileValidationError {
    if (errors.length === 1) return errors[0]!;
    const parts = errors.flatMap((e) => e.parts);
    return new FileValidationError(parts[0]!.code as "FLOW_INVALID", parts.flatMap((p) => p.issues), parts);
  }
}

/**
 * What a command that starts Loket (`npm start`, `npm run chat`) prints when start-up refuses: a
 * wrong setting is one line each (a service manager's status shows the last line), naming the
 * variable, what it holds and what is allowed; file problems are listed below one line naming the
 * codes (flows/ and messages/ both broken: both codes, every problem of each).
 */
export function startRefusal(err: LoketError): string {
  const codes = err instanceof FileValidationError ? [...new Set(err.parts.map((p) => p.code))].join(", ") : err.code;
  const lines = err.message.split("\n").filter((l) => l.trim() && l !== "Invalid configuration:");
  if (err.code === "CONFIG_INVALID" || lines.length === 1) return lines.map((l) => `Loket cannot start (${codes}): ${l}`).join("\n");
  return `Loket cannot start (${codes}):\n${err.message}`;
}

/**
 * A clerk's file (or folder) this user may not read, saved by another user or copied with its
 * owner's permissions: what to do, as `path: …`; undefined for other errors.
 */
export function unreadableFileHint(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException;
  if ((e?.code !== "EACCES" && e?.code !== "EPERM") || !e.path || e.syscall === "listen") return undefined;
  return `${e.path}: this user may not read it (${e.code}): make it readable by the user Loket runs as (chmod a+r ${e.path}; a folder needs a+rx), or save it again as that user`;
}

export function formatIssue(i: FileIssue): string {
  return `${i.file}:${i.line}: ${i.warning ? "warning: " : ""}${i.message}`;
}

export class StoreError extends LoketError {
  override get name(): string {
    return "StoreError";
  }
}
