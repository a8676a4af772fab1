import type { Outbound } from "../../src/domain/message.js";
import type { Application } from "../../src/domain/records.js";
import { conversationTopic } from "../../src/runtime/port.js";
import type { StaffActor } from "../../src/staff/index.js";
import { SAMPLE } from "./citizen.js";
import { ownFile } from "./fixtures.js";
import { fixtures, type TestLoket } from "./loket.js";

/** One line of a journey's transcript: who spoke, and for the bot what it waits for. */
export interface JourneyLine {
  from: "citizen" | "bot" | "staff";
  text: string;
  expects?: Outbound["expects"];
  choices?: string[];
}

/** What a citizen met walking one permit from its questions to the survey (see `walkJourney`). */
export interface Journey {
  permit: string;
  lines: JourneyLine[];
  /** The five answers asked before applying: requirements, fee, duration, procedure, where. */
  answers: string[];
  /** Loket takes the application (false: an OSS permit, guided there). */
  applied: boolean;
  summary?: string;
  receipt?: string;
  number?: string;
  status?: string;
  /** Pushed to the citizen when staff moved the application to done. */
  pushed: string[];
  surveyOffered: boolean;
  application?: Application;
  /** Answers given, by field, as the citizen typed them (after one wrong answer of each kind). */
  typed: Record<string, string>;
  /** A question the journey could not answer, or a turn limit reached. */
  stuck?: string;
}

/** A wrong answer of each kind, tried once per journey before the right one. */
export const WRONG: Record<string, string> = { nik: "12345", phone: "0812", date: "31-02-2027", email: "siti@", number: "banyak", choice: "entahlah" };

const officer: StaffActor = { username: "journeys", role: "staff", displayName: "Petugas" };

/** A different small PDF per document, so no upload is taken for another already sent. */
const pdfFor = (field: string) => Buffer.concat([fixtures.pdf, Buffer.from(`%${field}\n`)]);

/**
 * Walks a permit as a citizen would, on a test Loket: asks its requirements, fee, duration,
 * procedure and where to submit; applies (one wrong answer per kind of question, then a valid
 * one; a document per question, JPG where only photos are taken; the name corrected at the
 * summary); confirms; checks the status with the number; staff move it to done; answers the SKM
 * survey. Returns the transcript and what a test checks. `name`: how the citizen names the permit.
 */
