/**
 * The language-model port. Loket is complete without a model; when one is configured it
 * only ever (1) picks among intents/permits/aspects that exist, (2) phrases an answer from
 * passages it is handed, (3) reads field values out of the citizen's own words. It never
 * changes state: every result is a proposal that deterministic code checks and may discard.
 */

/** Why a call produced nothing usable. The caller falls back to the deterministic path. */
export type FailureReason =
  /** No answer within LLM_TIMEOUT_MS. */
  | "timeout"
  /** HTTP error, refused connection, server error. */
  | "error"
  /** Malformed JSON, a schema mismatch, an id that does not exist. */
  | "invalid"
  /** An answer stating a number, fee, duration or document the passages do not contain. */
  | "unsupported"
  /** Not asked: the model failed several times in a row and is rested for a while (src/llm/circuit.ts). */
  | "skipped";

/** Expected outcomes are values: a model call never throws. */
export type Result<T> = { ok: true; value: T } | { ok: false; reason: FailureReason };

export interface ClassifyOptions {
  /** The existing intents; the model can choose nothing else. */
  intents: readonly string[];
  /** The existing permits (id and official name, no other data). */
  permits: readonly { id: string; name: string }[];
  /** The existing aspects. */
  aspects: readonly string[];
}

export interface Classification {
  intent: string;
  permit: string | null;
  aspect: string | null;
}

/** A piece of the knowledge base the answer may use; `source` is the permit file's path. */
export interface Passage {
  source: string;
  text: string;
}

export interface ModelAnswer {
  /** Indonesian, polite, short; already checked by `checkAnswer` against the passages. */
  text: string;
  /** Sources (a subset of the passages' `source`) the answer cites. */
  sources: string[];
}

/** A form field the model may fill; `kind` mirrors FormField.kind ("text", "nik", "phone", ...). */
/**
 * Per-call options. `signal` is the caller's budget (one message's share of LLM_TIMEOUT_MS):
 * when it aborts, the call ends at once as `timeout`, whatever its own timer says.
 */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface FieldSpec {
  id: string;
  label: string;
  kind: string;
}

/**
 * What Loket asks of a language model. Implementations: `createLangChainModel`
 * (src/llm/langchain.ts); tests use the same adapter against a fake OpenAI server.
 */
export interface LanguageModel {
  /**
   * Classifies one citizen message. Only the message and the catalogue's ids are sent.
   * An intent, permit or aspect outside the given lists is `{ ok: false, reason: "invalid" }`.
   */
  classify(text: string, opts: ClassifyOptions, call?: CallOptions): Promise<Result<Classification>>;
  /**
   * Answers a free-form question only from `passages`. The answer is run through
   * `checkAnswer`; one that states anything the passages do not is `reason: "unsupported"`
   * and the caller uses its templated answer.
   */
  answer(question: string, passages: readonly Passage[], call?: CallOptions, lang?: string): Promise<Result<ModelAnswer>>;
  /**
   * Reads field values from free text ("nama saya Budi, NIK 3317..."). Returns only ids from
   * `fields`, and only values that occur in the text. Values are proposals: the caller
   * validates each exactly as if typed and lets the citizen confirm.
   */
  extractFields(text: string, fields: readonly FieldSpec[], call?: CallOptions): Promise<Result<Record<string, string>>>;
}
