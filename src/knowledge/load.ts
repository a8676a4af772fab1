import { existsSync, readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import type { z } from "zod";
import { FileValidationError, type FileIssue } from "../errors.js";
import { jakartaDate, weekdayOf } from "../domain/hours.js";
import { expandPhrase } from "../domain/phrases.js";
import { plainTokens } from "../engine/understand/normalise.js";
import { nameParts, permitNameStems, stemCounts, SUPPORT_MAX_DF } from "../engine/understand/names.js";
import { closest } from "../text/closest.js";
import { kindIssue } from "../text/kinds.js";
import { encodingIssue } from "../text/encoding.js";
import { slashInWordLists } from "../text/word-lists.js";
import { joinedListItems, parseYamlLocated, valueAt, type LocatedYaml } from "../text/yaml.js";
import { isRealDate, OfficeSchema, PermitFrontSchema, ReferralsSchema, SpecialDaySchema, SpecialHintSchema, SpecialListSchema, SpecialWeekSchema, UnderstandingSchema, type PermitFront } from "./schema.js";
import type { KnowledgeBase, LanguageKnowledge, Office, OpeningHours, Permit, Referral, SpecialHours, Weekday } from "./types.js";

/**
 * Loads knowledge/: one markdown file per permit (YAML front matter + body) in
 * knowledge/permits/, knowledge/office.yaml, knowledge/referrals.yaml and the optional
 * knowledge/understanding.yaml. Every problem in every file is collected and reported as
 * `file:line: what is wrong and how to fix it`, so a clerk fixes them all in one go.
 */

export interface LoadKnowledgeOptions {
  /** Paths in messages and `Permit.source` are relative to this (default: process.cwd()). */
  root?: string;
  /** For the "reviewed date is in the future" check. */
  now?: () => Date;
  /** The files' texts when the caller has read them already (see cache.ts). */
  sources?: KnowledgeSources;
}

/** The texts of the knowledge files, as read from disk (undefined: the file is missing). */
export interface KnowledgeSources {
  permitFiles: string[];
  /** Files in knowledge/permits/ that look meant as permits but are not read (`pbg.md.txt`, `PBG.MD`). */
  strayFiles?: string[];
  /** Entries of knowledge/ itself that Loket does not read (a folder "arsip/", "libur.yaml", a permit file put beside office.yaml). */
  unreadFiles?: string[];
  permitTexts: string[];
  officeText: string | undefined;
  referralText: string | undefined;
  languageText: string | undefined;
}

/**
 * The permit files' names (`<id>.md`), sorted, and the files beside them that are not read but
 * look meant to be (a wrong ending: `.md.txt`, `.MD`, `.txt`); undefined when knowledge/permits/
 * is missing. Hidden files and editors' backups (`~`, `.bak`, `.orig`, `.swp`) are left alone.
 */
async function listPermitFiles(dir: string): Promise<{ md: string[]; stray: string[] } | undefined> {
  const entries = await readdir(join(dir, "permits"), { withFileTypes: true }).catch(() => undefined);
  if (!entries) return undefined;
  // A folder (an archive "lama/", a group "kesehatan/") is named with a "/": its files are not read either.
  const names = entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
  const md = names.filter((f) => f.endsWith(".md")).sort();
  const stray = names.filter((f) => !f.endsWith(".md") && !f.startsWith(".") && !/(~|\.bak|\.orig|\.swp|\.tmp)$/i.test(f)).sort();
  return { md, stray };
}

const KNOWLEDGE_ENTRIES = new Set(["permits/", "office.yaml", "referrals.yaml", "understanding.yaml"]);

/**
 * The entries of knowledge/ that Loket does not read (a folder with "/"): an archive folder, a
 * holiday list in a file of its own, a permit file saved beside office.yaml. Hidden files, editors'
 * backups and a README are left alone; `<name>.yml` in place of a missing `<name>.yaml` is an error
 * of its own (ymlInstead).
 */
async function listUnread(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .filter((f) => !KNOWLEDGE_ENTRIES.has(f) && !f.startsWith(".") && !/(~|\.bak|\.orig|\.swp|\.tmp)$/i.test(f) && !/^readme\b/i.test(f))
    .filter((f) => !(/^(office|referrals|understanding)\.yml$/.test(f) && !existsSync(join(dir, f.replace(/\.yml$/, ".yaml")))))
    .sort();
}

/** Why an entry of knowledge/ is not read, and what to do (a warning: Loket works without it). */
function unreadMessage(name: string): string {
  const reads = "Loket reads only the folder permits/ and the files office.yaml, referrals.yaml and understanding.yaml in knowledge/";
  if (name.endsWith("/")) return `this folder is not read: ${reads}. Put permit files in knowledge/permits/; keep old files outside knowledge/`;
  if (/\.md$/i.test(name)) return `this file is not read: a permit file goes in knowledge/permits/ (move it to knowledge/permits/${name.toLowerCase()})`;
  return `this file is not read: ${reads}. Holidays and special hours go in office.yaml (holidays:, special_hours:), other agencies' services in referrals.yaml`;
}

/** Reads every knowledge file (`permitFiles`: the .md names, listed by the caller). */
export async function readKnowledgeSources(dir: string, permitFiles?: string[]): Promise<KnowledgeSources> {
  const permitDir = join(dir, "permits");
  const listed = permitFiles ? undefined : await listPermitFiles(dir);
  const files = permitFiles ?? listed?.md ?? [];
  const [permitTexts, officeText, referralText, languageText, unread] = await Promise.all([
    Promise.all(files.map((f) => readFile(join(permitDir, f), "utf8"))),
    readOptional(join(dir, "office.yaml")),
    readOptional(join(dir, "referrals.yaml")),
    readOptional(join(dir, "understanding.yaml")),
    listUnread(dir),
  ]);
  return { permitFiles: files, ...(listed?.stray.length ? { strayFiles: listed.stray } : {}), ...(unread.length ? { unreadFiles: unread } : {}), permitTexts, officeText, referralText, languageText };
}

export interface KnowledgeValidation {
  kb?: KnowledgeBase;
  issues: FileIssue[];
  /**
   * Worth fixing but Loket works (npm run check prints them, start-up does not refuse them): a
   * text written in Indonesian without its English one (`label_en`, `name_en`, …), see missingEnglish.
   */
  warnings: FileIssue[];
}

/** The loaded knowledge base; throws FileValidationError("KNOWLEDGE_INVALID") listing every problem. */
export async function loadKnowledge(dir: string, opts: LoadKnowledgeOptions = {}): Promise<KnowledgeBase> {
  const { kb, issues } = await validateKnowledge(dir, opts);
  if (issues.length || !kb) throw new FileValidationError("KNOWLEDGE_INVALID", issues);
  return kb;
}

/** Validation without throwing, for `npm run check`: the knowledge base when valid, and all issues. */
export async function validateKnowledge(dir: string, opts: LoadKnowledgeOptions = {}): Promise<KnowledgeValidation> {
  const root = opts.root ?? process.cwd();
  const now = opts.now ?? (() => new Date());
  const issues: FileIssue[] = [];
  const rel = (p: string) => relative(root, p) || p;

  const permitDir = join(dir, "permits");
  let permitFiles: string[] = opts.sources?.permitFiles ?? [];
  let stray = opts.sources?.strayFiles ?? [];
  if (!opts.sources) {
    const listed = await listPermitFiles(dir);
    if (listed) [permitFiles, stray] = [listed.md, listed.stray];
    else issues.push({ file: rel(permitDir), line: 1, message: "folder is missing: create knowledge/permits/ with one <id>.md file per permit" });
  }
  for (const f of stray) {
    if (f.endsWith("/")) {
      issues.push({ file: rel(join(permitDir, f.slice(0, -1))), line: 1, message: `this is a folder, and Loket reads no folder inside knowledge/permits/: only the <id>.md files directly in it. Move the permit files it holds up into knowledge/permits/, or move the folder out of knowledge/ (old files kept for reference belong outside it)` });
      continue;
    }
    const base = f.replace(/(\.md)?(\.[^.]*)?$/i, "");
    issues.push({ file: rel(join(permitDir, f)), line: 1, message: `this file is not read: permit files end in .md. Rename it to ${base.toLowerCase()}.md, or move it out of knowledge/permits/` });
  }
  const { permitTexts, officeText, referralText, languageText, unreadFiles = [] } = opts.sources ?? (await readKnowledgeSources(dir, permitFiles));

  const permits: Permit[] = [];
  const warnings: FileIssue[] = unreadFiles.map((f) => ({ file: rel(join(dir, f.replace(/\/$/, ""))), line: 1, warning: true, message: unreadMessage(f) }));
  const names = new NameRegistry(issues, warnings);
  /** Every permit and referral name written, to check against the words citizens use about any permit. */
  const written: { name: string; key: string; at: NameAt }[] = [];
  const fileIds = new Set(permitFiles.map((f) => basename(f, ".md")));
  permitFiles.forEach((f, i) => {
    const file = rel(join(permitDir, f));
    const p = parsePermit(file, basename(f, ".md"), permitTexts[i]!, issues, now(), fileIds);
    if (!p) return;
    permits.push(p.permit);
    warnings.push(...missingEnglish(file, p.permit, p.y, p.bodyLine), ...durationRepeatsLabel(file, p.permit, p.y));
    // Its name (and the parts of "Name (SHORT)") is a name citizens use for it as much as an alias.
    // Registered before its aliases: an alias of another permit equal to it is then said in that
    // other file (remove it there), and this permit's aliases may repeat it.
    for (const n of nameParts(p.permit.name)) names.add(n, { owner: `permit ${p.permit.id}`, file, line: () => p.y.lineOf(["name"]), isName: true, fullName: p.permit.name }, true);
    names.add(p.permit.id, { owner: `permit ${p.permit.id}`, file, line: () => p.y.lineOf(["id"]), own: true }, true);
    for (const [key, list] of [["aliases", p.front.aliases], ["keywords", p.front.keywords]] as const) {
      list.forEach((a, j) => {
        const at = { owner: `permit ${p.permit.id}`, file, line: () => p.y.lineOf([key, j]) };
        severalNames(a, key, "the permit", at, issues);
        names.add(a, at);
        written.push({ name: a, key, at });
      });
    }
  });

  const officeFile = rel(join(dir, "office.yaml"));
  let office: Office | undefined;
  if (officeText === undefined) issues.push({ file: officeFile, line: 1, message: ymlInstead(dir, "office") ?? "file is missing: create knowledge/office.yaml with the office's name, address, hours and contacts" });
  else office = parseOffice(officeFile, officeText, issues, fileIds, warnings);

  const referralFile = rel(join(dir, "referrals.yaml"));
  let referrals: Referral[] = [];
  if (referralText === undefined) issues.push({ file: referralFile, line: 1, message: ymlInstead(dir, "referrals") ?? "file is missing: create knowledge/referrals.yaml (a list of other agencies' services, may be [])" });
  else referrals = parseReferrals(referralFile, referralText, issues, names, written, fileIds);

  let language: LanguageKnowledge | undefined;
  if (languageText !== undefined) language = parseLanguage(rel(join(dir, "understanding.yaml")), languageText, issues);
  else {
    const yml = ymlInstead(dir, "understanding");
    if (yml) issues.push({ file: rel(join(dir, "understanding.yaml")), line: 1, message: yml });
  }
  if (language) issues.push(...namesThatAreCues(written, permits, language));

  if (issues.length || !office) return { issues, warnings };
  return { kb: assembleKnowledge({ permits, office, referrals, ...(language ? { language } : {}) }), issues, warnings };
}

/**
 * A permit's text a citizen reads (a document's name and note, a form question's label, about and
 * hint, a choice's label, the fee and the processing time) written in Indonesian with no English
 * one beside it: a citizen writing in English reads the Indonesian there. Warnings at the
 * Indonesian text's line, so a clerk sees what to add; Loket still works without them.
 */
export function missingEnglish(file: string, p: Permit, y: LocatedYaml, bodyLine = 1): FileIssue[] {
  const out: FileIssue[] = [];
  const warn = (path: (string | number)[], key: string, what: string) =>
    out.push({ file, line: y.lineOf(path), warning: true, message: `${what} has ${key}: but no ${key === "text" ? "en" : `${key}_en`}: citizens writing in English read the Indonesian text; add the same in English (docs/knowledge.md, section 3)` });
  p.requirements.forEach((d, j) => {
    if (!d.nameEn) warn(["requirements", j, "name"], "name", `document "${d.id}"`);
    if (d.note && !d.noteEn) warn(["requirements", j, "note"], "note", `document "${d.id}"`);
  });
  p.form.forEach((f, j) => {
    if (!f.labelEn) warn(["form", j, "label"], "label", `form question "${f.id}"`);
    if (f.about && !f.aboutEn) warn(["form", j, "about"], "about", `form question "${f.id}"`);
    if (f.hint && !f.hintEn) warn(["form", j, "hint"], "hint", `form question "${f.id}"`);
    (f.options ?? []).forEach((o, k) => {
      if (!o.labelEn) warn(["form", j, "options", k, "label"], "label", `option "${o.id}" of form question "${f.id}"`);
    });
  });
  if (!p.fee.en) warn(["fee", "text"], "text", "fee");
  const stale = p.fee.en ? feeEnglishDisagrees({ en: p.fee.en, amount: p.fee.amount }) : undefined;
  if (stale) out.push({ file, line: y.lineOf(["fee", "en"]), warning: true, message: stale });
  if (!p.duration.en) warn(["duration", "text"], "text", "duration");
  const top = (key: string, has: boolean) => {
    if (!has) out.push({ file, line: y.lineOf([key]), warning: true, message: `the permit has ${key}: but no ${key}_en: citizens writing in English read the Indonesian text; add the same in English (docs/knowledge.md, section 2)` });
  };
  top("name", !!p.nameEn);
  top("category", !!p.categoryEn);
  top("validity", !!p.validityEn);
  if (p.renewal && !p.renewal.en) warn(["renewal", "text"], "text", "renewal");
  if (p.notFor && !p.notFor.en) warn(["not_for", "text"], "text", "not_for");
  if (p.after && !p.after.en) warn(["after", "text"], "text", "after");
  if (p.changes && !p.changes.en) warn(["changes", "text"], "text", "changes");
  top("legal_basis", !!p.legalBasisEn);
  top("procedure", !!p.procedureEn);
  // The English lists are read line for line in place of the Indonesian ones. One of another length
  // (a step added in Indonesian only) is not read: English answers give the Indonesian list meanwhile.
  for (const [key, id, en] of [["legal_basis", p.legalBasis, p.legalBasisEn], ["procedure", p.procedure, p.procedureEn]] as const) {
    if (en && en.length !== id.length) out.push({ file, line: y.lineOf([`${key}_en`]), warning: true, message: `${key}_en has ${en.length} line${en.length === 1 ? "" : "s"} and ${key} has ${id.length}: citizens writing in English read the Indonesian ${key} until each Indonesian line has its English line, in the same order` });
  }
  if (p.body.trim() && !p.bodyEn) out.push({ file, line: bodyLine, warning: true, message: `the text under the front matter (the permit's description) is there but no body_en: citizens writing in English read the Indonesian text; add body_en: with the same in English (docs/knowledge.md, section 2)` });
  if (p.submission.note && !p.submission.noteEn) warn(["submission", "note"], "note", "submission");
  if (p.submission.issued && !p.submission.issuedEn) warn(["submission", "issued"], "issued", "submission");
  return out;
}

/**
 * A processing time written with its own label ("Lama proses izin reklame di Rembang belum …"):
 * answers and status checks print it after "Lama proses:" / "Processing time:", so the citizen read
 * the label twice. A warning at the text's line; the shipped files start with the time itself.
 */
export function durationRepeatsLabel(file: string, p: Permit, y: LocatedYaml): FileIssue[] {
  const out: FileIssue[] = [];
  const head = (text: string, words: number) => text.toLowerCase().split(/\s+/).slice(0, words).join(" ");
  if (/\blama (proses|pemeriksaan)\b/.test(head(p.duration.text, 4))) out.push({ file, line: y.lineOf(["duration", "text"]), warning: true, message: `duration text starts with "lama proses": answers and status checks show it after "Lama proses:", so citizens read it twice; start with the time itself ("Paling lama 5 hari kerja …", "Di Rembang belum kami dapatkan datanya; …")` });
  if (p.duration.en && /\bprocessing time\b/.test(head(p.duration.en, 7))) out.push({ file, line: y.lineOf(["duration", "en"]), warning: true, message: `duration en starts with "processing time": answers and status checks show it after "Processing time:", so citizens read it twice; start with the time itself ("At most 5 working days …", "Not yet known for Rembang; …")` });
  return out;
}

/** When `<name>.yml` stands where Loket reads `<name>.yaml`: what to do (it is not read). */
function ymlInstead(dir: string, name: string): string | undefined {
  return existsSync(join(dir, `${name}.yml`)) ? `Loket reads knowledge/${name}.yaml, and there is a knowledge/${name}.yml instead, which is not read: rename it to ${name}.yaml` : undefined;
}

/** The knowledge base from its data (freshly validated, or from the parsed-knowledge cache). */
export function assembleKnowledge(data: Omit<KnowledgeBase, "permit">): KnowledgeBase {
  const byId = new Map(data.permits.map((p) => [p.id, p]));
  return { ...data, permit: (id) => byId.get(id) };
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Lowercase, punctuation and hyphens to spaces: "SPP-IRT" and "spp irt" are the same name. */
export function normaliseName(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[.'’]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Where a name was written; the line is looked up only when it is needed for a message. */
interface NameAt {
  owner: string;
  file: string;
  line: () => number;
  /** Written as the permit's `name` (changed rather than removed to resolve a clash). */
  isName?: boolean;
  /** The permit's own id, which its aliases may repeat. */
  own?: boolean;
  /** The whole `name` this is (a part of), to say whose name an alias elsewhere repeats. */
  fullName?: string;
}

/**
 * Two names written as one item ("- ijin usaha mikro, IUMK", "[KK; kartu keluarga]"): Loket would
 * look for the whole text, so citizens writing either name alone would not find it. No name in
 * the shipped files holds a "," or ";".
 */
function severalNames(name: string, key: string, what: string, at: NameAt, issues: FileIssue[]): void {
  const sign = /[,;]/.exec(name)?.[0];
  if (!sign) return;
  const parts = name.split(/[,;]/).map((s) => s.trim()).filter(Boolean).map((s) => `"- ${s}"`);
  const write = parts.length > 1 ? `write ${parts.slice(0, -1).join(", ")} and ${parts.at(-1)} on lines of their own` : `remove the "${sign}"`;
  issues.push({ file: at.file, line: at.line(), message: `${key}: "${name}" holds a "${sign}": each name is an item of its own, so citizens writing one of them find ${what}; ${write}` });
}

/** Remembers every alias/keyword/id, so one name cannot point to two permits or referrals. */
class NameRegistry {
  private seen = new Map<string, NameAt>();
  /** Clashes reported, so a name written both as an alias and in the `name` of one permit is reported once. */
  private reported = new Set<string>();
  /** A permit's alias equal to its own name or id, by name and owner: the first line it is written at. */
  private aliases = new Map<string, NameAt>();
  /** `warnings`: a name written twice for one permit (it counts once: harmless, but one line is left over). */
  constructor(
    private issues: FileIssue[],
    private warnings: FileIssue[],
  ) {}
  /** `self`: the permit's own id or name, which its aliases may repeat ("NIB" for nib). */
  add(name: string, at: NameAt, self = false): void {
    const key = normaliseName(name);
    if (!key) return;
    const prev = this.seen.get(key);
    if (!prev) {
      this.seen.set(key, at);
      return;
    }
    // A permit's aliases may repeat its own name or id, in either order; but one alias written
    // twice is still a line left over, whether or not the name holds it too ("PBG" in pbg).
    if ((self || prev.isName || prev.own) && prev.owner === at.owner) {
      if (self) return;
      const mine = `${key}\0${at.owner}`;
      const first = this.aliases.get(mine);
      if (!first) this.aliases.set(mine, at);
      else this.warnings.push({ file: at.file, line: at.line(), warning: true, message: `"${name}" is listed twice for ${at.owner} (also at line ${first.line()}): it counts once, so nothing changes for citizens; remove one of the two lines` });
      return;
    }
    // An alias or keyword equal to another's name (or a part of it): citizens writing it mean that
    // one, so the alias is what goes, in its own file, whichever of the two files is read first.
    const named = prev.isName && !at.isName ? prev : at.isName && !prev.isName ? at : undefined;
    const alias = named === prev ? at : named ? prev : undefined;
    const clash = `${key}\0${[prev.owner, at.owner].sort().join("\0")}`;
    if (this.reported.has(clash)) return;
    this.reported.add(clash);
    if (named && alias) {
      this.seen.set(key, named);
      const whose = named.fullName ? `the name of ${named.owner}, "${named.fullName}"` : `a name of ${named.owner}`;
      this.issues.push({
        file: alias.file,
        line: alias.line(),
        message: `"${name}" is part of ${whose} (${named.file}:${named.line()}): citizens writing it mean that permit, so it cannot also point to ${alias.owner}; remove it here, or write a longer name with a word of ${alias.owner.replace(/^\w+ /, "")}'s own`,
      });
    } else if (prev.owner === at.owner && !at.owner.startsWith("permit ")) {
      // Two referrals under one id (refused by itself): each of the two says a name.
      this.issues.push({ file: at.file, line: at.line(), message: `"${name}" is listed twice (also at line ${prev.line()}); remove one` });
    } else if (prev.owner === at.owner) {
      // A permit's file is its own: the name is written twice for the one permit.
      this.warnings.push({ file: at.file, line: at.line(), warning: true, message: `"${name}" is listed twice for ${at.owner} (also at line ${prev.line()}): it counts once, so nothing changes for citizens; remove one of the two lines` });
    } else {
      // Files are read in name order, so either of the two may be the one just edited: name both.
      const where = (x: NameAt) => `${x.file}:${x.line()}${x.isName ? ", its name" : ""}`;
      const rename = prev.isName || at.isName ? "; a name written as `name:` is not removed but changed: write the words that set it apart" : "";
      this.issues.push({
        file: at.file,
        line: at.line(),
        message: `"${name}" is a name of both ${prev.owner} (${where(prev)}) and ${at.owner} (${where(at)}); one name may point to one permit or referral only: keep it in the file of the one citizens mean by it, and remove it from the other${rename}`,
      });
    }
  }
}

/**
 * A permit's alias or keyword that is one of the words citizens use about any permit ("biaya",
 * "syarat", "berapa lama", "daftar"), or that has only words in the names of many permits
 * ("izin", "surat izin"): every question with that word would point at this permit. Compared
 * in the form the understander matches (spelling list, then stems: "persyaratan" is "syarat",
 * "ijin" is "izin"), so another form of a cue word is refused too.
 */
function namesThatAreCues(written: { name: string; key: string; at: NameAt }[], permits: Permit[], language: LanguageKnowledge): FileIssue[] {
  // Read as the understander's index reads them (before its vocabulary), and shared with it.
  const plain = plainTokens(language);
  const stemsOf = (s: string) => plain(s).map((t) => t.stem);
  const cues = new Map<string, string>();
  for (const [group, lists] of [["aspects", language.aspects], ["intents", language.intents], ["office", language.office]] as const) {
    for (const [kind, list] of Object.entries(lists)) {
      for (const word of Object.keys(list ?? {})) {
        const key = stemsOf(word.replace(/\*/g, " ")).join(" ");
        if (key && !cues.has(key)) cues.set(key, `${group}.${kind}`);
      }
    }
  }
  // Words the understander does not count as pointing to any one permit: in the names of many.
  const df = stemCounts(permitNameStems(permits, stemsOf));
  const issues: FileIssue[] = [];
  for (const { name, key, at } of written) {
    const stems = stemsOf(name);
    if (!stems.length) continue;
    const longer = `"${name} ${at.owner.replace(/^(?:permit|referral) /, "")}"`;
    const cue = cues.get(stems.join(" "));
    if (cue) {
      const read = stems.join(" ") === normaliseName(name) ? "" : ` is read as "${stems.join(" ")}", which`;
      issues.push({
        file: at.file,
        line: at.line(),
        message: `"${name}" in ${key}${read} is a word citizens use about any permit (${language.source}: ${cue}): every question with it would point at ${at.owner}; remove it, or write a longer name (${longer})`,
      });
      continue;
    }
    if (stems.every((s) => (df.get(s) ?? 0) > SUPPORT_MAX_DF)) {
      const counts = [...new Set(stems)].map((s) => `"${s}" in ${df.get(s)} of ${permits.length}`).join(", ");
      issues.push({
        file: at.file,
        line: at.line(),
        message: `"${name}" in ${key} has only words found in the names of many permits (${counts}), so it does not tell this permit apart: every question with it would point at ${at.owner}; remove it, or write a longer name with a word of this permit's own (${longer})`,
      });
      continue;
    }
    // A one-word name the spelling list reads as another, everyday word ("SPT" is "seperti"):
    // every message with that word would point at this permit or referral.
    const typed = normaliseName(name);
    const everyday = !/\s/.test(typed) ? language.spelling[typed] : undefined;
    if (everyday && everyday !== typed && !/\s/.test(everyday)) {
      issues.push({
        file: at.file,
        line: at.line(),
        message: `"${name}" in ${key} is read as "${everyday}" (${language.source}: spelling), so every message with "${everyday}" would point at ${at.owner}; write a longer name (${longer}), or remove it`,
      });
    }
  }
  return issues;
}

/** False, with the problem reported, when the file was not saved as UTF-8 (ANSI, UTF-16). */
function readable(file: string, text: string, issues: FileIssue[]): boolean {
  const bad = encodingIssue(file, text);
  if (bad) issues.push(bad);
  return !bad;
}

/** False, with the lines reported, when a list item is indented so far that YAML joins it to the one above. */
function laidOut(file: string, text: string, issues: FileIssue[], lineOffset = 0): boolean {
  const joined = joinedListItems(file, text, lineOffset);
  issues.push(...joined);
  return !joined.length;
}

function splitFrontMatter(text: string): { front: string; body: string } | undefined {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0]?.trim() !== "---") return undefined;
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  if (end < 0) return undefined;
  return { front: lines.slice(1, end).join("\n"), body: lines.slice(end + 1).join("\n").trim() };
}

/**
 * A permit's own form field with the id of a field the application flow asks every applicant
 * (`applicationFields` of src/engine/flows/load.ts: whatever flows/apply.yaml asks, the name, NIK
 * and phone as well as a field a clerk added or renamed there): both answers would be kept under
 * one name, the later replacing the earlier. Reported at the permit's field, with the flow's line.
 * Read from the parsed flows, never from a list here: a list went stale when a clerk renamed a field.
 */
export function permitFieldClashes(permits: readonly Permit[], askedByFlow: readonly { id: string; file: string; line: () => number }[]): FileIssue[] {
  const asked = new Map<string, { file: string; line: () => number }>();
  for (const f of askedByFlow) if (!asked.has(f.id)) asked.set(f.id, f);
  const issues: FileIssue[] = [];
  for (const p of permits) {
    p.form.forEach((fld, j) => {
      const flow = asked.get(fld.id);
      if (!flow) return;
      issues.push({
        file: p.source,
        line: permitLine(p.source, ["form", j, "id"]),
        message: `field "${fld.id}" is already asked for every application by ${flow.file} (line ${flow.line()}): one answer would replace the other; give this field another id, or remove it`,
      });
    });
  }
  return issues;
}

/** The line of a front-matter key in a permit file (read only when a problem is reported). */
function permitLine(file: string, path: (string | number)[]): number {
  try {
    const parts = splitFrontMatter(readFileSync(file, "utf8"));
    return parts ? parseYamlLocated(file, parts.front, 1).lineOf(path) : 1;
  } catch {
    return 1;
  }
}

function parsePermit(file: string, fileId: string, text: string, issues: FileIssue[], now: Date, fileIds: ReadonlySet<string>): { permit: Permit; front: PermitFront; y: LocatedYaml; bodyLine: number } | undefined {
  if (!readable(file, text, issues)) return undefined;
  const parts = splitFrontMatter(text);
  if (!parts) {
    const opened = text.replace(/^\uFEFF/, "").split(/\r?\n/)[0]?.trim() === "---";
    // "..." ends a document in YAML, and some editors' front-matter templates close with it.
    const dots = text.replace(/^\uFEFF/, "").split(/\r?\n/).findIndex((l, i) => i > 0 && l.trim() === "...");
    if (opened && dots > 0) issues.push({ file, line: dots + 1, message: 'the front matter is closed here with "...": write "---" on this line instead (a permit file\'s front matter starts and ends with a line "---")' });
    else if (opened) issues.push({ file, line: 1, message: 'the front matter opened on this line is not closed: put a line "---" after the last permit field (validity, reviewed, needs_confirmation…), before the description' });
    else issues.push({ file, line: 1, message: 'front matter is missing: the file must start with a line "---", then the permit fields, then another "---" line, then the description' });
    return undefined;
  }
  const y = parseYamlLocated(file, parts.front, 1);
  if (y.issues.length) {
    issues.push(...y.issues.map((i) => ({ ...i, message: `${i.message} (YAML syntax: check indentation, colons and quotes)` })));
    return undefined;
  }
  if (!laidOut(file, parts.front, issues, 1)) return undefined;
  const r = PermitFrontSchema.safeParse(y.value ?? {});
  if (!r.success) {
    // An id written as the permit is written on paper ("SIP-Gizi", "sip gizi"): the id to write, and the file name to match.
    const written = (y.value as { id?: unknown } | undefined)?.id;
    const meant = typeof written === "string" ? written.trim().toLowerCase().replace(/[\s_]+/g, "-") : "";
    const idFix = meant !== written && /^[a-z0-9]+(?:[_-][a-z0-9]+)*$/.test(meant);
    const rest = r.error.issues.filter((i) => !(idFix && i.path.length === 1 && i.path[0] === "id"));
    if (idFix) {
      const rename = fileId === meant ? "" : `, and rename the file to ${meant}.md`;
      issues.push({ file, line: y.lineOf(["id"]), message: `id "${String(written)}" may use only small letters, digits and "-": write id: ${meant}${rename} (the id is the file name without .md)` });
    }
    issues.push(...zodIssues(file, y, rest, PermitFrontSchema, permitItemName(y.value)));
    return undefined;
  }
  const f = r.data;
  const before = issues.length;
  if (f.id !== fileId) {
    // A permit copied from another (the README's recipe copies pbg.md) keeps that one's id: renaming
    // the file to match would overwrite the permit it was copied from.
    const slugName = /^[a-z0-9]+(?:[_-][a-z0-9]+)*$/.test(fileId);
    const taken = fileIds.has(f.id)
      ? slugName
        ? `: ${f.id}.md already has that id (this file was probably copied from it), so change the id here to "${fileId}"`
        : // "sppl - Copy.md", "sppl (1).md": a copy the file manager named, whose name is no id either.
          `: ${f.id}.md already has that id (this file was probably copied from it): rename the file to the new permit's id, in small letters, digits and "-" (such as sip-gizi.md), and write that id here (id: sip-gizi)`
      : slugName
        ? ` (rename the file to ${f.id}.md or change the id)`
        : ` (rename the file to ${f.id}.md: a file name, like an id, has only small letters, digits and "-")`;
    issues.push({ file, line: y.lineOf(["id"]), message: `id "${f.id}" must equal the file name "${fileId}"${taken}` });
  }
  uniqueIds(f.requirements, (j) => y.lineOf(["requirements", j, "id"]), "document", file, issues);
  uniqueIds(f.form, (j) => y.lineOf(["form", j, "id"]), "form field", file, issues);
  if (!f.requirements.some((d) => d.required && !d.when)) issues.push({ file, line: y.lineOf(["requirements"]), message: "at least one document must have required: true (and no when)" });
  f.requirements.forEach((d, j) => {
    if (new Set(d.accept).size !== d.accept.length) issues.push({ file, line: y.lineOf(["requirements", j, "accept"]), message: `document "${d.id}" lists a file kind twice in accept` });
    for (const [field, value] of Object.entries(d.when ?? {})) {
      // Looked up only for a message: a line lookup loads the position-keeping parser (~190 ms cold).
      const line = () => y.lineOf(["requirements", j, "when", field]);
      const q = f.form.find((x) => x.id === field);
      const usable = f.form.filter((x) => x.kind === "choice" || x.kind === "number").map((x) => x.id);
      if (!q || (q.kind !== "choice" && q.kind !== "number")) {
        const known = usable.length ? `its choice and number questions are: ${usable.join(", ")}` : "this permit's form has no choice or number question";
        // A question renamed in the form ("status_tanah" now "kepemilikan_tanah") and still named
        // here: the question whose options this when gives, or the number question sharing a word.
        // A question's id misspelt ("jenis_praktek"): the one meant.
        const meant = q ? undefined : closest(field, usable);
        const found = q ? undefined : renamedQuestion(field, value, f.form);
        const renamed = found !== meant ? found : undefined;
        const written = (id: string) => `when: { ${id}: ${typeof value === "string" ? (/^[<>]/.test(value) ? `"${value}"` : value) : `[${value.join(", ")}]`} }`;
        const todo = renamed ? `; did you mean "${renamed}"? If the question was renamed, write ${written(renamed)} here` : meant ? `; did you mean "${meant}"?` : "";
        issues.push({ file, line: line(), message: `document "${d.id}": when names "${field}", which is not a choice or number question of this permit's form (${known})${todo}` });
        continue;
      }
      if (q.kind === "number") {
        if (typeof value !== "string" || !/^(?:>=|<=|>|<)/.test(value)) issues.push({ file, line: line(), message: `document "${d.id}": "${field}" is a number question: when gives a comparison such as "${field}: \">1\""` });
        continue;
      }
      const ids = (q.options ?? []).map((o) => o.id);
      // A choice question without options is named at the question itself (below): nothing to compare with here.
      if (!ids.length) continue;
      for (const option of typeof value === "string" ? [value] : value) {
        if (!ids.includes(option)) issues.push({ file, line: line(), message: `document "${d.id}": "${option}" is not an option of "${field}" (its options are: ${ids.join(", ")})` });
      }
    }
  });
  f.form.forEach((fld, j) => {
    const at = (k: string) => y.lineOf(["form", j, k]);
    if (fld.kind === "choice") {
      if (!fld.options || fld.options.length < 2) issues.push({ file, line: at(fld.options ? "options" : "kind"), message: `choice field "${fld.id}" needs options with at least two { id, label } entries: write under it a line "options:", then one line per answer citizens may choose, such as "  - { id: baru, label: \"SIP baru\" }" (docs/knowledge.md, section 4)` });
      else {
        uniqueIds(fld.options, (k) => y.lineOf(["form", j, "options", k]), `option of "${fld.id}"`, file, issues);
        // The same other words on two options: the answer would match both, so neither. English
        // conversations read also_en beside also, so the two lists are checked together.
        const owner = new Map<string, string>();
        for (const key of ["also", "also_en"] as const)
          fld.options.forEach((o, k) =>
            (o[key] ?? []).forEach((w, m) => {
              const phrases = expandPhrase(w);
              // Looked up only for a message (a line lookup loads the position-keeping parser).
              const line = () => y.lineOf(["form", j, "options", k, key, m]);
              if (!phrases.length) issues.push({ file, line: line(), message: `option "${o.id}" of "${fld.id}": "${w}" in ${key} has an empty choice ("a//b"); write each choice between slashes, e.g. "sewa/ngontrak"` });
              for (const p of phrases) {
                const other = owner.get(p);
                if (other && other !== o.id) issues.push({ file, line: line(), message: `option "${o.id}" of "${fld.id}": "${p}" in ${key} is also an other word of option "${other}"; an answer with it would fit both, so keep it on one` });
                owner.set(p, o.id);
              }
            }),
          );
      }
    } else if (fld.options) issues.push({ file, line: at("options"), message: `field "${fld.id}" has options but kind ${fld.kind}; use kind: choice or remove options` });
    if (fld.min !== undefined && fld.max !== undefined && fld.min > fld.max) issues.push({ file, line: at("min"), message: `field "${fld.id}": min (${fld.min}) is larger than max (${fld.max})` });
    if ((fld.min !== undefined || fld.max !== undefined) && !["text", "number"].includes(fld.kind)) issues.push({ file, line: at(fld.min !== undefined ? "min" : "max"), message: `field "${fld.id}": min/max only apply to text (length) and number (value) fields` });
    if (fld.kind === "text" && fld.min !== undefined && fld.min < 0) issues.push({ file, line: at("min"), message: `field "${fld.id}": a text length cannot be negative` });
    if (fld.pin && fld.kind !== "text") issues.push({ file, line: at("pin"), message: `field "${fld.id}": pin: true is for text questions (a location or an address), not ${fld.kind}` });
    // Said to the citizen as written, beside the question: one short message, no placeholders.
    for (const k of ["hint", "about", "hint_en", "about_en"] as const) {
      const said = fld[k];
      if (said === undefined) continue;
      if (said.length > FIELD_HELP_MAX) issues.push({ file, line: at(k), message: `field "${fld.id}": ${k} is ${said.length} characters; keep it to ${FIELD_HELP_MAX} (one short message a citizen reads beside the question)` });
      const brace = /\{[^}]*\}?|\}/.exec(said);
      if (brace) issues.push({ file, line: at(k), message: `field "${fld.id}": ${k} has "${brace[0]}"; nothing is filled in here and citizens would read the braces as they are: write the words themselves` });
    }
    for (const k of ["not_before", "not_after"] as const) {
      if (fld[k] !== undefined && fld.kind !== "date") issues.push({ file, line: at(k), message: `field "${fld.id}": ${k} only applies to date fields` });
    }
    if (fld.not_before && fld.not_after && fld.not_before !== "today" && fld.not_after !== "today" && fld.not_before > fld.not_after) {
      issues.push({ file, line: at("not_before"), message: `field "${fld.id}": not_before (${fld.not_before}) is after not_after (${fld.not_after})` });
    }
  });
  const feeIssue = feeDisagrees(f.fee);
  if (feeIssue) issues.push({ file, line: y.lineOf(["fee", "amount"]), message: feeIssue });
  const daysIssue = workingDaysDisagree(f.duration);
  if (daysIssue) issues.push({ file, line: y.lineOf(["duration", "working_days"]), message: daysIssue });
  const elsewhere = workingDaysNotOwn(f.duration);
  if (elsewhere) issues.push({ file, line: y.lineOf(["duration", "working_days"]), message: elsewhere });
  // The office's date (Asia/Jakarta): before 07:00 WIB the UTC date is still yesterday.
  if (f.reviewed > jakartaDate(now)) issues.push({ file, line: y.lineOf(["reviewed"]), message: `reviewed date ${f.reviewed} is in the future; write the date a staff member last checked this file` });
  if (issues.length > before) return undefined;
  const permit: Permit = {
    id: f.id,
    name: f.name,
    aliases: f.aliases,
    keywords: f.keywords,
    category: f.category,
    ...(f.name_en ? { nameEn: f.name_en } : {}),
    ...(f.category_en ? { categoryEn: f.category_en } : {}),
    submission: {
      channel: f.submission.channel,
      loketCanApply: f.submission.loket_can_apply,
      ...(f.submission.url ? { url: f.submission.url } : {}),
      ...(f.submission.note ? { note: f.submission.note } : {}),
      ...(f.submission.issued ? { issued: f.submission.issued } : {}),
      ...(f.submission.note_en ? { noteEn: f.submission.note_en } : {}),
      ...(f.submission.issued_en ? { issuedEn: f.submission.issued_en } : {}),
    },
    requirements: f.requirements.map((d) => ({
      id: d.id,
      name: d.name,
      accept: d.accept,
      required: d.required,
      ...(d.note ? { note: d.note } : {}),
      ...(d.name_en ? { nameEn: d.name_en } : {}),
      ...(d.note_en ? { noteEn: d.note_en } : {}),
      ...(d.when ? { when: Object.fromEntries(Object.entries(d.when).map(([k, v]) => [k, typeof v === "string" ? [v] : v])) } : {}),
    })),
    form: f.form.map((fld) => ({
      id: fld.id,
      label: fld.label,
      kind: fld.kind,
      required: fld.required,
      ...(fld.min !== undefined ? { min: fld.min } : {}),
      ...(fld.max !== undefined ? { max: fld.max } : {}),
      ...(fld.options ? { options: fld.options.map((o) => ({ id: o.id, label: o.label, ...(o.label_en ? { labelEn: o.label_en } : {}), ...(o.also ? { also: o.also } : {}), ...(o.also_en ? { alsoEn: o.also_en } : {}) })) } : {}),
      ...(fld.hint ? { hint: fld.hint } : {}),
      ...(fld.about ? { about: fld.about } : {}),
      ...(fld.label_en ? { labelEn: fld.label_en } : {}),
      ...(fld.hint_en ? { hintEn: fld.hint_en } : {}),
      ...(fld.about_en ? { aboutEn: fld.about_en } : {}),
      ...(fld.not_before ? { notBefore: fld.not_before } : {}),
      ...(fld.not_after ? { notAfter: fld.not_after } : {}),
      ...(fld.pin ? { pin: true } : {}),
    })),
    fee: { text: f.fee.text, ...(f.fee.en !== undefined ? { en: f.fee.en } : {}), ...(f.fee.amount !== undefined ? { amount: f.fee.amount } : {}) },
    duration: { text: f.duration.text, ...(f.duration.en !== undefined ? { en: f.duration.en } : {}), ...(f.duration.working_days !== undefined ? { workingDays: f.duration.working_days } : {}) },
    validity: f.validity,
    ...(f.renewal ? { renewal: { renewable: f.renewal.renewable, text: f.renewal.text, ...(f.renewal.en ? { en: f.renewal.en } : {}) } } : {}),
    ...(f.not_for ? { notFor: { words: f.not_for.words, text: f.not_for.text, ...(f.not_for.en ? { en: f.not_for.en } : {}) } } : {}),
    ...(f.after ? { after: { text: f.after.text, ...(f.after.en ? { en: f.after.en } : {}) } } : {}),
    ...(f.changes ? { changes: { text: f.changes.text, ...(f.changes.en ? { en: f.changes.en } : {}) } } : {}),
    legalBasis: f.legal_basis,
    procedure: f.procedure,
    ...(f.validity_en ? { validityEn: f.validity_en } : {}),
    ...(f.legal_basis_en ? { legalBasisEn: f.legal_basis_en } : {}),
    ...(f.procedure_en ? { procedureEn: f.procedure_en } : {}),
    ...(f.body_en ? { bodyEn: f.body_en } : {}),
    reviewed: f.reviewed,
    needsConfirmation: f.needs_confirmation,
    body: parts.body,
    source: file,
  };
  // The text under the front matter: after "---", the front matter's lines and "---" (blank lines trimmed).
  const afterFront = parts.front.split("\n").length + 3;
  const blank = /^\n*/.exec(text.split(/\r?\n/).slice(afterFront - 1).join("\n"))![0].length;
  return { permit, front: f, y, bodyLine: afterFront + blank };
}

