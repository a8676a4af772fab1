import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { OutputParserException } from "@langchain/core/output_parsers";
import { ChatOpenAI } from "@langchain/openai";
import { z } from "zod";
import type { Config } from "../config.js";
import { LoketError } from "../errors.js";
import type { Logger } from "../log.js";
import { checkAnswer, occursIn, type CheckOptions } from "./guard.js";
import { MASK_TOKEN } from "./mask.js";
import { llmMetrics, type LlmMetrics, type LlmOperation } from "./metrics.js";
import type { CallOptions, ClassifyOptions, FieldSpec, LanguageModel, Passage, Result } from "./port.js";
import { answerPrompt, classifyPrompt, extractPrompt, type ChatMessage } from "./prompt.js";

/** How structured output is requested; see docs/llm.md for which servers support which. */
export type StructuredMethod = "jsonSchema" | "functionCalling" | "jsonMode";

export interface LangChainModelOptions {
  /**
   * Longest a single call may take (LLM_TIMEOUT_MS); the call is aborted and falls back after
   * it. A caller's `signal` (CallOptions) can end it sooner: one message's calls share one budget.
   */
  timeoutMs: number;
  logger?: Logger;
  /** Default "jsonSchema" (OpenAI, vLLM, LM Studio, Ollama >= 0.5 constrain decoding to it). */
  method?: StructuredMethod;
  metrics?: LlmMetrics;
  /** Milliseconds clock for latency; tests may pin it. */
  now?: () => number;
  check?: CheckOptions;
  /**
   * Whether an answer is written in the language asked for ("id", "en"): an answer in Indonesian to
   * a citizen who writes in English (or the reverse) is not used, the templated answer in the
   * citizen's language is. Without it every language passes. `src/app.ts` hands it the language
   * guess the engine answers by (understanding.yaml `languages`).
   */
  writtenIn?: (text: string, lang: string) => boolean;
}

/** Ollama serves the OpenAI API here; it needs a key but ignores it. */
export const OLLAMA_BASE_URL = "http://127.0.0.1:11434/v1";

const nonEmpty = (values: readonly string[]): [string, ...string[]] => {
  if (values.length === 0) throw new LoketError("LLM_FAILED", "an empty list of choices was given to the model");
  return [...values] as [string, ...string[]];
};

/** Errors that mean "the model's output was wrong", as opposed to "the call failed". */
function isInvalidOutput(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof OutputParserException) return true;
  const name = err.name;
  return (
    name === "SyntaxError" ||
    name === "ZodError" ||
    name === "$ZodError" ||
    name === "OutputParserException" ||
    name === "LengthFinishReasonError" ||
    name === "ContentFilterFinishReasonError" ||
    // The openai client's finish_reason "length" / "content_filter" errors keep the name "Error".
    /^(LengthFinishReasonError|ContentFilterFinishReasonError)$/.test(err.constructor?.name ?? "") ||
    /failed to parse|unexpected token|is not valid json|no tool call|invalid_enum_value|invalid option|could not parse response content/i.test(err.message)
  );
}

const toLangChain = (messages: ChatMessage[]): BaseMessage[] =>
  messages.map((m) => (m.role === "system" ? new SystemMessage(m.content) : new HumanMessage(m.content)));

/**
 * The LangChain adapter of the `LanguageModel` port. It is handed a chat model (built by
 * `createChatModelFromConfig`, or any BaseChatModel in tests) and never builds one.
 *
 * Every call: one structured-output request with a zod schema built from what exists,
 * an AbortSignal at `timeoutMs` (and a timer that wins even if a model ignores the signal),
 * validation of the output again by the same schema, and one log line plus one metrics
 * count with operation, outcome, latency and sizes — never the text or the values.
 */
