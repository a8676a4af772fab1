import { randomUUID } from "node:crypto";
import { jakartaDate } from "../domain/hours.js";
import type { Put, Store } from "../store/port.js";

/**
 * SKM (Survei Kepuasan Masyarakat) per PermenPANRB 14/2017: nine elements (unsur) rated on a
 * four-point scale. The office must run it at least yearly; Loket offers it after a closed case
 * or a finished application, and the console reports the IKM for any period.
 */

/** The nine elements, in the regulation's wording and order (ids u1..u9 are used by flows/survey.yaml). */
export const SKM_ELEMENTS = [
  { id: "u1", name: "Persyaratan" },
  { id: "u2", name: "Sistem, Mekanisme, dan Prosedur" },
  { id: "u3", name: "Waktu Penyelesaian" },
  { id: "u4", name: "Biaya/Tarif" },
  { id: "u5", name: "Produk Spesifikasi Jenis Pelayanan" },
  { id: "u6", name: "Kompetensi Pelaksana" },
  { id: "u7", name: "Perilaku Pelaksana" },
  { id: "u8", name: "Penanganan Pengaduan, Saran dan Masukan" },
  { id: "u9", name: "Sarana dan Prasarana" },
] as const;

export type SkmElementId = (typeof SKM_ELEMENTS)[number]["id"];

/** One stored survey (collection `surveys`). Holds no personal data: answers and what was surveyed. */
export interface SurveyRecord {
  id: string;
  at: string;
  answers: Partial<Record<SkmElementId, number>>;
  subject: { caseId?: string; applicationNumber?: string };
}

const ELEMENT_IDS = new Set<string>(SKM_ELEMENTS.map((e) => e.id));

/**
 * The survey as a record write, for the runtime to commit inside the turn's batch (so a survey
 * is stored exactly when the conversation moves on). Only elements u1..u9 with an integer 1..4
 * are kept; null when none is.
 */
export function surveyPut(
  answers: Record<string, number>,
  subject: { caseId?: string; applicationNumber?: string },
  now: Date = new Date(),
  id: string = randomUUID(),
): Put | null {
  const kept: SurveyRecord["answers"] = {};
  for (const [k, v] of Object.entries(answers)) {
    if (ELEMENT_IDS.has(k) && onScale(v)) kept[k as SkmElementId] = v;
  }
  if (Object.keys(kept).length === 0) return null;
  const at = now.toISOString();
  // Time first so keys sort by time in every store.
  const key = `${at}_${id}`;
  const rec: SurveyRecord = { id: key, at, answers: kept, subject: pickSubject(subject) };
  return { collection: "surveys", key, value: rec };
}

/** Stores one citizen's answers (the `record_survey` effect); `ok: false` when no answer is on the scale. */
export async function recordSurvey(
  store: Store,
  answers: Record<string, number>,
  subject: { caseId?: string; applicationNumber?: string },
  now: Date = new Date(),
  id: string = randomUUID(),
): Promise<{ ok: boolean; id?: string }> {
  const put = surveyPut(answers, subject, now, id);
  if (!put) return { ok: false };
  await store.put(put.collection, put.key, put.value);
  return { ok: true, id: put.key };
}

const onScale = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 4;

function pickSubject(s: { caseId?: string; applicationNumber?: string }): SurveyRecord["subject"] {
  const out: SurveyRecord["subject"] = {};
  if (s.caseId) out.caseId = s.caseId;
  if (s.applicationNumber) out.applicationNumber = s.applicationNumber;
  return out;
}

export type IkmGrade = "A" | "B" | "C" | "D";

/** Mutu and kinerja per the regulation's conversion table. */
export const IKM_BANDS: { grade: IkmGrade; min: number; label: string }[] = [
  { grade: "A", min: 88.31, label: "Sangat Baik" },
  { grade: "B", min: 76.61, label: "Baik" },
  { grade: "C", min: 65.0, label: "Kurang Baik" },
  { grade: "D", min: 25.0, label: "Tidak Baik" },
];