/** The longest `hint:` or `about:` of a form question (characters). */
const FIELD_HELP_MAX = 300;

/**
 * `fee.amount` decides where the overview of fees ("ngurus izin bayar ga?") lists a permit, while
 * citizens read `fee.text`: the two must agree. A free amount needs a text that says so and names
 * no sum above Rp 0 ("Rp 150.000; konsultasi gratis" is not free); a number needs a text that
 * names that sum (50000 as "Rp 50.000", "50000", "50 ribu", "50rb"; 1500000 as "1,5 juta", "1.5 jt").
 */
export function feeDisagrees(fee: { text: string; amount?: number | "gratis" }): string | undefined {
  const { text, amount } = fee;
  if (amount === undefined) return undefined;
  const folded = text.toLowerCase();
  const sums = rupiahIn(folded);
  if (amount === "gratis" || amount === 0) {
    // Only what is written as money ("Rp …", "… ribu") counts here, not "5 tahun" or "PP 5/2021".
    // Not a text that says it is no longer free ("tidak lagi gratis", "Dulu gratis, sekarang
    // dikenakan retribusi", "berbayar").
    const noLonger = /(?:tidak|tak|tdk|bukan|ga|gak|nggak)\s+(?:lagi\s+)?gratis|(?:dulu|dahulu|sebelumnya)\s+gratis|berbayar|(?<!(?:tidak|tak|tdk)\s)(?:dikenakan|dipungut)\s+(?:biaya|retribusi|tarif)/;
    const saysFree = /gratis|tidak dipungut|tanpa biaya|bebas biaya|tidak (?:dikenakan|ada) biaya|free/.test(folded) && !noLonger.test(folded);
    const paid = sums.filter((s) => s.money && s.value > 0).map((s) => s.value);
    if (saysFree && !paid.length) return undefined;
    return paid.length
      ? `fee.amount is ${amount === 0 ? "0" : "gratis"} but fee.text names a sum to pay (Rp ${paid[0]!.toLocaleString("de-DE")}): the overview of fees would list this permit as free. Make the two agree, or remove amount`
      : `fee.amount is ${amount === 0 ? "0" : "gratis"} but fee.text does not say the permit is free ("gratis", "tidak dipungut biaya"): the overview of fees would list it as free while its own answer says otherwise. Make the two agree, or remove amount`;
  }
  if (sums.some((s) => s.value === amount)) return undefined;
  return `fee.amount is ${amount} but fee.text does not show it (for example "Rp ${amount.toLocaleString("de-DE")}"): citizens read the text, the overview of fees uses the amount. Make the two agree, or remove amount`;
}