export async function walkJourney(t: TestLoket, permit: string, name: string, opts: { date?: string } = {}): Promise<Journey> {
  const j: Journey = { permit, lines: [], answers: [], applied: false, pushed: [], surveyOffered: false, typed: {} };
  const record = (r: Outbound[]) => {
    for (const o of r) j.lines.push({ from: "bot", text: o.text, ...(o.expects ? { expects: o.expects } : {}), ...(o.choices ? { choices: o.choices.map((c) => c.label) } : {}) });
    return r;
  };
  const say = async (text: string) => {
    j.lines.push({ from: "citizen", text });
    return record(await t.say(text));
  };
  const tap = async (id: string, label: string) => {
    j.lines.push({ from: "citizen", text: `[${label}]` });
    return record(await t.tap(id));
  };
  const upload = async (bytes: Buffer, filename: string) => {
    j.lines.push({ from: "citizen", text: `📎 ${filename}` });
    return record(await t.upload(bytes, filename));
  };
  const text = (r: Outbound[]) => r.map((o) => o.text).join("\n");

  for (const q of [`syarat ${name} apa saja?`, "biayanya berapa?", "berapa lama prosesnya?", "bagaimana prosedurnya?", "ngurusnya di mana?"]) {
    const r = await say(q);
    j.answers.push(text(r.filter((o) => !o.expects)));
  }

  let r = await say(`saya mau mengajukan ${name}`);
  const tried = new Set<string>();
  let corrected = false;
  for (let turn = 0; turn < 90; turn++) {
    const number = /\b[A-Z]{2,8}-\d{4}-\d{6}\b/.exec(text(r))?.[0];
    if (number) {
      j.receipt = text(r);
      j.number = number;
      break;
    }
    const last = r[r.length - 1];
    if (!last?.expects) {
      if (turn === 0) return j; // an OSS permit: guided there, nothing to fill in
      j.stuck = `nothing asked: ${last?.text ?? "(no reply)"}`;
      return j;
    }
    j.applied = true;
    const { kind, field } = last.expects;
    if (kind === "confirm") {
      j.summary = last.text;
      if (!corrected) {
        corrected = true;
        await say("ubah 1");
        j.typed.nama = `${SAMPLE.nama} Putri`;
        r = await say(j.typed.nama);
        continue;
      }
      r = await say("ya");
      continue;
    }
    if (kind === "file") {
      const photo = /JPG\/PNG,|JPG, maksimal|PNG, maksimal/.test(last.text) && !/PDF/.test(last.text);
      r = photo ? await upload(ownFile("jpg", field), `${field}.jpg`) : await upload(pdfFor(field), `${field}.pdf`);
      continue;
    }
    if (WRONG[kind] && !tried.has(kind) && !(field === "consent")) {
      tried.add(kind);
      r = await say(WRONG[kind]!);
      continue;
    }
    if (kind === "choice") {
      const c = last.choices?.[0];
      if (!c) {
        j.stuck = `a choice without buttons: ${last.text}`;
        return j;
      }
      if (field !== "consent") j.typed[field] = c.label;
      r = await tap(c.id, c.label);
      continue;
    }
    const answer =
      kind === "nik" ? SAMPLE.nik
      : kind === "phone" ? SAMPLE.hp
      : kind === "email" ? "siti.rahmawati@example.com"
      : kind === "date" ? (opts.date ?? "17-08-1990")
      : kind === "number" ? "2"
      : field === "nama" ? SAMPLE.nama
      : field === "alamat" ? SAMPLE.alamat
      : /^nomor/.test(field) ? "3317/12345/2024"
      : `Contoh ${field.replace(/_/g, " ")} di Rembang`;
    j.typed[field] = answer;
    r = await say(answer);
  }
  if (!j.number) {
    j.stuck ??= "no registration number after many turns";
    return j;
  }

  r = await say(`cek status ${j.number}`);
  if (r[r.length - 1]?.expects?.field === "last4") r = await say(SAMPLE.hp.slice(-4));
  j.status = text(r);

  const pushed: Outbound[] = [];
  const stop = t.loket.bus.subscribe(conversationTopic(t.conversationId), (o) => pushed.push(o as Outbound));
  try {
    for (const status of ["verified", "approved", "done"] as const) {
      const res = await t.loket.staff.changeStatus(j.number, officer, { status });
      if (!res.ok) throw new Error(`${permit}: staff could not move ${j.number} to ${status}: ${res.message ?? ""}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    stop();
  }
  for (const o of pushed) j.lines.push({ from: "staff", text: o.text, ...(o.choices ? { choices: o.choices.map((c) => c.label) } : {}) });
  j.pushed = pushed.map((o) => o.text);
  const offer = pushed.find((o) => o.choices?.length);
  if (offer) {
    j.surveyOffered = true;
    let s = await tap(offer.choices![0]!.id, offer.choices![0]!.label);
    for (let i = 0; i < 12 && s[s.length - 1]?.choices?.length; i++) {
      const c = s[s.length - 1]!.choices!;
      const pick = c[Math.min(c.length - 1, 2)]!;
      s = await tap(pick.id, pick.label);
    }
    if (s[s.length - 1]?.expects?.kind === "text") await say("Pelayanan cepat, terima kasih");
  }
  j.application = (await t.loket.store.get<Application>("applications", j.number)) ?? undefined;
  return j;
}

/** The transcript as a citizen read it, for a failing test's message. */
export const transcriptOf = (j: Journey): string =>
  j.lines.map((l) => `${l.from === "citizen" ? "> " : l.from === "staff" ? "~ " : "< "}${l.text}${l.choices ? `  [${l.choices.join(" | ")}]` : ""}`).join("\n");
