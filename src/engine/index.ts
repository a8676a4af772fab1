export { createEngine, type Engine, type EngineDeps } from "./engine.js";
export { loadFlows, validateFlows, checkFlowMessages, checkMessages, REQUIRED_FLOWS, ENGINE_MESSAGE_KEYS } from "./flows/load.js";
export type { Flows, Flow, Step } from "./flows/schema.js";
export type { EngineEvent, Effect, EffectResult, StepResult } from "./types.js";