/**
 * `fee.en` left as it was when the fee changed (a Perbup raises it; the clerk changes `fee.text` and
 * `fee.amount`, which must agree): English readers would read the old fee. Held to `amount` as
 * `fee.text` is, in English words ("free", "Rp 150,000", "150 thousand"). A warning: the English
 * is said only to English readers, and the Indonesian is right.
 */
export function feeEnglishDisagrees(fee: { en: string; amount?: number | "gratis" }): string | undefined {
  const { en, amount } = fee;
  if (amount === undefined) return undefined;
  const folded = en.toLowerCase().replace(/(\d)\s*(thousand|million)\b/g, (_, d: string, u: string) => `${d} ${u === "thousand" ? "ribu" : "juta"}`);
  const paid = rupiahIn(folded).filter((s) => s.money && s.value > 0).map((s) => s.value);
  if (amount === "gratis" || amount === 0) {
    const free = /\bfree\b|no (?:fee|charge|levy)|nothing is charged|not charged|without (?:a )?(?:fee|charge)/.test(folded);
    if (free && !paid.length) return undefined;
    return `fee.en does not say the permit is free, as fee.amount (${amount}) and fee.text do: citizens writing in English would read another fee. Change fee.en to say the same as fee.text, in English (for example "Free, nothing is charged.")`;
  }
  if (paid.includes(amount)) return undefined;
  const rp = `Rp ${amount.toLocaleString("de-DE")}`;
  const en1 = `Rp ${amount.toLocaleString("en-US")}`;
  return `fee.en does not show the fee of fee.text and fee.amount (${rp}): citizens writing in English would read the old fee. Change fee.en too, to the same fee in English (for example "${en1} ...")`;
}

