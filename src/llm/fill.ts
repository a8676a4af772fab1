import { validateField } from "../domain/fields.js";
import type { FormField } from "../knowledge/types.js";
import type { CallOptions, FailureReason, LanguageModel } from "./port.js";

/** What form filling from free text produced: proposals for the citizen to confirm. */
export interface FilledFields {
  /** Field id -> normalised value, each accepted by the same validator as a typed answer. */
  values: Record<string, string>;
  /** Values the model read that the validator refused (e.g. a 15-digit NIK), with the messages key. */
  rejected: { id: string; reason: string }[];
  /** Set when the model gave nothing usable; `values` is then empty and the form asks as usual. */
  failed?: FailureReason;
}

/**
 * Form filling: "nama saya Budi Santoso, NIK 3317…, HP 0812…" -> the fields it can fill.
 * The model only proposes; every value must occur in the citizen's text (checked by the
 * adapter) and passes `validateField` exactly as if typed, then the engine shows the
 * summary and the citizen confirms. Fields already answered should not be passed in.
 *
 * @example
 * const { values } = await fillFields(model, text, permit.form);
 * // values: { nama: "Budi Santoso", nik: "3317…", hp: "+62812…" }
 */
export async function fillFields(model: LanguageModel, text: string, form: readonly FormField[], call?: CallOptions): Promise<FilledFields> {
  const r = await model.extractFields(
    text,
    form.map((f) => ({ id: f.id, label: f.label, kind: f.kind })),
    call,
  );
  if (!r.ok) return { values: {}, rejected: [], failed: r.reason };
  const values: Record<string, string> = {};
  const rejected: FilledFields["rejected"] = [];
  for (const f of form) {
    const raw = r.value[f.id];
    if (raw === undefined) continue;
    const v = validateField(f.kind, raw, { min: f.min, max: f.max, options: f.options });
    if (v.ok) values[f.id] = v.value;
    else rejected.push({ id: f.id, reason: v.reason });
  }
  return { values, rejected };
}