export function createLangChainModel(chat: BaseChatModel, opts: LangChainModelOptions): LanguageModel {
  const method = opts.method ?? "jsonSchema";
  const metrics = opts.metrics ?? llmMetrics;
  const now = opts.now ?? (() => performance.now());

  async function call<T>(
    op: LlmOperation,
    schema: z.ZodType<T>,
    messages: ChatMessage[],
    budget?: AbortSignal,
  ): Promise<Result<T> & { ms: number; errorName?: string }> {
    const started = now();
    // The caller's budget already spent (a classification took the message's whole share).
    if (budget?.aborted) return { ok: false, reason: "timeout", ms: 0 };
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let expire = () => {};
    const expired = new Promise<typeof TIMEOUT>((resolve) => {
      expire = () => {
        controller.abort();
        resolve(TIMEOUT);
      };
      timer = setTimeout(expire, opts.timeoutMs);
    });
    budget?.addEventListener("abort", expire, { once: true });
    let result: Result<T>;
    let errorName: string | undefined;
    try {
      const runnable = chat.withStructuredOutput(schema as z.ZodType<Record<string, unknown>>, { method, name: op });
      const out = await Promise.race([runnable.invoke(toLangChain(messages), { signal: controller.signal }), expired]);
      if (out === TIMEOUT) result = { ok: false, reason: "timeout" };
      else {
        const parsed = schema.safeParse(out);
        result = parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: "invalid" };
      }
    } catch (err) {
      errorName = err instanceof Error ? err.name : typeof err;
      result = { ok: false, reason: controller.signal.aborted ? "timeout" : isInvalidOutput(err) ? "invalid" : "error" };
    } finally {
      clearTimeout(timer);
      budget?.removeEventListener("abort", expire);
    }
    return Object.assign(result, { ms: Math.round(now() - started), errorName });
  }

  /** Records, logs and returns the final outcome (after the operation's own checks). */
  function finish<T>(
    op: LlmOperation,
    r: Result<T> & { ms: number; errorName?: string },
    sizes: Record<string, number>,
    extra: Record<string, unknown> = {},
  ): Result<T> {
    const outcome = r.ok ? "ok" : r.reason;
    metrics.record(op, outcome, r.ms);
    const line = { llm: op, outcome, ms: r.ms, method, ...sizes, ...extra, ...(r.errorName ? { error: r.errorName } : {}) };
    if (r.ok) opts.logger?.info(line, "llm call");
    else opts.logger?.warn(line, "llm call fell back");
    return r.ok ? { ok: true, value: r.value } : { ok: false, reason: r.reason };
  }

  return {
    async classify(text: string, o: ClassifyOptions, c: CallOptions = {}) {
      const schema = z.strictObject({
        intent: z.enum(nonEmpty(o.intents)),
        permit: o.permits.length ? z.enum(nonEmpty(o.permits.map((p) => p.id))).nullable() : z.null(),
        aspect: z.enum(nonEmpty(o.aspects)).nullable(),
      });
      const sizes = { chars: text.length, permits: o.permits.length };
      const r = await call("classify", schema, classifyPrompt(text, o), c.signal);
      return finish("classify", r, sizes);
    },

    async answer(question: string, passages: readonly Passage[], c: CallOptions = {}, lang = "id") {
      const sizes = { chars: question.length, passages: passages.length };
      if (passages.length === 0) return finish("answer", { ok: false, reason: "unsupported", ms: 0 }, sizes);
      const schema = z.strictObject({ text: z.string().max(4000), sources: z.array(z.string()) });
      const r = await call("answer", schema, answerPrompt(question, passages, lang), c.signal);
      if (!r.ok) return finish("answer", r, sizes);
      const known = new Set(passages.map((p) => p.source));
      const text = r.value.text.trim();
      if (!text) return finish("answer", reject(r, "unsupported"), sizes);
      // "[NIK]", "[email]": a placeholder of the masked question, never something to show the citizen.
      if (MASK_TOKEN.test(text)) return finish("answer", reject(r, "unsupported"), sizes, { maskToken: true });
      if (r.value.sources.some((s) => !known.has(s))) return finish("answer", reject(r, "invalid"), sizes);
      if (opts.writtenIn && !opts.writtenIn(text, lang)) return finish("answer", reject(r, "invalid"), sizes, { wrongLanguage: true });
      const check = checkAnswer(text, passages, opts.check);
      if (!check.ok) {
        return finish("answer", reject(r, "unsupported"), sizes, { unsupportedClaims: check.unsupported.length });
      }
      const sources = r.value.sources.length ? [...new Set(r.value.sources)] : [...known];
      return finish("answer", { ok: true, value: { text, sources }, ms: r.ms }, sizes, { answerChars: text.length });
    },

    async extractFields(text: string, fields: readonly FieldSpec[], c: CallOptions = {}) {
      const sizes = { chars: text.length, fieldCount: fields.length };
      if (fields.length === 0) return finish("extract", { ok: true, value: {}, ms: 0 }, sizes);
      const schema = z.strictObject(Object.fromEntries(fields.map((f) => [f.id, z.string().nullable()])));
      const r = await call("extract", schema, extractPrompt(text, fields), c.signal);
      if (!r.ok) return finish("extract", r, sizes);
      const values: Record<string, string> = {};
      let dropped = 0;
      for (const f of fields) {
        const v = (r.value as Record<string, string | null>)[f.id]?.trim();
        if (!v) continue;
        if (occursIn(v, text, f.kind)) values[f.id] = v;
        else dropped++;
      }
      return finish("extract", { ok: true, value: values, ms: r.ms }, sizes, { filled: Object.keys(values).length, dropped });
    },
  };
}

