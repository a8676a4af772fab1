/** The document types Loket accepts, judged by their first bytes, never by a name or a declared type. */
export type AcceptedMime = "application/pdf" | "image/jpeg" | "image/png";

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * What may not come before a PDF's `%PDF-`: markup (a web page or an SVG that only mentions
 * `%PDF-` in a comment), a Windows or Linux program, a ZIP, a script.
 */
const NOT_PDF_PREFIX = /<|^(?:\uFEFF|\xEF\xBB\xBF)?\s*(?:MZ|\x7FELF|PK\x03\x04|#!)/;

/**
 * Sniffs PDF (`%PDF-` and a version digit within the first 1 KB, as readers allow, after no markup
 * or other file's signature), JPEG (FF D8 FF) and PNG (its 8-byte signature). Anything else —
 * executables, HTML, SVG, ZIP, a renamed file — is `null`.
 */
export function sniff(bytes: Uint8Array): AcceptedMime | null {
  if (bytes.length >= 8 && PNG.every((b, i) => bytes[i] === b)) return "image/png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  const at = head.search(/%PDF-\d/);
  if (at >= 0 && !NOT_PDF_PREFIX.test(head.slice(0, at))) return "application/pdf";
  return null;
}

/** An iPhone photo (HEIC/HEIF, an ISO-BMFF "ftyp" box with a HEIF brand): refused with a way to send it as JPG. */
export function isHeic(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const head = Buffer.from(bytes.subarray(4, 12)).toString("latin1");
  return /^ftyp(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(head);
}

/**
 * A file Loket does not take that holds documents it would: a Word document ("word": .docx, or
 * an old .doc) or an archive ("zip": .zip, .rar, .7z), told apart so the citizen hears what to do
 * with it (save as PDF; send each document on its own). By the file name, or by the bytes (a ZIP
 * holding Word's parts; a ZIP, RAR or 7z archive). Undefined for anything else.
 */
export function containerOf(bytes: Uint8Array, filename?: string): "word" | "zip" | undefined {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(filename ?? "")?.[1]?.toLowerCase();
  const head = Buffer.from(bytes.subarray(0, 4096)).toString("latin1");
  const zip = head.startsWith("PK\u0003\u0004");
  // A Word file by its name, or a ZIP holding Word's parts whatever it is called.
  if (["docx", "doc", "odt"].includes(ext ?? "") || (zip && head.includes("word/"))) return "word";
  if (zip || head.startsWith("Rar!") || head.startsWith("7z\u00bc\u00af") || ["zip", "rar", "7z"].includes(ext ?? "")) return "zip";
  return undefined;
}

/** File kinds as knowledge files name them. */
export const KIND_OF_MIME: Record<AcceptedMime, "pdf" | "jpg" | "png"> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
};

/** Telegram's Bot API serves a bot at most 20 MB per file: Telegram citizens are told that limit. */
export const BOT_API_DOWNLOAD_MAX_BYTES = 20 * 1024 * 1024;