/**
 * The numbers a fee text names, in rupiah: "Rp 50.000", "50000", "50 ribu", "1,5 juta", "2 jt",
 * "Rp0"; `money` when written as money (after "Rp", or with ribu/juta).
 */
function rupiahIn(folded: string): { value: number; money: boolean }[] {
  const out: { value: number; money: boolean }[] = [];
  for (const m of folded.matchAll(/(rp\.?\s*)?(\d[\d.,]*)\s*(ribu|rb|juta|jt)?(?![\w])/g)) {
    const [, rp, digits, unit] = m;
    // A dot or comma before three digits groups thousands ("1.500.000"); another is the decimal
    // point ("1,5 juta", "1.5 jt").
    const value = Number(digits!.replace(/[.,](?=\d{3}(?!\d))/g, "").replace(",", ".")) * (!unit ? 1 : unit === "ribu" || unit === "rb" ? 1000 : 1_000_000);
    if (Number.isFinite(value)) out.push({ value: Math.round(value), money: !!rp || !!unit });
  }
  return out;
}

function uniqueIds(list: { id: string }[], lineOf: (i: number) => number, what: string, file: string, issues: FileIssue[]): void {
  const seen = new Map<string, number>();
  list.forEach((x, i) => {
    const first = seen.get(x.id);
    // A block copied and its id left: the first one's line, so either can be renamed.
    if (first !== undefined) issues.push({ file, line: lineOf(i), message: `${what} id "${x.id}" is used twice (first at line ${lineOf(first)}): give each ${what} its own id` });
    else seen.set(x.id, i);
  });
}

