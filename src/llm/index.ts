/**
 * The optional language model (issue 8). Without LLM_PROVIDER nothing here is used and Loket
 * stays complete and deterministic. See docs/llm.md.
 */
export type { LanguageModel, Result, FailureReason, CallOptions, ClassifyOptions, Classification, Passage, ModelAnswer, FieldSpec } from "./port.js";
export { createLangChainModel, createChatModelFromConfig, createLanguageModelFromConfig, modelServer, isLocalHost, OLLAMA_BASE_URL, type LangChainModelOptions, type StructuredMethod } from "./langchain.js";
export { checkAnswer, occursIn, type CheckResult, type CheckOptions } from "./guard.js";
export { withModelFallback, type AsyncUnderstander, type ModelFallbackOptions } from "./fallback.js";
export { fillFields, type FilledFields } from "./fill.js";
export { permitPassage, officePassage, passagesFor } from "./passages.js";
export { llmMetrics, LlmMetrics, type LlmCallStats, type LlmOperation, type LlmOutcome } from "./metrics.js";
export { fence } from "./prompt.js";
export { maskPersonalData } from "./mask.js";
export { withCircuit, type CircuitOptions, type CircuitState, type GuardedModel } from "./circuit.js";
