import {
  INTENTS,
  OFFICE_ASPECTS,
  PERMIT_ASPECTS,
  type Aspect,
  type Intent,
  type UnderstandContext,
  type Understander,
  type Understanding,
} from "../engine/understand/types.js";
import type { Logger } from "../log.js";
import type { CallOptions, Classification, LanguageModel } from "./port.js";

/** An understander that may wait for a model. */
export interface AsyncUnderstander {
  understand(text: string, ctx?: UnderstandContext, call?: CallOptions): Promise<Understanding>;
}

export interface ModelFallbackOptions {
  /** Below this deterministic confidence the model is asked (use the flows' confidence_threshold, 0.5). */
  threshold: number;
  /** The catalogue the model may choose from: ids and names only (kb.permits). */
  permits: readonly { id: string; name: string }[];
  /**
   * Confidence given to a model's classification. Default: `threshold`, so the engine acts
   * on it; lower it to make the engine still ask "maksudnya izin yang mana?".
   */
  modelConfidence?: number;
  logger?: Logger;
}

const ALL_ASPECTS: readonly Aspect[] = [...PERMIT_ASPECTS, ...OFFICE_ASPECTS];
const isPermitAspect = (a: string | null): a is (typeof PERMIT_ASPECTS)[number] => (PERMIT_ASPECTS as readonly string[]).includes(a ?? "");
const isOfficeAspect = (a: string | null): a is (typeof OFFICE_ASPECTS)[number] => (OFFICE_ASPECTS as readonly string[]).includes(a ?? "");

/**
 * Wraps the deterministic understander: when it is sure (confidence >= threshold) the model
 * is not called at all; when it is unsure the model classifies the message among the
 * existing intents, permits and aspects; when the model fails (timeout, error, invalid
 * output) the deterministic result stands, so the citizen notices nothing. With no model
 * (`undefined`) this is the deterministic understander, made async.
 *
 * The model's choice is made coherent with the Understanding contract: a permit only for
 * ask/apply, a permit aspect only for ask (default "general"), an office aspect only for
 * office_info; "biayanya berapa?" during a conversation about a permit keeps that permit.
 *
 * Several questions in one message: the model reads the whole message and gives one reading, the
 * one that leads. The rules' further questions (`then`: parts each read surely on their own, while
 * the message read whole was unsure) stay, but for those the model's reading already answers; so
 * "pbg gedung sy udh terbit, slf nya brp lama prosesnya?" read by the model as the SLF's duration
 * is not answered twice, and read as something else still gets the SLF's duration.
 *
 * @example
 * const u = withModelFallback(createUnderstander(kb), model, { threshold: 0.5, permits: kb.permits });
 * await u.understand("kalau rumah di pinggir sungai perlu rekomendasi peil banjir?");
 */
export function withModelFallback(understander: Understander, model: LanguageModel | undefined, opts: ModelFallbackOptions): AsyncUnderstander {
  const permits = opts.permits.map((p) => ({ id: p.id, name: p.name }));
  const known = new Set(permits.map((p) => p.id));
  const confidence = opts.modelConfidence ?? opts.threshold;
  return {
    async understand(text, ctx, call) {
      const base = understander.understand(text, ctx);
      if (!model || base.confidence >= opts.threshold) return base;
      const r = await model.classify(text, { intents: INTENTS, permits, aspects: ALL_ASPECTS }, call);
      if (!r.ok) return base;
      const u = fromModel(r.value, base, ctx, known, confidence);
      const further = base.then?.filter((it) => !answeredBy(u, it));
      if (further?.length) u.then = further;
      opts.logger?.debug(
        { understand: "model", agreed: u.intent === base.intent && u.permit === base.permit, baseConfidence: base.confidence },
        "model classification used",
      );
      return u;
    },
  };
}

/** Whether reading `u` already answers the further question `it` (the same request, permit and aspect). */
function answeredBy(u: Understanding, it: Understanding): boolean {
  if (u.intent !== it.intent) return false;
  if (it.intent === "ask") return it.permit === u.permit && [it.aspect, ...(it.more ?? [])].every((a) => a === u.aspect || (u.more ?? []).includes(a as Aspect));
  if (it.intent === "office_info") return it.aspect === u.aspect;
  return true;
}

function fromModel(c: Classification, base: Understanding, ctx: UnderstandContext | undefined, known: Set<string>, confidence: number): Understanding {
  const intent = (INTENTS as readonly string[]).includes(c.intent) ? (c.intent as Intent) : "out_of_scope";
  let permit = c.permit && known.has(c.permit) ? c.permit : null;
  let aspect: Aspect | null = null;
  if (intent === "ask") {
    permit ??= ctx?.permit ?? null;
    aspect = isPermitAspect(c.aspect) ? c.aspect : "general";
  } else if (intent === "apply") {
    permit ??= ctx?.permit ?? null;
  } else {
    permit = null;
    if (intent === "office_info") aspect = isOfficeAspect(c.aspect) ? c.aspect : null;
  }
  const agreed = intent === base.intent && permit === base.permit;
  const u: Understanding = {
    intent,
    permit,
    aspect,
    confidence: Math.max(base.confidence, agreed ? Math.min(1, confidence + 0.1) : confidence),
    candidates: permit
      ? [{ permit, score: Math.max(confidence, base.candidates[0]?.score ?? 0) }, ...base.candidates.filter((x) => x.permit !== permit)]
      : base.candidates,
  };
  if (intent === "referral" && base.referral) u.referral = base.referral;
  return u;
}