function parseOffice(file: string, text: string, issues: FileIssue[], permitIds: ReadonlySet<string>, warnings: FileIssue[]): Office | undefined {
  if (!readable(file, text, issues)) return undefined;
  const y = parseYamlLocated(file, text);
  if (y.issues.length) return void issues.push(...y.issues);
  if (!laidOut(file, text, issues)) return undefined;
  if (isEmpty(y)) return void issues.push({ file, line: 1, message: `the file is empty (or has only comments): it describes the office, with the keys ${requiredKeys(OfficeSchema).join(", ")} (docs/knowledge.md, section 5)` });
  const r = OfficeSchema.safeParse(y.value ?? {});
  // special_hours is checked on its own, so that its slips are said beside the rest's.
  const specialIssues: FileIssue[] = [];
  const special = parseSpecialHours(file, y, specialIssues, warnings);
  specialIssues.push(...specialOnHolidayIssues(file, y));
  if (!r.success) return void issues.push(...zodIssues(file, y, r.error.issues, OfficeSchema, holidayName(y.value)), ...specialIssues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  const o = r.data;
  const before = issues.length;
  issues.push(...specialIssues);
  for (const [day, list] of Object.entries(o.hours)) intervalIssues(file, y, ["hours", day], day, list ?? [], issues);
  const lastQueue = lastQueueOf(file, y, o.hours, o.last_queue, issues);
  const dates = new Map<string, number>();
  o.holidays.forEach((h, i) => {
    if (dates.has(h.date)) issues.push({ file, line: y.lineOf(["holidays", i]), message: `holiday ${h.date} is listed twice` });
    else dates.set(h.date, i);
  });
  // A note for a permit that has no file would never be said: a typo ("sip-doktor") or a removed permit.
  const noted = new Set<string>();
  o.representation?.notes?.forEach((n, i) =>
    n.permits.forEach((id, j) => {
      // Looked up only for a problem: line positions cost the slower parser at every start-up.
      const line = () => y.lineOf(["representation", "notes", i, "permits", j]);
      const hint = permitIds.has(id) ? undefined : closest(id, permitIds);
      // A permit whose file was removed: what to remove here (the whole note when it names no other).
      const remove = n.permits.length > 1 ? `remove "${id}" from this note's permits list` : `remove this note (its permits list names only "${id}")`;
      if (!permitIds.has(id)) issues.push({ file, line: line(), message: `representation: no permit has the id "${id}" (knowledge/permits/${id}.md does not exist)${hint ? ` — did you mean "${hint}"? If the permit was removed, ${remove}` : `: if the permit was removed, ${remove}`}` });
      else if (noted.has(id)) issues.push({ file, line: line(), message: `representation: permit "${id}" is in two notes; put it in one` });
      noted.add(id);
    }),
  );
  if (issues.length > before) return undefined;
  // A sentence a citizen reads with no English beside it: English conversations read the Indonesian.
  const noEnglish = (path: (string | number)[], key: string) =>
    warnings.push({ file, line: y.lineOf(path), warning: true, message: `${key}: has no ${key}_en: citizens writing in English read the Indonesian text; add the same in English (docs/knowledge.md, section 5)` });
  if (!o.address_en) noEnglish(["address"], "address");
  if (o.complaints && !o.complaints_en) noEnglish(["complaints"], "complaints");
  if (o.facilities && !o.facilities_en) noEnglish(["facilities"], "facilities");
  if (o.representation && !o.representation.text_en) noEnglish(["representation", "text"], "text");
  o.representation?.notes?.forEach((n, i) => {
    if (!n.text_en) noEnglish(["representation", "notes", i, "text"], "text");
  });
  return {
    name: o.name,
    shortName: o.short_name,
    address: o.address,
    timezone: o.timezone,
    hours: o.hours,
    ...(lastQueue ? { lastQueue } : {}),
    holidays: o.holidays,
    ...(special?.length ? { special } : {}),
    contacts: o.contacts,
    registrationPrefix: o.registration_prefix,
    ...(o.complaints ? { complaints: o.complaints } : {}),
    ...(o.facilities ? { facilities: o.facilities } : {}),
    ...(o.address_en ? { addressEn: o.address_en } : {}),
    ...(o.complaints_en ? { complaintsEn: o.complaints_en } : {}),
    ...(o.facilities_en ? { facilitiesEn: o.facilities_en } : {}),
    ...(o.representation
      ? {
          representation: {
            text: o.representation.text,
            ...(o.representation.text_en ? { textEn: o.representation.text_en } : {}),
            notes: (o.representation.notes ?? []).map((n) => ({ permits: n.permits, text: n.text, ...(n.text_en ? { textEn: n.text_en } : {}) })),
          },
        }
      : {}),
    ...(o.needs_confirmation !== undefined ? { needsConfirmation: o.needs_confirmation } : {}),
    source: file,
  };
}

function parseReferrals(file: string, text: string, issues: FileIssue[], names: NameRegistry, written: { name: string; key: string; at: NameAt }[], permitIds: Set<string>): Referral[] {
  if (!readable(file, text, issues)) return [];
  const y = parseYamlLocated(file, text);
  if (y.issues.length) return void issues.push(...y.issues), [];
  if (!laidOut(file, text, issues)) return [];
  if (isEmpty(y)) {
    issues.push({
      file,
      line: 1,
      message: "the file is empty (or has only comments), so Loket would tell citizens nothing about other agencies' services (KTP, SIM, …): list them (docs/knowledge.md, section 5), or, if the office really refers citizens to no other agency, write [] on a line of its own",
    });
    return [];
  }
  const r = ReferralsSchema.safeParse(y.value ?? []);
  if (!r.success) return void issues.push(...zodIssues(file, y, r.error.issues, ReferralsSchema, (path) => (typeof path[0] === "number" ? { head: referralName(y.value, path[0]), rest: path.slice(1) } : undefined))), [];
  const ids = new Map<string, number>();
  r.data.forEach((ref, i) => {
    // A service added again that the file already refers (BPJS): the clerk edits the one there.
    const first = ids.get(ref.id);
    if (first !== undefined) issues.push({ file, line: y.lineOf([i, "id"]), message: `referral id "${ref.id}" is used twice (also at line ${y.lineOf([first, "id"])}): keep one of them, and put what the other says in it` });
    else ids.set(ref.id, i);
    ref.aliases.forEach((a, j) => {
      const at = { owner: `referral ${ref.id}`, file, line: () => y.lineOf([i, "aliases", j]) };
      severalNames(a, "aliases", "the service", at, issues);
      names.add(a, at);
      // "pajak" as the PBB referral's alias would send every "berapa pajaknya?" to Bapenda.
      written.push({ name: a, key: "aliases", at });
    });
    for (const n of nameParts(ref.name)) names.add(n, { owner: `referral ${ref.id}`, file, line: () => y.lineOf([i, "name"]), isName: true }, true);
    (ref.instead_of ?? []).forEach((id, j) => {
      if (permitIds.has(id)) return;
      const hint = closest(id, permitIds);
      issues.push({ file, line: y.lineOf([i, "instead_of", j]), message: `referral "${ref.id}": instead_of names "${id}", but no permit has that id (knowledge/permits/${id}.md does not exist)${hint ? ` — did you mean "${hint}"?` : ""}` });
    });
  });
  return r.data.map((ref) => ({
    id: ref.id,
    name: ref.name,
    aliases: ref.aliases,
    agency: ref.agency,
    where: ref.where,
    ...(ref.where_en ? { whereEn: ref.where_en } : {}),
    ...(ref.note ? { note: ref.note } : {}),
    ...(ref.note_en ? { noteEn: ref.note_en } : {}),
    ...(ref.instead_of?.length ? { insteadOf: ref.instead_of } : {}),
    ...(ref.answered_beside ? { answeredBeside: true } : {}),
  }));
}

/** How a problem's path starts with a list item a clerk knows by its id or name: that name, and the path after it. */
type ItemName = (path: (string | number)[]) => { head: string; rest: (string | number)[] } | undefined;

/** A text value of a YAML item ("id", "name", "label"), trimmed; "" when it has none. */
function itemText(item: unknown, key: string): string {
  const v = item !== null && typeof item === "object" && !Array.isArray(item) ? (item as Record<string, unknown>)[key] : undefined;
  return typeof v === "string" || typeof v === "number" ? String(v).trim() : "";
}

/**
 * A permit's question, document or option as the clerk finds it in the file: 'form field
 * "urutan_sip"', 'document "ijazah" (Ijazah keperawatan)', 'form field "jenis_permohonan", option
 * "baru"'. Without an id by its label or name; by its place ("form[3]") only with neither.
 */
function permitItemName(front: unknown): ItemName {
  return (path) => {
    const [list, index, ...rest] = path;
    if ((list !== "form" && list !== "requirements") || typeof index !== "number") return undefined;
    const items = valueAt(front, [list]);
    const item = Array.isArray(items) ? items[index] : undefined;
    const id = itemText(item, "id");
    const name = itemText(item, list === "form" ? "label" : "name");
    const what = list === "form" ? "form field" : "document";
    let head = id ? `${what} "${id}"${name && list === "requirements" ? ` (${name})` : ""}` : name ? `${what} "${name}"` : `${list}[${index + 1}]`;
    if (list === "form" && rest[0] === "options" && typeof rest[1] === "number") {
      const options = valueAt(item, ["options"]);
      const option = Array.isArray(options) ? options[rest[1]] : undefined;
      const optionId = itemText(option, "id") || itemText(option, "label");
      head += optionId ? `, option "${optionId}"` : `, options[${rest[1] + 1}]`;
      return { head, rest: rest.slice(2) };
    }
    return { head, rest };
  };
}

/** A holiday as a clerk finds it in office.yaml: 'holiday "Hari Raya Natal"', not "holidays[17]". */
function holidayName(office: unknown): ItemName {
  return (path) => {
    const [list, index, ...rest] = path;
    if (list !== "holidays" || typeof index !== "number") return undefined;
    const items = valueAt(office, [list]);
    const item = Array.isArray(items) ? items[index] : undefined;
    const name = itemText(item, "name") || itemText(item, "date");
    return name ? { head: `holiday "${name}"`, rest } : undefined;
  };
}

/** A referral as a clerk finds it in the file: 'referral "sim" (SIM (Surat Izin Mengemudi))', by its name without an id. */
function referralName(list: unknown, index: number): string {
  const item = Array.isArray(list) ? (list[index] as Record<string, unknown> | null | undefined) : undefined;
  const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v).trim() : "");
  const id = text(item?.id);
  const name = text(item?.name);
  return id ? `referral "${id}"${name ? ` (${name})` : ""}` : name ? `referral "${name}"` : "a referral";
}

function parseLanguage(file: string, text: string, issues: FileIssue[]): LanguageKnowledge | undefined {
  if (!readable(file, text, issues)) return undefined;
  const y = parseYamlLocated(file, text);
  if (y.issues.length) return void issues.push(...y.issues);
  if (!laidOut(file, text, issues)) return undefined;
  if (isEmpty(y)) {
    return void issues.push({
      file,
      line: 1,
      message: `the file is empty (or has only comments), so Loket would understand no abbreviations, word endings or cue words: put its content back (from a backup, or the copy that came with Loket); it needs the keys ${requiredKeys(UnderstandingSchema).join(", ")}`,
    });
  }
  const r = UnderstandingSchema.safeParse(y.value ?? {});
  if (!r.success) return void issues.push(...zodIssues(file, y, r.error.issues, UnderstandingSchema));
  const u = r.data;
  const before = issues.length;
  for (const key of Object.keys(u.spelling)) {
    if (/\s/.test(key.trim())) issues.push({ file, line: y.lineOf(["spelling", key]), message: `spelling maps one typed word; "${key}" has a space — put phrases in a cue list instead` });
  }
  for (const group of ["intents", "aspects", "office"] as const) {
    for (const [name, list] of Object.entries(u[group])) {
      for (const phrase of Object.keys(list ?? {})) {
        if (!normaliseName(phrase.replace(/\*/g, " "))) issues.push({ file, line: y.lineOf([group, name, phrase]), message: `cue "${phrase}" has no words` });
      }
    }
  }
  // No list of this file reads "a/b" as either word ("later: [nanti/ntar]").
  issues.push(...slashInWordLists(y, { keyed: (p) => p === "spelling" || /^(?:intents|aspects|office)\.\w+$/.test(p) }));
  if (issues.length > before) return undefined;
  return {
    spelling: u.spelling,
    numberLetters: u.number_letters,
    letterNames: u.letter_names ?? {},
    suffixes: u.suffixes,
    roots: u.roots,
    knownWords: u.known_words,
    placeWords: u.place_words,
    roleWords: u.role_words ?? [],
    joiners: u.joiners ?? [],
    contrasts: u.contrasts ?? [],
    returning: u.returning ?? [],
    joinedWith: u.joined_with ?? [],
    questionWords: u.question_words ?? [],
    backgroundWords: u.background_words ?? [],
    identityWords: u.identity_words ?? [],
    backgroundAfter: u.background_after ?? [],
    compareWords: u.compare_words ?? [],
    requestWords: u.request_words ?? [],
    atOnce: u.at_once ?? [],
    later: u.later ?? [],
    forwarded: u.forwarded ?? [],
    forwardAsked: u.forward_asked ?? [],
    ...(u.kind_of_business ? { kindOfBusiness: { permit: u.kind_of_business.permit, words: u.kind_of_business.words, notKinds: u.kind_of_business.not_kinds ?? [], notAfter: u.kind_of_business.not_after ?? [], genericNames: u.kind_of_business.generic_names ?? [] } } : {}),
    possessive: { markers: u.possessive?.markers ?? [], owners: u.possessive?.owners ?? {} },
    keptBeside: u.kept_beside ?? {},
    ...(u.doctor_title ? { doctorTitle: u.doctor_title } : {}),
    requiredFor: u.required_for ?? { needs: [], purpose: [] },
    ...(u.amount_asked ? { amountAsked: u.amount_asked } : {}),
    ...(u.referral_asked ? { referralAsked: { sought: u.referral_asked.sought, asDocument: u.referral_asked.as_document } } : {}),
    languages: u.languages ?? {},
    intents: u.intents,
    aspects: u.aspects,
    office: u.office,
    source: file,
  };
}

/** A file with no content, or only comments: it reads as nothing at all. */
function isEmpty(y: LocatedYaml): boolean {
  return y.value === null || y.value === undefined;
}

/** The keys an object schema requires (for "the file is empty" messages). */
function requiredKeys(schema: z.ZodType): string[] {
  const def = (schema as unknown as { _zod: { def: { shape?: Record<string, { _zod: { optin?: string } }> } } })._zod.def;
  return Object.entries(def.shape ?? {}).filter(([, s]) => s._zod.optin !== "optional").map(([k]) => k);
}

