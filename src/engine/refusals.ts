import type { Messages } from "../text/messages.js";

/**
 * What Loket says when it cannot use what the citizen sent: the same words whether a form asked
 * for a document or staff hold the conversation (then the runtime answers instead of the engine).
 */

/** A refused upload: the message key and its values (`kinds`: what the question accepts, e.g. "PDF/JPG"). */
export function uploadRefusal(result: { reason: "type" | "size" | "empty"; limitBytes?: number; heic?: true }, kinds: string): { key: string; vars?: Record<string, string | number> } {
  if (result.reason === "size") return { key: "upload.too_big", vars: { mb: Math.floor((result.limitBytes ?? 0) / 1048576) || 1 } };
  if (result.reason === "empty") return { key: "upload.empty" };
  if (result.heic) return { key: "upload.heic" };
  return { key: "upload.bad_type", vars: { kinds } };
}

/** "Mohon maaf, stiker belum bisa kami proses…": the kind named from `unsupported_kind.*`, "other" for the rest. */
export function unsupportedText(m: Messages, kind: string): string {
  return m.t("unsupported", { kind: m.t(m.has(`unsupported_kind.${kind}`) ? `unsupported_kind.${kind}` : "unsupported_kind.other") });
}
