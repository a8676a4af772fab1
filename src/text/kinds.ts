import { closest } from "./closest.js";

/** What each kind of question takes, in a clerk's words, for the error that lists them. */
const KIND_TAKES: Record<string, string> = {
  text: "words",
  nik: "a 16-digit NIK",
  phone: "a phone number",
  email: "an e-mail address",
  date: "a date",
  number: "a number",
  choice: "one of its options",
};

/** Indonesian words a clerk writes for a kind ("kind: pilihan"). */
const KIND_WORDS: Record<string, string> = {
  pilihan: "choice",
  pilih: "choice",
  opsi: "choice",
  teks: "text",
  tulisan: "text",
  isian: "text",
  kata: "text",
  tanggal: "date",
  tgl: "date",
  angka: "number",
  bilangan: "number",
  jumlah: "number",
  nomor: "number",
  telepon: "phone",
  telp: "phone",
  hp: "phone",
  "no hp": "phone",
  wa: "phone",
  surel: "email",
  "e-mail": "email",
  ktp: "nik",
};

/**
 * The error for a question's `kind:` that is not one Loket knows, quoting what was written, the
 * kind meant (its spelling, or the Indonesian word for it) and the kinds there are with what each
 * takes. `allowed`: the kinds the place takes; `choiceElsewhere`: a flow's form, where a question
 * with options is a step of its own, so "pilihan" is said to be written as a choose step.
 *
 * @example kindIssue("pilihan", ["text", "choice"]) // 'kind: "pilihan" is not a kind Loket knows; did you mean "choice"? …'
 */
export function kindIssue(written: unknown, allowed: readonly string[], opts: { choiceElsewhere?: boolean } = {}): string {
  const shown = typeof written === "string" ? `"${written}"` : JSON.stringify(written);
  const word = typeof written === "string" ? written.trim().toLowerCase() : "";
  const usable = opts.choiceElsewhere ? allowed.filter((k) => k !== "choice") : allowed;
  const kinds = `the kinds: ${usable.map((k) => `${k} (${KIND_TAKES[k] ?? k})`).join(", ")}`;
  const meant = KIND_WORDS[word] ?? (word ? closest(word, [...allowed]) : undefined);
  if (opts.choiceElsewhere && (meant === "choice" || word === "choice")) {
    return `kind: ${shown}${word === "choice" ? "" : ' (written "choice")'}: a question in a flow's form cannot offer choices (it has no options): ask it as a step of its own (type: choose, with options, as the consent step of flows/apply.yaml), or write another kind; ${kinds}`;
  }
  const hint = meant && usable.includes(meant) ? `; did you mean "${meant}"? Write one of ${kinds}` : `; write one of ${kinds}`;
  return `kind: ${shown} is not a kind Loket knows${hint}`;
}