/** zod issues -> `file:line` issues a clerk can act on (missing keys, typos in key names). */
function zodIssues(file: string, y: LocatedYaml, list: z.core.$ZodIssue[], schema: z.ZodType, itemName?: ItemName): FileIssue[] {
  const said = new Set<string>();
  return list.flatMap((i) => {
    const path = i.path.filter((p): p is string | number => typeof p !== "symbol");
    // An item of a list (a referral, a permit's question or document): named ('referral "sim" (SIM …)',
    // 'form field "urutan_sip"'), not counted ("[6]", "form[7]"), and the rest of the path labelled after it.
    const named = itemName?.(path);
    const found = zodIssue(i, path, named ? named.rest : path);
    return (Array.isArray(found) ? found : found ? [found] : []).map((issue) => (named ? { ...issue, message: `${named.head}: ${issue.message}` } : issue));
  });

  /** One issue; `path` locates it in the file, `named` (the path without a named item's index) labels it. */
  function zodIssue(i: z.core.$ZodIssue, path: (string | number)[], named: (string | number)[]): FileIssue | FileIssue[] | undefined {
    const label = pathLabel(named);
    // "{ id: badan_usaha, label: Badan usaha (PT, CV, koperasi) }": YAML splits a text in { … } at
    // each ", ", so "CV" and "koperasi)" became keys without values; said once, with the quotes to add.
    const owner = i.code === "unrecognized_keys" ? path : path.slice(0, -1);
    const keys = i.code === "unrecognized_keys" ? i.keys : [String(path[path.length - 1])];
    const split = commaSplit(valueAt(y.value, owner), keys);
    if (split) {
      // In a `when`, the pieces are echoes: the value before them is no option id, and is said so.
      if (i.code !== "unrecognized_keys") return undefined;
      const line = y.lineOf([...owner, split.key]);
      const message = `the text of "${split.key}" inside { … } contains ", ", where YAML splits it (it read ${split.pieces.map((k) => `"${k}"`).join(" and ")} as keys): put that text in quotes (${split.key}: "${split.text}")`;
      if (said.has(`${line} ${message}`)) return undefined;
      said.add(`${line} ${message}`);
      return { file, line, message };
    }
    if (i.code === "unrecognized_keys") {
      const known = keysAt(schema, path);
      const messages = i.keys.map((k) => {
        // "optional: true" on a question or a document: closest() would offer "options".
        if (/^(?:optional|opsional|wajib|mandatory)$/i.test(k) && known.includes("required")) {
          return `unknown key "${k}"${label ? ` in ${label}` : ""}: ${/^(?:wajib|mandatory)$/i.test(k) ? "a question or document that must be answered is written required: true" : `an optional ${path[0] === "requirements" ? "document" : "question"} is written required: false`}`;
        }
        // "biaya:" for "fee:": keys are English words, whatever the language of the text after them.
        const english = keyInIndonesian(k, known);
        if (english) return `unknown key "${k}"${label ? ` in ${label}` : ""}: keys are written in English (the text after the colon stays Indonesian), write ${english}: instead of ${k}:`;
        const hint = keyMeant(k, known);
        // "ramadan:" (or "puasa:") beside the days: hours for a period are written in the days themselves.
        if (!hint && path.length === 1 && path[0] === "hours") return periodHours(k, (y.value as { hours?: Record<string, unknown> } | undefined)?.hours?.[k]);
        return `unknown key "${k}"${label ? ` in ${label}` : ""}` + (hint ? ` — did you mean "${hint}"?` : known.length ? ` (allowed: ${known.join(", ")})` : "");
      });
      // Each key at its own line ("jumat:" and "minggu:" in hours are two lines to correct).
      return i.keys.map((k, n) => ({ file, line: y.lineOf([...path, k]), message: messages[n]! }));
    }
    const value = valueAt(y.value, path);
    // A key missing because it was written in Indonesian beside ("jenis:" for a question's kind, an
    // enum without a default): said once, at the Indonesian key's line (unknown key), not here too.
    if (value === undefined && path.length) {
      const holder = valueAt(y.value, path.slice(0, -1));
      const missing = String(path[path.length - 1]);
      const known = keysAt(schema, path.slice(0, -1));
      if (holder && typeof holder === "object" && Object.keys(holder).some((k) => !known.includes(k) && keyInIndonesian(k, known) === missing)) return undefined;
    }
    if (i.code === "invalid_type" && value === undefined && path.length) {
      // A permit written without its own questions ("there is no flow for it"): the empty form is the way.
      if (path.length === 1 && path[0] === "form") {
        return { file, line: y.lineOf(path), message: `"form" is missing: add a line "form: []" when the permit asks nothing more than the name, NIK, phone, e-mail and address that every application asks, or list its own questions (docs/knowledge.md, section 3)` };
      }
      // "nama:" written for "name:": said once, at the "nama" line (unknown key), not here too.
      const holder = valueAt(y.value, path.slice(0, -1));
      const missing = String(path[path.length - 1]);
      const known = keysAt(schema, path.slice(0, -1));
      if (holder && typeof holder === "object" && Object.keys(holder).some((k) => !known.includes(k) && keyMeant(k, known) === missing)) return undefined;
      return { file, line: y.lineOf(path), message: `"${label}" is missing: add a line "${missing}: ..."${named.length > 1 ? ` under ${pathLabel(named.slice(0, -1))}` : ""}` };
    }
    const key = String(path[path.length - 1]);
    // Office hours written as Indonesians write them ("08.00", 08.00 read as a number, "8:00"): the time to write.
    if ((path[0] === "hours" || (path[0] === "special_hours" && path[2] === "hours")) && (key === "open" || key === "close") && (typeof value === "string" || typeof value === "number")) {
      const time = timeMeant(value);
      return { file, line: y.lineOf(path), message: `${label}: times are written "HH:MM", with a colon and in quotes${time ? `: write ${key}: "${time}"` : `, e.g. ${key}: "08:00"`}` };
    }
    // A date written as Indonesians write it ("25/12/2026", "25-12-2026", "25.12.2026"): the same date as YYYY-MM-DD.
    if (typeof value === "string" && (i.code === "invalid_format" || i.code === "custom")) {
      const date = dateMeant(value);
      if (date) return { file, line: y.lineOf(path), message: `${label ? `${label}: ` : ""}dates are written year-month-day (YYYY-MM-DD): write ${key}: "${date}"` };
    }
    // "2026-13-01", "2026-02-30": the date written, and how a date is written.
    if (typeof value === "string" && i.code === "custom" && /real calendar date/.test(i.message)) {
      return { file, line: y.lineOf(path), message: `${label ? `${label}: ` : ""}"${value}" is not a real calendar date: dates are written year-month-day (YYYY-MM-DD), the month 01 to 12 and a day the month has, e.g. ${key}: "2026-08-17"` };
    }
    // "required: ya", "needs_confirmation: tidak": true or false, as YAML reads them.
    if (i.code === "invalid_type" && i.expected === "boolean" && typeof value === "string") {
      const yes = /^(?:ya|iya|y|yes|wajib|harus|benar|betul|true|on)$/i.test(value.trim());
      const no = /^(?:tidak|tdk|gak|ga|enggak|no|n|bukan|opsional|optional|false|off)$/i.test(value.trim());
      if (yes || no) return { file, line: y.lineOf(path), message: `${label ? `${label}: ` : ""}"${value}" is not read as yes or no: write ${key}: ${yes ? "true" : "false"} (without quotes)` };
    }
    // "working_days: 14 hari kerja": the number alone, the words in the text beside it (duration.text).
    // "tiga hari", "dua puluh delapan hari kerja": the number in words, written in digits.
    const n = typeof value === "string" ? (/^\s*\d+(?:[.,]\d+)?\b/.test(value) ? /\d+(?:[.,]\d+)?/.exec(value)![0] : numberInWords(value)) : undefined;
    if (i.code === "invalid_type" && i.expected === "number" && typeof value === "string" && n !== undefined) {
      const textBeside = keysAt(schema, path.slice(0, -1)).includes("text") ? `; the words go in ${pathLabel([...named.slice(0, -1), "text"])}` : "";
      return { file, line: y.lineOf(path), message: `${label ? `${label}: ` : ""}"${value}" is not a number: write the number alone (${key}: ${n})${textBeside}` };
    }
    // "url: oss.go.id": the address with https:// in front. "https:// oss.go.id", "http//oss.go.id",
    // "https:/oss.go.id": the address as it was meant.
    if (i.code === "invalid_format" && typeof value === "string") {
      const squeezed = value.trim().replace(/\s+/g, "");
      const given = /^(https?)[:/;]+(.*)$/i.exec(squeezed);
      const bare = given ? given[2]! : squeezed;
      const scheme = given?.[1]!.toLowerCase() === "http" ? "http" : "https";
      if (!/^[a-z][a-z+.-]*:/i.test(bare) && /^[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?$/.test(bare)) {
        // "http//…" is most often https:// with the s and the colon lost: the safe address first.
        const write = scheme === "http" ? `https://${bare} (or http://${bare} only if the site does not open with https://)` : `${scheme}://${bare}`;
        return { file, line: y.lineOf(path), message: `${label ? `${label}: ` : ""}${i.message}: write ${key}: ${write}` };
      }
    }
    // A phone number or a code written without quotes is read as a number (0812… loses its 0).
    if (i.code === "invalid_type" && i.expected === "string" && typeof value === "number") {
      const key = String(path.filter((p) => typeof p === "string").pop() ?? label);
      return { file, line: y.lineOf(path), message: `${label ? `${label}: ` : ""}${i.message}: put it in quotes (${key}: "…"); without them it is read as a number (a phone number loses its leading 0)` };
    }
    // A whole list numbered as Word numbers it ("  1. Masuk ke OSS …" / "  2. …" under procedure:):
    // YAML reads the lines as one text. Said as a single numbered line is (src/text/yaml.ts), at the first.
    if (i.code === "invalid_type" && i.expected === "array" && typeof value === "string" && /^\d{1,2}[.)]\s+\S/.test(value)) {
      const first = value.split(/\s+(?=\d{1,2}[.)]\s)/)[0]!.replace(/^\d{1,2}[.)]\s+/, "");
      return { file, line: y.valueLineOf?.(path) ?? y.lineOf(path), message: `${label ? `${label}: ` : ""}a list item starts with "- " (a dash and a space), not a number like "1.": write "  - ${first}", and the same on the numbered lines below it` };
    }
    // "- Langkah 1: Ajukan permohonan": the ": " made the text a "key: value" pair.
    if (i.code === "invalid_type" && i.expected === "string" && value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1) {
      const [k, v] = Object.entries(value)[0]!;
      const whole = `${k}: ${typeof v === "string" || typeof v === "number" ? String(v) : "…"}`;
      return { file, line: y.lineOf(path), message: `${label ? `${label}: ` : ""}${i.message}, but its ": " makes YAML read it as "key: value": put the whole text in quotes ("${whole}")` };
    }
    // zod's own words ("Invalid input: expected object, received null") tell a clerk nothing.
    if (i.code === "invalid_type" && i.expected === "object") {
      const line = y.lineOf(path);
      if (value === null && typeof path[path.length - 1] === "number") {
        return { file, line, message: `${label ? `${label}: ` : ""}an empty item (a "-" with nothing after it): remove the line, or write the item after the "-"` };
      }
      const keys = keysAt(schema, path);
      const example = keys.length ? ` (${keys.map((k) => `"${k}: …"`).join(", ")})` : "";
      const written = value === null ? "nothing" : typeof value === "string" ? `"${value}"` : JSON.stringify(value);
      if (typeof path[path.length - 1] === "number") {
        return { file, line, message: `${label ? `${label}: ` : ""}each item here is a block of "key: value" lines, "- ${keys[0] ?? "id"}: …" and the others indented under it${example}, not only ${written} (docs/knowledge.md shows an example)` };
      }
      return { file, line, message: `${label} must be lines under it, indented by two spaces${example}, not ${written} on its own line` };
    }
    // "kind: choise", "kind: angka", "channel: mpp": the value meant, from its spelling or its Indonesian word.
    if (i.code === "invalid_value" && typeof value === "string" && i.values.every((v) => typeof v === "string")) {
      const allowed = i.values as string[];
      // "kind: pilihan": the word written, the kind meant, and the kinds there are.
      if (path[0] === "form" && path[path.length - 1] === "kind" && !DOCUMENT_KINDS.test(value.trim())) return { file, line: y.lineOf(path), message: kindIssue(value, allowed) };
      const meant = closest(value, allowed) ?? (allowed.includes(VALUE_WORDS[value.trim().toLowerCase()] ?? "") ? VALUE_WORDS[value.trim().toLowerCase()] : undefined);
      if (meant) return { file, line: y.lineOf(path), message: `${label ? `${label}: ` : ""}${i.message}; did you mean "${meant}"?` };
      // A document asked as a question ("kind: file"): documents are uploaded from requirements.
      if (path[0] === "form" && path[path.length - 1] === "kind" && DOCUMENT_KINDS.test(value.trim())) {
        return { file, line: y.lineOf(path), message: `${label}: ${i.message}; a document the citizen sends goes under requirements (with accept: [pdf, jpg, png] and required: false when it is optional), not in form` };
      }
    }
    return { file, line: y.lineOf(path), message: label ? `${label}: ${i.message}` : i.message };
  }
}

/**
 * duration.working_days beside a text that names other working days ("Paling lama 14 hari kerja"
 * with working_days: 5 left from before): citizens asking are told the text, while the status
 * check's expected date counts working_days. Every "N hari kerja" of the text (both ends of
 * "3–5 hari kerja") may be the one; a text naming none ("terbit saat itu juga") is not compared.
 */
export function workingDaysDisagree(duration: { text: string; working_days?: number }): string | undefined {
  const days = duration.working_days;
  if (days === undefined) return undefined;
  const said: number[] = [];
  for (const m of duration.text.matchAll(/(\d+)(?:\s*(?:[-–—]|sampai|hingga|s\.?\s?d\.?)\s*(\d+))?\s*hari\s+kerja/gi)) {
    said.push(Number(m[1]));
    if (m[2]) said.push(Number(m[2]));
  }
  if (!said.length || said.includes(days)) return undefined;
  const meant = Math.max(...said);
  return `working_days is ${days}, but duration.text says ${[...new Set(said)].join(" or ")} hari kerja: citizens are told the text, while the status check expects the permit after ${days} working days; write working_days: ${meant} (or correct the text)`;
}

/**
 * duration.working_days beside a text saying the time is another region's or not known here yet
 * ("Di daerah lain sekitar 5 hari kerja; lama proses di Rembang akan dikonfirmasi petugas"): the
 * status check and the staff console would count it as this office's own time (an expected day,
 * an overdue mark). 0 (issued at once) gives no day and is not refused.
 */
export function workingDaysNotOwn(duration: { text: string; en?: string; working_days?: number }): string | undefined {
  const days = duration.working_days;
  if (!days) return undefined;
  const said = NOT_OWN_TIME.exec(duration.text)?.[0] ?? (duration.en !== undefined ? NOT_OWN_TIME_EN.exec(duration.en)?.[0] : undefined);
  if (!said) return undefined;
  return `working_days is ${days}, but duration says "${said}": the status check would give citizens an expected day (and staff a due date) counted from it as this office's own time; remove working_days until the office's own time is known, then write it in duration.text ("Paling lama ${days} hari kerja sejak berkas lengkap") and working_days: ${days}`;
}
/** Words of a duration that is not this office's own: another region's figure, or one still to be confirmed. */
const NOT_OWN_TIME = /\b(?:daerah|kabupaten|kota|wilayah) lain\b|\bcontoh\b|\bbelum kami dapatkan\b|\bakan dikonfirmasi\b|\bbelum (?:diketahui|ada data)\b/i;
const NOT_OWN_TIME_EN = /\bother (?:regions?|regencies|cities)\b|\bexample\b|\bwill confirm\b|\bwill be confirmed\b|\bdo not have\b/i;