export interface IkmReport {
  from?: string;
  to?: string;
  respondents: number;
  elements: { id: SkmElementId; name: string; respondents: number; nrr: number | null; ikm: number | null }[];
  /** Mean NRR of the answered elements (the index on the 1..4 scale), 4 decimals. */
  index: number | null;
  /** index × 25, 2 decimals. */
  ikm: number | null;
  grade: IkmGrade | null;
  label: string | null;
}

/** The band of a converted IKM (25..100). */
export function ikmGrade(ikm: number): { grade: IkmGrade; label: string } {
  for (const b of IKM_BANDS) if (ikm >= b.min) return { grade: b.grade, label: b.label };
  return { grade: "D", label: IKM_BANDS[3]!.label };
}

/**
 * IKM for the surveys taken between `from` and `to` (inclusive `YYYY-MM-DD`, Asia/Jakarta).
 * NRR per element = sum of its scores / respondents who rated it; IKM = mean of the nine NRRs × 25
 * (equal weights 1/9). An element nobody rated is reported as null and left out of the mean.
 */
export function computeIkm(surveys: SurveyRecord[], period: { from?: string; to?: string } = {}): IkmReport {
  const inPeriod = surveys.filter((s) => {
    const d = jakartaDate(new Date(s.at));
    return (!period.from || d >= period.from) && (!period.to || d <= period.to);
  });
  const stats = SKM_ELEMENTS.map((e) => {
    let sum = 0;
    let n = 0;
    for (const s of inPeriod) {
      const v = s.answers[e.id];
      // Records may come from any writer (the runtime stores record_survey itself): count only the scale.
      if (onScale(v)) {
        sum += v;
        n++;
      }
    }
    return { e, sum, n };
  });
  const elements = stats.map(({ e, sum, n }) => ({
    id: e.id,
    name: e.name,
    respondents: n,
    nrr: n ? round(sum / n, 4) : null,
    ikm: n ? round((sum / n) * 25, 2) : null,
  }));
  // Mean of the exact NRRs (not the rounded ones), so full surveys match the shortcut Σ/(n×9)×25.
  const exact = stats.filter((x) => x.n > 0).map((x) => x.sum / x.n);
  const index = exact.length ? exact.reduce((a, b) => a + b, 0) / exact.length : null;
  const ikm = index === null ? null : round(index * 25, 2);
  const band = ikm === null ? null : ikmGrade(ikm);
  const report: IkmReport = {
    respondents: inPeriod.length,
    elements,
    index: index === null ? null : round(index, 4),
    ikm,
    grade: band?.grade ?? null,
    label: band?.label ?? null,
  };
  if (period.from) report.from = period.from;
  if (period.to) report.to = period.to;
  return report;
}

/** The report as CSV (semicolon-free, comma-separated, one row per element, then the totals). */
export function ikmCsv(r: IkmReport): string {
  const rows: (string | number)[][] = [
    ["periode_dari", r.from ?? "", "periode_sampai", r.to ?? ""],
    ["unsur", "nama", "responden", "nrr", "ikm_unsur"],
    ...r.elements.map((e) => [e.id, e.name, e.respondents, e.nrr ?? "", e.ikm ?? ""]),
    ["total", "IKM", r.respondents, r.index ?? "", r.ikm ?? ""],
    ["mutu", r.grade ?? "", "kinerja", r.label ?? ""],
  ];
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function csvCell(v: string | number): string {
  const s = String(v);
  // Quote when needed; neutralise spreadsheet formulas.
  const safe = /^[=+\-@]/.test(s) && typeof v === "string" ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  // Half up as done by hand: x × f first cut to 6 decimals, so 40.625 (stored as 40.62499…) is 40.63.
  return Math.round(Number((x * f).toFixed(6))) / f;
}

/** Reads all surveys and reports a period. */
export async function ikmReport(store: Store, period: { from?: string; to?: string } = {}): Promise<IkmReport> {
  return computeIkm(await store.list<SurveyRecord>("surveys"), period);
}