const TIMEOUT = Symbol("timeout");

/** A call that succeeded at the HTTP level but whose content is rejected by our checks. */
const reject = (r: { ms: number }, reason: "invalid" | "unsupported") => ({ ok: false as const, reason, ms: r.ms });

/** The most tokens a reply may have. */
export const MAX_OUTPUT_TOKENS = 1024;

/** The public OpenAI API, used by `LLM_PROVIDER=openai` without `LLM_BASE_URL`. */
const OPENAI_HOST = "api.openai.com";

/**
 * True for a host on this machine or the office's own network: loopback, private and
 * link-local addresses, and names only a local network resolves (`ollama` in Docker Compose,
 * `*.local`, `*.lan`, `*.internal`, `*.home.arpa`, `localhost`).
 */
export function isLocalHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (h === "localhost" || h.endsWith(".localhost") || h === "::1" || h === "0.0.0.0" || h === "::") return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (h.includes(":")) return /^(f[cd][0-9a-f]{2}|fe[89ab][0-9a-f]):/.test(h);
  return !h.includes(".") || /\.(local|lan|internal|home\.arpa)$/.test(h);
}

/**
 * Where the configured model runs, for the consent question: the server's host name and
 * whether it is the office's own (`isLocalHost`). Ollama defaults to this machine, `openai`
 * without `LLM_BASE_URL` to api.openai.com.
 */
export function modelServer(config: Config): { host: string; local: boolean } {
  const base = config.LLM_BASE_URL ?? (config.LLM_PROVIDER === "ollama" ? OLLAMA_BASE_URL : `https://${OPENAI_HOST}/v1`);
  const host = new URL(base).hostname.replace(/^\[|\]$/g, "");
  return { host, local: isLocalHost(host) };
}

/**
 * Builds the chat model from LLM_* configuration, or returns undefined when LLM_PROVIDER is
 * unset (no model: Loket is complete without one). Both providers use ChatOpenAI: Ollama,
 * vLLM and LM Studio all serve the OpenAI-compatible API at `<host>/v1`.
 * `maxRetries: 0` because a retry would only spend the citizen's waiting time; the
 * deterministic path is the fallback.
 */
export function createChatModelFromConfig(config: Config): ChatOpenAI | undefined {
  if (!config.LLM_PROVIDER) return undefined;
  const ollama = config.LLM_PROVIDER === "ollama";
  if (!config.LLM_MODEL) {
    throw new LoketError("CONFIG_INVALID", `LLM_MODEL is required when LLM_PROVIDER=${config.LLM_PROVIDER}, e.g. LLM_MODEL=${ollama ? "qwen2.5:7b-instruct" : "gpt-4o-mini"}`, { variable: "LLM_MODEL" });
  }
  const baseURL = config.LLM_BASE_URL ?? (ollama ? OLLAMA_BASE_URL : undefined);
  if (!ollama && !baseURL && !config.LLM_API_KEY) {
    throw new LoketError("CONFIG_INVALID", "LLM_API_KEY is required for api.openai.com; for a local OpenAI-compatible server set LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1)", { variable: "LLM_API_KEY" });
  }
  return new ChatOpenAI({
    model: config.LLM_MODEL,
    apiKey: config.LLM_API_KEY ?? (ollama ? "ollama" : "not-needed"),
    configuration: { baseURL },
    temperature: 0,
    // The longest JSON Loket asks for (an answer of at most 5 sentences) fits well within it; a
    // model that rambles is cut off (finish_reason "length": invalid) instead of spending the budget.
    maxTokens: MAX_OUTPUT_TOKENS,
    timeout: config.LLM_TIMEOUT_MS,
    maxRetries: 0,
  });
}

/** The configured language model (adapter over the configured chat model), or undefined. */
export function createLanguageModelFromConfig(
  config: Config,
  opts: Omit<LangChainModelOptions, "timeoutMs"> = {},
): LanguageModel | undefined {
  const chat = createChatModelFromConfig(config);
  return chat ? createLangChainModel(chat, { ...opts, timeoutMs: config.LLM_TIMEOUT_MS }) : undefined;
}