/**
 * The text a one-line `{ … }` split at its commas: keys without a value (`CV`, `koperasi)`) right
 * after a key holding text (`label: Badan usaha (PT`). Undefined when the keys are not such.
 */
function commaSplit(obj: unknown, keys: string[]): { key: string; text: string; pieces: string[] } | undefined {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj) || !keys.length) return undefined;
  const entries = Object.entries(obj);
  if (!keys.every((k) => k in obj && (obj as Record<string, unknown>)[k] === null)) return undefined;
  let start = entries.findIndex(([k]) => keys.includes(k));
  while (start > 0 && entries[start - 1]![1] === null) start--;
  const before = entries[start - 1];
  if (!before || (typeof before[1] !== "string" && typeof before[1] !== "number")) return undefined;
  const pieces: string[] = [];
  for (const [k, v] of entries.slice(start)) {
    if (v !== null) break;
    pieces.push(k);
  }
  return { key: before[0], text: [String(before[1]), ...pieces].join(", "), pieces };
}

/** A form field's kind that means a document to send, in English or Indonesian ("file", "dokumen", "upload", "foto"). */
const DOCUMENT_KINDS = /^(?:files?|documents?|dokumen|berkas|uploads?|unggah(?:an)?|attachments?|lampiran|photos?|foto|images?|gambar|scan|pdf|jpg|png)$/i;

/**
 * office.yaml `last_queue` by weekday: one time for every day the week opens, or a time per day.
 * Each must fall within its day's hours (after the day opens, not after it closes); a time for a
 * day the week keeps closed is refused (which hours would it cut?). Special hours (Ramadan) are
 * not checked: on a day that closes before its last queue the answers say the closing time.
 */
function lastQueueOf(file: string, y: LocatedYaml, week: Office["hours"], raw: string | Partial<Record<Weekday, string>> | undefined, issues: FileIssue[]): Office["lastQueue"] {
  if (raw === undefined) return undefined;
  const days = Object.keys(week).filter((d) => (week[d as Weekday] ?? []).length) as Weekday[];
  const perDay: Partial<Record<Weekday, string>> = typeof raw === "string" ? Object.fromEntries(days.map((d) => [d, raw])) : raw;
  // Office-wide, one problem for the days it does not fit ("16:00" after every day's closing).
  const outside = new Map<string, Weekday[]>();
  for (const [d, time] of Object.entries(perDay) as [Weekday, string][]) {
    const line = y.lineOf(typeof raw === "string" ? ["last_queue"] : ["last_queue", d]);
    const list = week[d] ?? [];
    if (!list.length) issues.push({ file, line, message: `last_queue: ${d} is closed in hours: remove last_queue's ${d}, or give ${d} its hours` });
    else if (time <= list[0]!.open || time > list[list.length - 1]!.close) {
      const hours = `${list[0]!.open}–${list[list.length - 1]!.close}`;
      const key = `${line}\n${time}\n${hours}`;
      outside.set(key, [...(outside.get(key) ?? []), d]);
    }
  }
  for (const [key, days] of outside) {
    const [line, time, hours] = key.split("\n") as [string, string, string];
    issues.push({ file, line: Number(line), message: `last_queue: ${time} is outside the hours of ${days.join(", ")} (${hours}): the last queue number is given after the office opens and no later than it closes` });
  }
  return perDay;
}

/**
 * special_hours `last_queue`: a time "HH:MM" for the entry's days (one day; every open day of a
 * period), or for a period per day (`mon: "13:30"` …). Each within that day's hours as the entry
 * sets them (its own, else the week's); refused at its line on a day closed then, or outside.
 */
function specialLastQueue(
  file: string,
  y: LocatedYaml,
  i: number,
  name: string,
  raw: unknown,
  e: { from: string; to: string; oneDay: boolean; day?: OpeningHours[]; week?: SpecialHours["week"]; usual?: Office["hours"] },
  issues: FileIssue[],
): Partial<Record<Weekday, string>> | undefined {
  const isTime = (v: unknown): v is string => typeof v === "string" && /^(?:[01]\d|2[0-3]):[0-5]\d$/.test(v);
  const lineOf = (d?: string) => y.lineOf(d ? ["special_hours", i, "last_queue", d] : ["special_hours", i, "last_queue"]);
  const hoursOf = (d: Weekday): OpeningHours[] => (e.oneDay ? (e.day ?? e.usual?.[d] ?? []) : e.week ? (e.week[d] ?? []) : (e.usual?.[d] ?? []));
  // The weekdays the entry covers (a period of a week or more: all seven).
  const days: Weekday[] = [];
  for (let t = Date.parse(`${e.from}T00:00:00Z`), n = 0; t <= Date.parse(`${e.to}T00:00:00Z`) && n < 7; t += 86_400_000, n++) days.push(weekdayOf(new Date(t).toISOString().slice(0, 10)));
  let perDay: Partial<Record<Weekday, string>>;
  if (isTime(raw)) {
    const open = days.filter((d) => hoursOf(d).length);
    if (!open.length) return void issues.push({ file, line: lineOf(), message: `${name}: last_queue: the office is closed then (hours: []): remove last_queue, or give the entry its hours` });
    perDay = Object.fromEntries(open.map((d) => [d, raw]));
  } else if (!e.oneDay && raw && typeof raw === "object" && !Array.isArray(raw)) {
    perDay = {};
    for (const [d, v] of Object.entries(raw)) {
      if (!days.includes(d as Weekday)) return void issues.push({ file, line: lineOf(d), message: `${name}: last_queue: ${d} is not a day of this period: write mon, tue, wed, thu, fri, sat or sun of its days` });
      if (!isTime(v)) return void issues.push({ file, line: lineOf(d), message: `${name}: last_queue ${d} is a time "HH:MM", for example ${d}: "13:30"` });
      perDay[d as Weekday] = v;
    }
  } else {
    return void issues.push({ file, line: lineOf(), message: `${name}: last_queue is a time "HH:MM" in quotes, for example last_queue: "11:30"${e.oneDay ? "" : ' (or per day: mon: "13:30" …)'}` });
  }
  const before = issues.length;
  for (const [d, time] of Object.entries(perDay) as [Weekday, string][]) {
    const list = hoursOf(d);
    const line = typeof raw === "string" ? lineOf() : lineOf(d);
    if (!list.length) issues.push({ file, line, message: `${name}: last_queue: ${d} is closed then: remove last_queue's ${d}, or give ${d} its hours` });
    else if (time <= list[0]!.open || time > list[list.length - 1]!.close) {
      issues.push({ file, line, message: `${name}: last_queue ${time} is outside that day's hours (${list[0]!.open}–${list[list.length - 1]!.close}): the last queue number is given after the office opens and no later than it closes` });
      if (typeof raw === "string") break;
    }
  }
  return issues.length > before ? undefined : perDay;
}

/** A day's intervals: each opening before its closing, in order, not overlapping (the week's and special_hours'). */
function intervalIssues(file: string, y: LocatedYaml, path: (string | number)[], name: string, list: readonly OpeningHours[], issues: FileIssue[]): void {
  let prevClose = "";
  list.forEach((iv, i) => {
    if (iv.open >= iv.close) issues.push({ file, line: y.lineOf([...path, i]), message: `${name}: opening time ${iv.open} must be before closing time ${iv.close}` });
    if (prevClose && iv.open < prevClose) issues.push({ file, line: y.lineOf([...path, i]), message: `${name}: intervals must be in order and must not overlap` });
    prevClose = iv.close;
  });
}

/**
 * office.yaml `special_hours`: dated exceptions to the week. Each entry is one day (`date`, its
 * `hours` a day's list, `[]` closed) or a period (`from` … `to`, its `hours` a week, `[]` closed
 * throughout); without `hours` the week's hours stand and only `note` / `address` change. Two
 * one-day entries on a date, or two periods that overlap, are refused (which hours would count?);
 * a day inside a period wins over it. Undefined when there are none or a problem was found.
 */
/**
 * A day both a holiday (closed all day) and a special day with hours: which one the clerk meant is
 * theirs to say. Read from the file as written, so that it is said with the file's other slips (an
 * unknown key, a time "12.00" in another entry), not only once they are fixed.
 */
function specialOnHolidayIssues(file: string, y: LocatedYaml): FileIssue[] {
  const v = y.value as { holidays?: unknown; special_hours?: unknown } | undefined;
  const holidays = new Map<string, number>();
  if (Array.isArray(v?.holidays))
    v.holidays.forEach((h: unknown, i) => {
      const date = (h as { date?: unknown } | null)?.date;
      if (typeof date === "string" && !holidays.has(date)) holidays.set(date, i);
    });
  const out: FileIssue[] = [];
  if (!Array.isArray(v?.special_hours)) return out;
  v.special_hours.forEach((e: unknown, i) => {
    const { date, hours } = (e ?? {}) as { date?: unknown; hours?: unknown };
    const h = typeof date === "string" ? holidays.get(date) : undefined;
    if (h === undefined || !Array.isArray(hours) || !hours.length) return;
    out.push({ file, line: y.lineOf(["special_hours", i, "date"]), message: `special_hours: ${date} is also a holiday (line ${y.lineOf(["holidays", h])}), closed all day: to open with these hours that day, remove it from holidays; if it is closed, remove this entry` });
  });
  return out;
}

function parseSpecialHours(file: string, y: LocatedYaml, issues: FileIssue[], warnings: FileIssue[]): SpecialHours[] | undefined {
  const raw = (y.value as { special_hours?: unknown } | undefined)?.special_hours;
  if (raw === undefined || raw === null) return undefined;
  // The week's hours, for a last_queue of an entry that keeps them (its own slips are said elsewhere).
  const weekRead = SpecialWeekSchema.safeParse((y.value as { hours?: unknown } | undefined)?.hours);
  const usual = weekRead.success ? weekRead.data : undefined;
  const before = issues.length;
  const prefixed = (list: z.core.$ZodIssue[], prefix: (string | number)[]) => list.map((i) => ({ ...i, path: [...prefix, ...i.path] }) as z.core.$ZodIssue);
  const r = SpecialListSchema.safeParse(raw);
  if (!r.success) issues.push(...zodIssues(file, y, prefixed(r.error.issues, ["special_hours"]), SpecialHintSchema));
  const entries = Array.isArray(raw) ? raw : [];
  const out: { sp: SpecialHours; i: number }[] = [];
  entries.forEach((e: unknown, i) => {
    if (!e || typeof e !== "object" || Array.isArray(e)) return;
    const at = (...p: (string | number)[]) => y.lineOf(["special_hours", i, ...p]);
    const entry = e as { date?: unknown; from?: unknown; to?: unknown; hours?: unknown; note?: unknown; note_en?: unknown; address?: unknown; address_en?: unknown; last_queue?: unknown };
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    const oneDay = entry.date !== undefined;
    const name = `special_hours (${oneDay ? String(entry.date) : entry.to === undefined ? `from ${String(entry.from)}` : `${String(entry.from)} to ${String(entry.to)}`})`;
    // The shape of the days: one date's list, or a period's week.
    let day: OpeningHours[] | undefined;
    let week: SpecialHours["week"];
    if (entry.hours !== undefined) {
      if (oneDay) {
        const d = SpecialDaySchema.safeParse(entry.hours);
        if (!d.success) issues.push(...zodIssues(file, y, prefixed(d.error.issues, ["special_hours", i, "hours"]), SpecialHintSchema));
        else intervalIssues(file, y, ["special_hours", i, "hours"], name, (day = d.data), issues);
      } else if (Array.isArray(entry.hours) && entry.hours.length === 0) week = {};
      else if (Array.isArray(entry.hours)) {
        issues.push({ file, line: at("hours"), message: `${name}: a period's hours are written per day, as in hours: — e.g. hours: { mon: [{ open: "08:00", close: "14:00" }], fri: [{ open: "08:00", close: "11:00" }] } (a day not written is closed), or hours: [] when the office is closed the whole period` });
      } else {
        const w = SpecialWeekSchema.safeParse(entry.hours);
        if (!w.success) issues.push(...zodIssues(file, y, prefixed(w.error.issues, ["special_hours", i, "hours"]), SpecialHintSchema));
        else {
          week = w.data;
          for (const [d, list] of Object.entries(week)) intervalIssues(file, y, ["special_hours", i, "hours", d], `${name} ${d}`, list ?? [], issues);
        }
      }
    }
    // Which dates: date, or from and to in order.
    if (oneDay && (entry.from !== undefined || entry.to !== undefined)) {
      issues.push({ file, line: at("date"), message: `special_hours: write either date: (one day) or from: and to: (a period), not both` });
      return;
    }
    if (!oneDay && (entry.from === undefined || entry.to === undefined)) {
      const missing = entry.from === undefined && entry.to === undefined ? 'date: "YYYY-MM-DD" (one day) or from: and to: (a period)' : entry.from === undefined ? 'from: "YYYY-MM-DD" (the first day)' : 'to: "YYYY-MM-DD" (the last day; the same as from for one day)';
      issues.push({ file, line: y.lineOf(["special_hours", i]), message: `special_hours: this entry has no ${missing}: add it` });
      return;
    }
    const from = str(oneDay ? entry.date : entry.from);
    const to = str(oneDay ? entry.date : entry.to);
    if (!from || !to || !isRealDate(from) || !isRealDate(to)) return; // said by the schema
    if (to < from) issues.push({ file, line: at("to"), message: `special_hours: the period ends (to: ${to}) before it starts (from: ${from}): write the first day in from and the last in to` });
    if (entry.hours === undefined && entry.note === undefined && entry.address === undefined) {
      issues.push({ file, line: y.lineOf(["special_hours", i]), message: `${name}: says nothing: add hours: ([] when closed), a note: or an address:` });
    }
    if (entry.note !== undefined && entry.note_en === undefined) {
      warnings.push({ file, line: at("note"), warning: true, message: `${name}: note has no note_en: citizens writing in English read the Indonesian text; add the same in English (docs/knowledge.md, section 5)` });
    }
    const note = str(entry.note), noteEn = str(entry.note_en), address = str(entry.address), addressEn = str(entry.address_en);
    const lastQueue = entry.last_queue === undefined ? undefined : specialLastQueue(file, y, i, name, entry.last_queue, { from, to, oneDay, day, week, usual }, issues);
    const sp: SpecialHours = { from, to, oneDay, ...(day ? { day } : {}), ...(week ? { week } : {}), ...(note ? { note } : {}), ...(noteEn ? { noteEn } : {}), ...(address ? { address } : {}), ...(addressEn ? { addressEn } : {}), ...(lastQueue ? { lastQueue } : {}) };
    out.push({ sp, i });
  });
  if (issues.length > before) return undefined;
  // Two entries of one kind on a date: which hours count that day?
  out.forEach(({ sp: b, i }, n) => {
    const first = out.slice(0, n).find(({ sp: x }) => x.oneDay === b.oneDay && x.from <= b.to && b.from <= x.to);
    if (!first) return;
    const a = first.sp;
    const what = b.oneDay
      ? `${b.from} is listed twice (first at line ${y.lineOf(["special_hours", first.i, "date"])}): a day has one set of hours; keep one entry`
      : `this period (${b.from} to ${b.to}) overlaps the period ${a.from} to ${a.to} at line ${y.lineOf(["special_hours", first.i, "from"])}: a day has one set of hours; end the first period before the second starts (one day inside a period is written with date:, and wins over the period)`;
    issues.push({ file, line: y.lineOf(["special_hours", i, b.oneDay ? "date" : "from"]), message: `special_hours: ${what}` });
  });
  return issues.length > before ? undefined : out.map(({ sp }) => sp);
}

