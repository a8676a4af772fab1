import type { Messages } from "../text/messages.js";

/**
 * What Loket says when it cannot use what the citizen sent: the same words whether a form asked
 * for a document or staff hold the conversation (then the runtime answers instead of the engine).
 */

/** A refused upload: the message key and its values (`kinds`: what the question accepts, e.g. "PDF/JPG"). */
export function uploadRefusal(
  result: { reason: "type" | "size" | "empty"; limitBytes?: number; sizeBytes?: number; heic?: true; container?: "word" | "zip" },
  kinds: string,
): { key: string; vars?: Record<string, string | number> } {
  if (result.reason === "size") {
    const mb = Math.floor((result.limitBytes ?? 0) / 1048576) || 1;
    // The file's own size when the channel knew it ("3,4 MB; maksimal 2 MB"): by how much to shrink it.
    if (result.sizeBytes !== undefined) return { key: "upload.too_big_size", vars: { mb, size: megabytes(result.sizeBytes, ","), size_en: megabytes(result.sizeBytes, ".") } };
    return { key: "upload.too_big", vars: { mb } };
  }
  if (result.reason === "empty") return { key: "upload.empty" };
  if (result.heic) return { key: "upload.heic" };
  // A Word file where a PDF is taken: how to save it as one. A ZIP/RAR: each document on its own.
  if (result.container === "word" && kinds.includes("PDF")) return { key: "upload.word", vars: { kinds } };
  if (result.container === "zip") return { key: "upload.archive", vars: { kinds } };
  return { key: "upload.bad_type", vars: { kinds } };
}

/** 3565158 -> "3,4 MB" (one decimal, the language's decimal mark; a size just over a whole MB is not rounded down to the limit). */
function megabytes(bytes: number, mark: string): string {
  const tenths = Math.ceil(bytes / 104857.6);
  return `${Math.floor(tenths / 10)}${tenths % 10 ? `${mark}${tenths % 10}` : ""} MB`;
}

/** "Mohon maaf, stiker belum bisa kami proses…": the kind named from `unsupported_kind.*`, "other" for the rest. */
export function unsupportedText(m: Messages, kind: string): string {
  return m.t("unsupported", { kind: m.t(m.has(`unsupported_kind.${kind}`) ? `unsupported_kind.${kind}` : "unsupported_kind.other") });
}