/** The key a clerk meant by an unknown one: its Indonesian word (KEY_WORDS), else the nearest spelling. */
/**
 * The form question a document's `when` probably means when it names no question (the question was
 * renamed): the one choice question having every option it gives, or, for a comparison (">1"), the
 * one number question whose id shares a word with the name written ("lantai", "jumlah_lantai").
 */
function renamedQuestion(field: string, value: string | string[], form: readonly { id: string; kind: string; options?: { id: string }[] | undefined }[]): string | undefined {
  const values = typeof value === "string" ? [value] : value;
  const one = (ids: string[]) => (ids.length === 1 ? ids[0] : undefined);
  if (values.length && values.every((v) => !/^(?:>=|<=|>|<)/.test(v))) {
    return one(form.filter((x) => x.kind === "choice" && values.every((v) => (x.options ?? []).some((o) => o.id === v))).map((x) => x.id));
  }
  const words = new Set(field.split(/[_-]+/).filter((w) => w.length >= 3));
  return one(form.filter((x) => x.kind === "number" && x.id.split(/[_-]+/).some((w) => words.has(w))).map((x) => x.id));
}

function keyMeant(key: string, known: string[]): string | undefined {
  return keyInIndonesian(key, known) ?? closest(key, known);
}

/** The English key an Indonesian key name stands for ("biaya" for fee), when `known` has it. */
function keyInIndonesian(key: string, known: string[]): string | undefined {
  const word = KEY_WORDS[key.trim().toLowerCase().replace(/['’]/g, "").replace(/[\s-]+/g, "_")];
  return word && known.includes(word) ? word : undefined;
}

/**
 * Indonesian words a clerk writes for a key that is written in English: the days of the office
 * hours, the office's keys, a permit's keys and those of its documents and questions. Each maps to
 * one key; a word is used only where that key is allowed ("jenis" is a question's kind).
 */
const KEY_WORDS: Record<string, string> = {
  biaya: "fee",
  tarif: "fee",
  retribusi: "fee",
  persyaratan: "requirements",
  syarat: "requirements",
  dokumen: "requirements",
  berkas: "requirements",
  dasar_hukum: "legal_basis",
  landasan_hukum: "legal_basis",
  masa_berlaku: "validity",
  berlaku: "validity",
  lama_proses: "duration",
  waktu_proses: "duration",
  lama_pelayanan: "duration",
  waktu_pelayanan: "duration",
  lama: "duration",
  kata_kunci: "keywords",
  formulir: "form",
  isian: "form",
  pertanyaan: "form",
  prosedur: "procedure",
  alur: "procedure",
  tata_cara: "procedure",
  langkah: "procedure",
  kategori: "category",
  alias: "aliases",
  nama_lain: "aliases",
  pengajuan: "submission",
  tempat_pengajuan: "submission",
  ditinjau: "reviewed",
  diperiksa: "reviewed",
  jenis: "kind",
  tipe: "kind",
  pilihan: "options",
  opsi: "options",
  catatan: "note",
  keterangan: "note",
  teks: "text",
  hari_kerja: "working_days",
  jumlah: "amount",
  nominal: "amount",
  besaran: "amount",
  tautan: "url",
  saluran: "channel",
  format: "accept",
  tipe_file: "accept",
  jenis_file: "accept",
  tanggal: "date",
  buka: "open",
  tutup: "close",
  senin: "mon",
  selasa: "tue",
  rabu: "wed",
  kamis: "thu",
  jumat: "fri",
  sabtu: "sat",
  minggu: "sun",
  ahad: "sun",
  libur: "holidays",
  jam: "hours",
  kontak: "contacts",
  alamat: "address",
  nama: "name",
};

/**
 * A period's hours written as a day of `hours` ("ramadan:"): `hours` is the usual week, the days
 * mon … sun; a period's hours go under `special_hours` with its dates, and end by themselves.
 */
function periodHours(key: string, value: unknown): string {
  const list = Array.isArray(value) ? value.filter((v): v is { open: unknown; close: unknown } => !!v && typeof v === "object" && "open" in v && "close" in v) : [];
  const shown = list.length ? `[${list.map((v) => `{ open: "${String(v.open)}", close: "${String(v.close)}" }`).join(", ")}]` : '[{ open: "08:00", close: "14:00" }]';
  return (
    `hours has only the days mon, tue, wed, thu, fri, sat and sun, not "${key}": they are the usual week. ` +
    `For Ramadan (or another period) remove the "${key}" line and add the period under special_hours with its first and last day, ` +
    `its hours written per day: special_hours: - { from: "YYYY-MM-DD", to: "YYYY-MM-DD", note: ${key}, hours: { mon: ${shown}, … } }. ` +
    `The usual hours count again after "to" by themselves (docs/knowledge.md, section 5)`
  );
}

/** "08.00", 8 (08.00 unquoted), 15.3 (15.30 unquoted), "8:00", "8": the time as "HH:MM"; undefined when it is none. */
function timeMeant(value: string | number): string | undefined {
  const m = /^(\d{1,2})(?:[.:,](\d{1,2}))?$/.exec(String(value).trim());
  if (!m) return undefined;
  const hour = Number(m[1]);
  // A number's decimals lose their trailing zero: 15.30 is read 15.3, i.e. 15:30.
  const minutes = typeof value === "number" ? (m[2] ?? "0").padEnd(2, "0") : (m[2] ?? "00").padStart(2, "0");
  if (hour > 23 || Number(minutes) > 59) return undefined;
  return `${String(hour).padStart(2, "0")}:${minutes}`;
}

/** "25/12/2026", "25-12-2026", "25.12.2026" (day first, as written in Indonesia): "2026-12-25"; undefined when it is no real date. */
const DIGIT_WORDS: Record<string, number> = { nol: 0, satu: 1, se: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9 };

/**
 * A whole number written in Indonesian words at the start of a text ("tiga hari", "empat belas",
 * "dua puluh delapan hari kerja", "sepuluh"), below 1000; undefined when it does not start with one.
 */
export function numberInWords(value: string): number | undefined {
  const words = value.trim().toLowerCase().replace(/^(se)(puluh|belas|ratus)\b/, "$1 $2").split(/\s+/);
  let total = 0;
  let current: number | undefined;
  let used = 0;
  for (const w of words) {
    const scale = w === "ratus" ? 100 : w === "puluh" ? 10 : w === "belas" ? -1 : 0;
    if (scale) {
      if (current === undefined) break;
      if (scale === -1) current += 10;
      else current *= scale;
      if (scale === 100 || scale === 10) {
        total += current;
        current = undefined;
      }
    } else if (w in DIGIT_WORDS && w !== "se" && current === undefined) {
      current = DIGIT_WORDS[w]!;
    } else if (w === "se" && current === undefined) {
      current = 1;
    } else break;
    used++;
  }
  if (!used || (used === 1 && words[0] === "se")) return undefined;
  return total + (current ?? 0);
}

const MONTHS: [RegExp, number][] = [
  [/^jan(?:uari|uary)?$/, 1], [/^feb(?:ruari|ruary)?$/, 2], [/^mar(?:et|ch)?$/, 3], [/^apr(?:il)?$/, 4], [/^(?:mei|may)$/, 5], [/^jun(?:i|e)?$/, 6],
  [/^jul(?:i|y)?$/, 7], [/^(?:agu?s?t?(?:us)?|aug(?:ust)?)$/, 8], [/^sep(?:t(?:ember)?)?$/, 9], [/^o[kc]t(?:ober)?$/, 10], [/^nov(?:ember)?$/, 11], [/^de[sc](?:ember)?$/, 12],
];

function dateMeant(value: string): string | undefined {
  // "17 Agustus 2026", "17 Agt 2026", "Senin, 17 Agustus 2026", "August 17, 2026".
  const t = value.trim();
  const dmy = /^(?:[a-z']+,?\s+)?(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$/i.exec(t);
  const mdy = /^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/i.exec(t);
  const named = dmy ? { day: dmy[1]!, month: dmy[2]!, year: dmy[3]! } : mdy ? { day: mdy[2]!, month: mdy[1]!, year: mdy[3]! } : undefined;
  if (named) {
    const month = MONTHS.find(([re]) => re.test(named.month.toLowerCase()))?.[1];
    const date = month ? `${named.year}-${String(month).padStart(2, "0")}-${named.day.padStart(2, "0")}` : undefined;
    return date && isRealDate(date) ? date : undefined;
  }
  // "2026-8-17": year first, a month or day without its 0.
  const ymd = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(value.trim());
  if (ymd) {
    const date = `${ymd[1]}-${ymd[2]!.padStart(2, "0")}-${ymd[3]!.padStart(2, "0")}`;
    return isRealDate(date) && date !== value.trim() ? date : undefined;
  }
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value.trim());
  if (!m) return undefined;
  const date = `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
  return isRealDate(date) ? date : undefined;
}

/** Indonesian words a clerk writes for a value that is written in English (a field's kind, a channel). */
const VALUE_WORDS: Record<string, string> = {
  angka: "number",
  bilangan: "number",
  jumlah: "number",
  pilihan: "choice",
  pilih: "choice",
  tanggal: "date",
  tgl: "date",
  teks: "text",
  tulisan: "text",
  isian: "text",
  telepon: "phone",
  telp: "phone",
  hp: "phone",
  surel: "email",
  "e-mail": "email",
  loket: "counter",
  gerai: "counter",
  mpp: "counter",
  kantor: "counter",
};

function pathLabel(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p + 1}]` : i ? `.${p}` : p)).join("");
}

/** The keys an object schema allows at `path` (for "did you mean" hints). */
function keysAt(schema: z.ZodType, path: (string | number)[]): string[] {
  let s: unknown = schema;
  const unwrap = (x: unknown): unknown => {
    let cur = x as { _zod?: { def?: { type?: string; innerType?: unknown } } };
    while (cur?._zod?.def && ["optional", "default", "nullable", "prefault"].includes(cur._zod.def.type ?? "")) cur = cur._zod.def.innerType as typeof cur;
    return cur;
  };
  for (const p of path) {
    const def = (unwrap(s) as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return [];
    if (def.type === "object" && typeof p === "string") s = (def.shape as Record<string, unknown>)[p];
    else if (def.type === "array") s = def.element;
    else if (def.type === "record") s = def.valueType;
    else return [];
  }
  const def = (unwrap(s) as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
  return def?.type === "object" ? Object.keys(def.shape as object) : [];
}
