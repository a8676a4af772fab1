import { beforeAll, describe, expect, it } from "vitest";
import { CONVERSATION_STATE_VERSION, type ConversationState } from "../../src/domain/conversation.js";
import type { DocumentRef, Outbound } from "../../src/domain/message.js";
import { createEngine, loadFlows, type Engine, type Effect, type EffectResult, type EngineEvent } from "../../src/engine/index.js";
import { createUnderstander } from "../../src/engine/understand/index.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { loadMessages, type Messages } from "../../src/text/messages.js";

/**
 * The pure step on its own, with the real flows, knowledge, messages and understanding. Effects are
 * answered here the way the runtime answers them; whole-runtime behaviour is in test/conversations.
 */
let engine: Engine;
let kb: KnowledgeBase;
let id: Messages;
const NOW = new Date("2026-12-01T03:00:00Z"); // Tuesday 10:00 WIB

beforeAll(async () => {
  const [k, messages, flows] = await Promise.all([loadKnowledge("knowledge"), loadMessages("messages"), loadFlows("flows")]);
  kb = k;
  id = messages.get("id")!;
  engine = createEngine({ flows, knowledge: kb, understander: createUnderstander(kb), messages, now: () => NOW, uploadLimitBytes: 5 * 1048576 });
});

/** A file of its own at each call (a citizen's documents are different files); the same bytes again are `{ ...earlier }`. */
let docs = 0;
const doc = (mime: DocumentRef["mime"] = "application/pdf"): DocumentRef => ({ sha256: (++docs).toString(16).padStart(64, "a"), mime, size: 1234 });

type OwnApplications = Extract<EffectResult, { type: "own_applications" }>["applications"];

/** What the runtime would answer to each effect; `own`: the applications the conversation submitted. */
function perform(call: Effect, own: OwnApplications = []): EffectResult {
  switch (call.type) {
    case "submit_application":
      return { type: "submit_application", number: "RBG-2026-000042" };
    case "check_status":
      // The runtime answers the conversation's own number without the digits.
      return (call.number === "RBG-2026-000042" && call.phoneLast4 === "7890") || own.some((a) => a.number === call.number)
        ? { type: "check_status", found: true, number: call.number, permit: "izin-reklame", status: "verified", updatedAt: "2026-11-30T17:18:00Z" }
        : { type: "check_status", found: false };
    case "own_applications":
      return { type: "own_applications", applications: own };
    case "open_case":
      return { type: "open_case", caseId: "case-1", queuePosition: 3, officeOpen: true };
    case "record_survey":
      return { type: "record_survey", ok: true };
    case "resubmit_documents":
      return { type: "resubmit_documents", ok: true };
    case "delete_my_data":
      return { type: "delete_my_data", kept: [] };
  }
}

/** A conversation driven through the pure step; `effects` records every call. */
class Chat {
  state: ConversationState;
  last: Outbound[] = [];
  effects: Effect[] = [];
  /** Answers given by `answer()`, to stop a test that would loop. */
  answered = 0;
  constructor(readonly own: OwnApplications = []) {
    this.state = engine.initialState("web:test", "web");
  }
  send(event: EngineEvent): Outbound[] {
    const before = JSON.stringify(this.state);
    let r = engine.step(this.state, event);
    expect(JSON.stringify(this.state), "step must not mutate its input").toBe(before);
    const replies = [...r.replies];
    while (r.call) {
      this.effects.push(r.call);
      r = engine.step(r.state, { type: "result", result: perform(r.call, this.own) });
      replies.push(...r.replies);
    }
    this.state = r.state;
    this.last = replies;
    return replies;
  }
  say = (text: string) => this.send({ type: "text", text });
  tap = (choice: string) => this.send({ type: "choice", id: choice });
  get text() {
    return this.last.map((o) => o.text).join("\n");
  }
  get asking() {
    return this.last[this.last.length - 1];
  }
}

/** A valid answer for whatever the last reply asks, so a walk can reach any step. */
function answer(c: Chat): Outbound[] {
  const q = c.asking!;
  // A form that never moves on would loop its caller forever: fail instead.
  if (++c.answered > 200) throw new Error(`stuck at ${JSON.stringify(q.expects)}: ${c.text}`);
  if (q.expects?.field === "nama") return c.say("Siti Rahmawati");
  switch (q.expects?.kind) {
    case "nik":
      return c.say("3317011708900001");
    case "phone":
      return c.say("0812 3456 7890");
    case "email":
      return c.say("siti@example.com");
    case "date":
      return c.say("17-08-1990");
    case "number":
      return c.say("2");
    case "file":
      return c.send({ type: "file", result: { ok: true, document: doc(/foto/i.test(q.text) ? "image/jpeg" : "application/pdf") } });
    case "choice":
    case "confirm":
      return c.tap(q.choices![0]!.id);
    default:
      return c.say("Jalan Pemuda Nomor 10, Rembang");
  }
}

function startApplication(permit = "sip fisioterapis"): Chat {
  const c = new Chat();
  c.send({ type: "start" });
  c.say(`saya mau mengajukan ${permit}`);
  expect(c.asking?.choices?.map((x) => x.id)).toContain("apply.consent:agree");
  c.tap("apply.consent:agree");
  return c;
}

describe("questions and their expectations", () => {
  it("start: greeting and menu; every question sets state.engine.expecting and the Outbound's expects/choices", () => {
    const c = new Chat();
    c.send({ type: "start" });
    expect(c.text).toContain("Selamat datang");
    expect(c.asking?.expects).toEqual({ field: "menu", kind: "choice" });
    expect(c.asking?.choices?.map((x) => x.label)).toEqual(["Tanya syarat/biaya izin", "Ajukan permohonan izin", "Cek status permohonan", "Bicara dengan petugas", "Info kantor"]);
    expect(c.state.engine.expecting).toEqual({ field: "menu", kind: "choice", choices: c.asking!.choices!.map((x) => x.id) });
    expect(c.state.v).toBe(CONVERSATION_STATE_VERSION);
  });

  it("a stale tap is refused and the current question asked again, nothing else changes", () => {
    const c = startApplication();
    const asked = c.asking!;
    const engineBefore = JSON.stringify(c.state.engine);
    c.tap("menu.menu:apply");
    expect(c.text).toContain(id.t("choice.stale"));
    expect(c.asking).toEqual(asked);
    expect(JSON.stringify(c.state.engine)).toBe(engineBefore);
  });

  it("typed numbers and labels work like taps", () => {
    const c = new Chat();
    c.send({ type: "start" });
    c.say("3");
    expect(c.asking?.expects?.field).toBe("number");
    const d = new Chat();
    d.send({ type: "start" });
    d.say("info kantor");
    expect(d.asking?.choices?.map((x) => x.label)).toContain("Jam layanan");
  });

  it("a form question shows the progress; the form collects the applicant's then the permit's fields", () => {
    const c = startApplication();
    expect(c.text).toContain("Langkah 1 dari 12");
    expect(c.asking?.expects).toEqual({ field: "nama", kind: "text" });
    c.say("Siti Rahmawati");
    expect(c.text).toContain("Langkah 2 dari 12");
    expect(c.asking?.expects).toEqual({ field: "nik", kind: "nik" });
  });
});

describe("wrong answers", () => {
  it("are re-asked with the specific reason; after three in a row a person is offered", () => {
    const c = startApplication();
    c.say("Siti Rahmawati");
    c.say("1234");
    expect(c.text).toContain(id.t("field.nik.count", { count: 4 }));
    expect(c.asking?.expects?.field).toBe("nik");
    c.say("2017011708900001");
    expect(c.text).toContain(id.t("field.nik.province"));
    c.say("3317013208900001");
    expect(c.text).toContain(id.t("field.nik.date"));
    expect(c.asking?.expects?.kind).toBe("choice");
    expect(c.asking?.choices?.map((x) => x.label)).toEqual([id.t("offer.yes"), id.t("offer.no")]);
    // Declining goes back to the same field, with the answers kept.
    c.tap(c.asking!.choices![1]!.id);
    expect(c.asking?.expects?.field).toBe("nik");
    c.say("3317015708900002");
    expect(c.asking?.expects?.field).toBe("hp");
    expect(c.state.engine.failures).toBe(0);
  });

  it("the offer of a person steps aside: an answer, a file or 'kembali' goes to the question it covers", () => {
    const offered = () => {
      const c = startApplication();
      c.say("Siti Rahmawati");
      for (const nik of ["1234", "2017011708900001", "3317013208900001"]) c.say(nik);
      expect(c.text).toContain(id.t("offer.prompt"));
      return c;
    };
    let c = offered();
    c.say("3317015708900002"); // the NIK, typed instead of a yes or a no
    expect(c.asking?.expects?.field).toBe("hp");
    c = offered();
    c.say("kembali");
    expect(c.asking?.expects?.field).toBe("nama");
    c = offered();
    c.say("1234"); // wrong again: the NIK's reason, not "choose an option"
    expect(c.text).toContain(id.t("field.nik.count", { count: 4 }));
    expect(c.text).not.toContain(id.t("field.choice.unknown"));
    // A file while the offer covers a document question is that document.
    c = startApplication();
    while (c.asking?.expects?.kind !== "file") answer(c);
    for (let i = 0; i < 3; i++) c.send({ type: "file", result: { ok: false, reason: "empty" } });
    expect(c.text).toContain(id.t("offer.prompt"));
    c.send({ type: "file", result: { ok: true, document: doc() } });
    expect(c.text).toContain("KTP diterima");
    expect(c.text).not.toContain(id.t("upload.not_now"));
  });

  it("three unclear messages offer a person over the menu: 'Tidak, lanjutkan' shows the menu", () => {
    const c = new Chat();
    c.send({ type: "start" });
    for (const t of ["asdf", "qwer", "zxcv"]) c.say(t);
    expect(c.text).toContain(id.t("offer.prompt"));
    c.tap(c.asking!.choices![1]!.id);
    expect(c.asking?.expects).toEqual({ field: "menu", kind: "choice" });
    expect(c.text.length).toBeGreaterThan(0);
  });

  it("a valid answer in between resets the count", () => {
    const c = startApplication();
    c.say("Siti Rahmawati");
    c.say("1234");
    c.say("1234");
    c.say("3317015708900002");
    c.say("12");
    expect(c.asking?.expects?.field).toBe("hp");
    expect(c.text).not.toContain(id.t("offer.prompt"));
  });
});

describe("questions in the middle of a form", () => {
  it("are answered, then the same field is asked again", () => {
    const c = startApplication();
    c.say("Siti Rahmawati");
    c.say("biayanya berapa?");
    expect(c.text).toContain("Biaya");
    expect(c.text).toContain(id.t("digression.resume"));
    expect(c.asking?.expects?.field).toBe("nik");
    expect(c.state.engine.stack[0]!.slots.nama).toBe("Siti Rahmawati");
  });

  it("a plain answer to a free-text field is an answer, even when it names things", () => {
    const c = startApplication();
    c.say("Siti Rahmawati");
    c.say("3317015708900002");
    c.say("081234567890");
    c.say("lewati");
    expect(c.asking?.expects?.field).toBe("alamat");
    c.say("Jl. Kartini 5, dekat kantor Dinas Kesehatan Rembang");
    expect(c.asking?.expects?.field).toBe("nomor_str");
  });

  it("a question about another permit is answered from the knowledge base", () => {
    const c = startApplication();
    c.say("syarat IMB apa saja?");
    expect(c.text).toContain("Persetujuan Bangunan Gedung");
    expect(c.asking?.expects?.field).toBe("nama");
  });
});

describe("repair words", () => {
  /** The expects.field of each question of a whole application (to break into at every step). */
  function walk(): string[] {
    const c = startApplication();
    const fields: string[] = [];
    for (let i = 0; i < 40 && !c.effects.length; i++) {
      fields.push(`${c.asking!.expects!.field}`);
      answer(c);
    }
    return fields;
  }

  it.each(["batal", "Batal", "cancel", "gak jadi"])("'%s' stops an application at every step and shows the menu, nothing submitted", (word) => {
    const steps = walk();
    expect(steps.length).toBeGreaterThan(15);
    for (let n = 0; n < steps.length; n++) {
      const c = startApplication();
      for (let i = 0; i < n; i++) answer(c);
      const asked = c.asking!;
      c.say(word);
      if (n > 0) {
        // Answers given: asked first, and "Tidak" keeps them, at the same question.
        expect(c.text, `at ${steps[n]}`).toContain(id.t("leave.prompt"));
        c.say("tidak");
        expect(c.asking?.expects, `at ${steps[n]}`).toEqual(asked.expects);
        c.say(word);
        c.say("ya");
      }
      expect(c.text, `at ${steps[n]}`).toContain(id.t("repair.cancelled"));
      expect(c.asking?.expects?.field).toBe("menu");
      expect(c.effects).toEqual([]);
    }
  });

  it("'bantuan' explains the words and asks the same question again, at every step", () => {
    const steps = walk();
    for (let n = 0; n < steps.length; n++) {
      const c = startApplication();
      for (let i = 0; i < n; i++) answer(c);
      const asked = c.asking!;
      c.say("bantuan");
      expect(c.text).toContain(id.t("repair.help"));
      expect(c.asking?.expects, `at ${steps[n]}`).toEqual(asked.expects);
    }
  });

  it("'petugas' opens a case at every step; the handoff reply is phrased from the result", () => {
    const steps = walk();
    for (let n = 0; n < steps.length; n += 3) {
      const c = startApplication();
      for (let i = 0; i < n; i++) answer(c);
      c.say("petugas");
      expect(c.effects, `at ${steps[n]}`).toEqual([{ type: "open_case", reason: "citizen_asked", permit: "sip-fisioterapis" }]);
      expect(c.text).toContain(id.t("handoff.queued_open", { position: 3 }));
      // The form stays below the handoff; the runtime's `resume` asks the same question again.
      c.send({ type: "resume" });
      expect(c.text).toContain(id.t("handoff.resumed"));
      expect(c.asking?.expects?.field, `at ${steps[n]}`).toBe(steps[n]);
    }
  });

  it("'kembali' goes back one question; 'ulang' starts the form again; 'menu' shows the menu", () => {
    const c = startApplication();
    c.say("Siti Rahmawati");
    c.say("kembali");
    expect(c.asking?.expects?.field).toBe("nama");
    c.say("Siti R");
    c.say("3317015708900002");
    c.say("ulang");
    expect(c.text).toContain(id.t("leave.prompt"));
    c.say("ulang"); // the word again confirms it
    expect(c.text).toContain(id.t("repair.restarted"));
    c.tap(c.asking!.choices!.find((x) => x.id.endsWith(":agree"))!.id);
    expect(c.text).toContain("Langkah 1 dari 12");
    c.say("menu");
    expect(c.asking?.expects?.field).toBe("menu");
  });

  it("Telegram's /start in the middle of a form asks before the answers go, like 'menu'", () => {
    const c = startApplication();
    c.say("Siti Rahmawati");
    c.send({ type: "start" });
    expect(c.text).toContain(id.t("leave.prompt"));
    c.say("Tidak, lanjut mengisi");
    expect(c.asking?.expects?.field).toBe("nik");
    c.send({ type: "start" });
    c.send({ type: "start" }); // again: confirmed
    expect(c.asking?.expects?.field).toBe("menu");
    // Nothing unsent: straight to the menu.
    c.send({ type: "start" });
    expect(c.text).not.toContain(id.t("leave.prompt"));
    expect(c.asking?.expects?.field).toBe("menu");
  });
});

describe("uploads", () => {
  function atDocuments(): Chat {
    const c = startApplication();
    while (c.asking?.expects?.kind !== "file") answer(c);
    return c;
  }

  it("state the limit, store the document, refuse bad files with the specific reason", () => {
    const c = atDocuments();
    expect(c.text).toContain("Dokumen 1 dari 7");
    expect(c.text).toContain("maksimal 5 MB");
    c.send({ type: "file", result: { ok: false, reason: "size", limitBytes: 5 * 1048576 } });
    expect(c.text).toContain(id.t("upload.too_big", { mb: 5 }));
    expect(c.text).toContain("Dokumen 1 dari 7");
    c.send({ type: "file", result: { ok: false, reason: "type" } });
    expect(c.text).toContain(id.t("upload.bad_type", { kinds: "PDF/JPG/PNG" }));
    c.send({ type: "file", result: { ok: false, reason: "empty" } });
    expect(c.text).toContain(id.t("upload.empty"));
    expect(c.asking?.expects?.kind).toBe("choice"); // third failure: a person is offered
    c.tap(c.asking!.choices![1]!.id);
    c.send({ type: "file", result: { ok: true, document: doc() } });
    expect(c.text).toContain("KTP diterima");
    expect(c.text).toContain("Dokumen 2 dari 7");
  });

  it("a PDF where only a photo is accepted is refused with the accepted kinds", () => {
    const c = atDocuments();
    for (let i = 0; i < 4; i++) c.send({ type: "file", result: { ok: true, document: doc() } });
    expect(c.text).toContain("Pas foto");
    c.send({ type: "file", result: { ok: true, document: doc() } });
    // Named: which document needs a photo, and the kinds it takes.
    expect(c.text).toMatch(/\*Pas foto[^*]*\* hanya bisa kami terima sebagai foto \(JPG\/PNG\), bukan PDF/);
    c.send({ type: "file", result: { ok: true, document: doc("image/png") } });
    expect(c.text).toContain("Dokumen 6 dari 7");
    // The superior's approval, needed of an ASN (the first choice at "Status kepegawaian").
    expect(c.text).not.toContain(id.t("upload.optional_hint"));
    c.say("lewati");
    expect(c.text).toContain(id.t("upload.required", { name: "Persetujuan atasan" }));
    expect(c.text).toContain("Dokumen 6 dari 7");
  });

  it("the same file as another document, sent after a different one, is taken with a note on how to replace it", () => {
    const c = atDocuments();
    const ktp = doc();
    c.send({ type: "file", result: { ok: true, document: ktp } });
    expect(c.text).not.toContain("sama dengan");
    c.send({ type: "file", result: { ok: true, document: doc() } });
    expect(c.text).toContain("STR (Surat Tanda Registrasi) diterima");
    expect(c.text).not.toContain("sama dengan");
    // The KTP scan again, for the third document (after the STR): filed, with the note.
    c.send({ type: "file", result: { ok: true, document: { ...ktp } } });
    expect(c.text).toContain("Surat keterangan tempat praktik");
    expect(c.text).toContain(id.t("upload.same_file", { other: "KTP" }));
    expect(c.text).toContain("Dokumen 4 dari 7");
    expect(c.text).not.toContain(id.t("upload.already_received", { name: "KTP" }));
    c.send({ type: "file", result: { ok: true, document: doc() } });
    expect(c.text).not.toContain("sama dengan");
  });

  it("the very file just taken, sent again (a double tap): already received, not filed as the next document, which is asked again", () => {
    const c = atDocuments();
    const ktp = doc("image/jpeg");
    c.send({ type: "file", result: { ok: true, document: ktp } });
    expect(c.text).toContain("Dokumen 2 dari 7");
    const before = JSON.stringify(c.state);
    c.send({ type: "file", result: { ok: true, document: { ...ktp } } });
    expect(c.text).toContain(id.t("upload.already_received", { name: "KTP" }));
    // The web widget sends no words with a file: no hint to write some.
    expect(c.text).not.toContain(id.t("upload.already_received_also", { next: "STR (Surat Tanda Registrasi)" }));
    expect(c.text).not.toContain("diterima.");
    expect(c.text).not.toContain("sama dengan");
    expect(c.text).toContain("Dokumen 2 dari 7");
    expect(c.asking?.expects).toMatchObject({ field: "str", kind: "file" });
    expect(JSON.stringify(c.state)).toBe(before);
    // Its words asking whether it arrived ("sudah masuk belum?") change nothing.
    c.send({ type: "file", result: { ok: true, document: { ...ktp } }, caption: "fotonya sudah masuk belum? ini saya kirim lagi" });
    expect(c.text).toContain(id.t("upload.already_received", { name: "KTP" }));
    expect(c.text).toContain("Dokumen 2 dari 7");
    // Words naming the document asked: one file for both, filed with the note.
    c.send({ type: "file", result: { ok: true, document: { ...ktp } }, caption: "ini juga untuk STR" });
    expect(c.text).toContain("STR (Surat Tanda Registrasi) diterima");
    expect(c.text).toContain(id.t("upload.same_file", { other: "KTP" }));
    expect(c.text).toContain("Dokumen 3 dari 7");
  });

  it("the file just taken sent again where only a photo is asked next: already received, not refused as a PDF", () => {
    const c = atDocuments();
    for (let i = 0; i < 3; i++) c.send({ type: "file", result: { ok: true, document: doc() } });
    const diploma = doc();
    c.send({ type: "file", result: { ok: true, document: diploma } });
    expect(c.text).toContain("Pas foto");
    c.send({ type: "file", result: { ok: true, document: { ...diploma } } });
    expect(c.text).toContain(id.t("upload.already_received", { name: "Ijazah fisioterapi" }));
    expect(c.text).not.toContain("hanya bisa kami terima sebagai foto");
    expect(c.text).toContain("Dokumen 5 dari 7");
  });

  it("the file just taken sent again on Telegram or WhatsApp: how to have it count for the next document too", () => {
    for (const channel of ["telegram", "whatsapp"] as const) {
      const c = new Chat();
      c.state = engine.initialState(`${channel}:test`, channel);
      c.send({ type: "start" });
      c.say("saya mau mengajukan sip fisioterapis");
      c.tap("apply.consent:agree");
      while (c.asking?.expects?.kind !== "file") answer(c);
      const ktp = doc();
      c.send({ type: "file", result: { ok: true, document: ktp } });
      c.send({ type: "file", result: { ok: true, document: { ...ktp } } });
      expect(c.text).toContain(id.t("upload.already_received", { name: "KTP" }));
      expect(c.text).toContain(id.t("upload.already_received_also", { next: "STR (Surat Tanda Registrasi)" }));
      expect(c.text).toContain("Dokumen 2 dari 7");
    }
  });

  it("the file just taken, sent again after the next optional document was skipped: filed with the note (something else happened)", () => {
    const c = startApplication("izin reklame");
    while (c.asking?.expects?.kind !== "file") answer(c);
    const ktp = doc("image/jpeg");
    c.send({ type: "file", result: { ok: true, document: ktp } });
    expect(c.text).toContain("NIB");
    c.say("lewati");
    expect(c.text).toContain("Dokumen 3 dari");
    c.send({ type: "file", result: { ok: true, document: { ...ktp } } });
    expect(c.text).toContain(id.t("upload.same_file", { other: "KTP pemohon" }));
    expect(c.text).toContain("Dokumen 4 dari");
  });

  it("a file sent first with words on it ('mau urus sip bidan, ini ktp saya'): not filed, but the words are answered", () => {
    const c = new Chat();
    c.send({ type: "start" });
    c.send({ type: "file", result: { ok: true, document: doc("image/jpeg") }, caption: "mau urus sip bidan, ini ktp saya" });
    // Not kept, and not "which permit?" (the words name it): the documents are asked after the data.
    expect(c.text).toContain(id.t("upload.not_yet"));
    expect(c.text).not.toContain(id.t("upload.no_application"));
    expect(c.text).toContain("Surat Izin Praktik Bidan");
  });

  it("a file sent while a form's data is asked gets a polite reply (documents come after the data) and the question again", () => {
    const c = startApplication();
    c.send({ type: "file", result: { ok: true, document: doc() } });
    expect(c.text).toContain(id.t("upload.not_yet"));
    expect(c.text).not.toContain(id.t("upload.not_now"));
    expect(c.asking?.expects?.field).toBe("nama");
  });
});

describe("documents that depend on a number", () => {
  it("asks for the structural calculation only for more than one floor", () => {
    const docsFor = (floors: string) => {
      const c = startApplication("pbg");
      while (c.asking?.expects?.kind !== "file") {
        if (c.asking?.expects?.field === "jumlah_lantai") c.say(floors);
        else answer(c);
      }
      const names: string[] = [];
      while (c.asking?.expects?.kind === "file") {
        names.push(c.asking.expects.field);
        c.send({ type: "file", result: { ok: true, document: { ...doc(), sha256: String(names.length).repeat(64).slice(0, 64) } } });
      }
      return names;
    };
    expect(docsFor("1")).not.toContain("hitungan_struktur");
    expect(docsFor("2")).toContain("hitungan_struktur");
  });
});

describe("the consent question", () => {
  it("names the services outside the office that see citizens' words in this installation, and none when there are none", async () => {
    const [messages, flows] = await Promise.all([loadMessages("messages"), loadFlows("flows")]);
    const consentWith = (disclosures: NonNullable<Parameters<typeof createEngine>[0]["disclosures"]>) => {
      const e = createEngine({ flows, knowledge: kb, understander: createUnderstander(kb), messages, now: () => NOW, disclosures });
      let state = e.initialState("web:consent", "web");
      state = e.step(state, { type: "start" }).state;
      return e.step(state, { type: "text", text: "saya mau mengajukan sip bidan" }).replies.map((r) => r.text).join("\n");
    };
    const both = consentWith(["consent.via_telegram_group", { key: "consent.via_model", vars: { model_host: "api.openai.com" } }]);
    expect(both).toContain(id.t("consent.via_telegram_group"));
    expect(both).toContain(id.t("consent.via_model", { model_host: "api.openai.com" }));
    expect(both).toContain("layanan AI di api.openai.com");
    const none = consentWith([]);
    expect(none).toContain("Hanya petugas DPMPTSP yang berwenang yang dapat melihatnya.");
    expect(none).not.toContain("Telegram");
    expect(none).not.toMatch(/\{processors\}/);
  });
});

describe("answers that are words to the bot", () => {
  it("'oke' or 'lanjut' is not taken as the applicant's name", () => {
    const c = startApplication();
    for (const word of ["oke", "ya kak"]) {
      c.say(word);
      expect(c.text).toContain(id.t("form.need_answer", { label: "Nama lengkap pemohon (sesuai KTP)" }));
      expect(c.asking?.expects?.field).toBe("nama");
    }
    c.say("Siti Rahmawati");
    expect(c.asking?.expects?.field).toBe("nik");
  });

  it("words that repeat the question are not stored with the answer ('nama saya …', 'alamat saya …')", () => {
    const c = startApplication();
    c.say("nama saya Siti Aminah");
    c.say("3317014508900002");
    c.say("081234567890");
    c.say("lewati");
    c.say("alamat saya Jl. Pemuda 12, Rembang");
    while (c.asking?.expects?.kind !== "confirm") answer(c);
    expect(c.text).toContain("Nama lengkap pemohon (sesuai KTP): Siti Aminah\n");
    expect(c.text).toContain("Alamat lengkap sesuai KTP: Jl. Pemuda 12, Rembang");
  });
});

describe("summary, confirm and submit", () => {
  function atSummary(): Chat {
    const c = startApplication();
    while (c.asking?.expects?.kind !== "confirm") answer(c);
    return c;
  }

  it("a yes or a no typed in words answers consent and the summary", () => {
    for (const yes of ["setuju", "ya", "ok", "iya setuju", "Setuju, lanjutkan"]) {
      const c = new Chat();
      c.send({ type: "start" });
      c.say("saya mau mengajukan sip fisioterapis");
      c.say(yes);
      expect(c.asking?.expects?.field, yes).toBe("nama");
    }
    for (const no of ["tidak setuju", "ga mau", "tidak"]) {
      const c = new Chat();
      c.send({ type: "start" });
      c.say("saya mau mengajukan sip fisioterapis");
      c.say(no);
      expect(c.text, no).toContain(id.t("consent.declined"));
    }
    for (const yes of ["ya sudah benar semua", "ok kirim", "iya kak"]) {
      const c = atSummary();
      c.say(yes);
      expect(c.effects[0]?.type, yes).toBe("submit_application");
    }
    const c = atSummary();
    c.say("tidak");
    expect(c.text).toContain(id.t("confirm.pick"));
  });

  it("a numbered summary; a field corrected by number returns to the summary; submit carries fields and documents", () => {
    const c = atSummary();
    expect(c.text).toMatch(/1\. Nama lengkap pemohon \(sesuai KTP\): Siti Rahmawati/);
    expect(c.text).toContain("3. Nomor HP/WhatsApp aktif: +6281234567890");
    c.say("1");
    expect(c.asking?.expects?.field).toBe("nama");
    c.say("3317011708900001"); // the NIK, one question early: not a name
    expect(c.text).toContain(id.t("field.name.letters"));
    c.say("Siti Aminah");
    expect(c.asking?.expects?.kind).toBe("confirm");
    expect(c.text).toContain("1. Nama lengkap pemohon (sesuai KTP): Siti Aminah");
    c.say("ubah alamat tempat praktik");
    expect(c.asking?.expects?.field).toBe("alamat_tempat_praktik");
    c.say("Jl. Gatot Subroto 12, Rembang");
    c.say("ya");
    const submit = c.effects[0];
    expect(submit).toMatchObject({
      type: "submit_application",
      permit: "sip-fisioterapis",
      phoneField: "hp",
      fields: { nama: "Siti Aminah", nik: "3317011708900001", hp: "+6281234567890", alamat_tempat_praktik: "Jl. Gatot Subroto 12, Rembang", jenis_praktik: "fasyankes" },
    });
    expect(Object.keys((submit as Extract<Effect, { type: "submit_application" }>).documents)).toEqual(["ktp", "str", "keterangan_tempat_praktik", "ijazah", "pas_foto", "persetujuan_atasan", "sip_sebelumnya"]);
    expect(c.text).toContain("RBG-2026-000042");
    expect(c.text).toContain("Langkah berikutnya");
  });

  it("a document that depends on an answer is asked for only with that answer, also when it is changed at the summary", () => {
    const c = atSummary();
    // Practice in a health facility, a new SIP: no floor plan, no SKP statement.
    expect(c.text).not.toContain("Denah");
    expect(c.text).not.toContain("SKP");
    const line = (label: string) => c.text.split("\n").find((l) => l.includes(label))!.split(".")[0]!;
    c.say(line("Jenis permohonan"));
    c.tap(c.asking!.choices!.find((x) => x.label === "Perpanjangan")!.id);
    // Renewal needs the SKP statement: asked at once, then the summary again.
    expect(c.text).toContain(id.t("confirm.doc_needed", { name: "Surat pernyataan kecukupan SKP" }));
    expect(c.asking?.expects).toEqual({ field: "skp", kind: "file", form: expect.any(String) });
    c.say("lewati");
    expect(c.text).toContain(id.t("upload.required", { name: "Surat pernyataan kecukupan SKP" }));
    c.send({ type: "file", result: { ok: true, document: doc() } });
    expect(c.asking?.expects?.kind).toBe("confirm");
    expect(c.text).toMatch(/\d+\. Surat pernyataan kecukupan SKP: ✅/);
    // Back to a new SIP: the SKP statement leaves the summary and the application.
    c.say(line("Jenis permohonan"));
    c.tap(c.asking!.choices!.find((x) => x.label === "SIP baru")!.id);
    expect(c.asking?.expects?.kind).toBe("confirm");
    expect(c.text).not.toContain("SKP");
    c.say("ya");
    expect(Object.keys((c.effects[0] as Extract<Effect, { type: "submit_application" }>).documents)).not.toContain("skp");
  });

  it("a document that the answer just changed makes necessary is asked for at once (independent practice: the floor plan, required since the reference check)", () => {
    const c = atSummary();
    const line = (label: string) => c.text.split("\n").find((l) => l.includes(label))!.split(".")[0]!;
    c.say(line("Jenis praktik"));
    c.tap(c.asking!.choices!.find((x) => x.label === "Praktik mandiri")!.id);
    expect(c.text).toContain(id.t("confirm.doc_needed", { name: "Denah, daftar peralatan, dan foto tempat praktik" }));
    expect(c.asking?.expects).toEqual({ field: "denah_peralatan", kind: "file", form: expect.any(String) });
    c.say("lewati");
    expect(c.asking?.expects).toEqual({ field: "denah_peralatan", kind: "file", form: expect.any(String) });
    c.say("kembali");
    c.say("ya");
    expect(c.effects).toEqual([]);
  });

  it("a required document that depends on an answer cannot be skipped, and 'ya' at a summary without it asks for it", () => {
    const c = atSummary();
    const line = (label: string) => c.text.split("\n").find((l) => l.includes(label))!.split(".")[0]!;
    c.say(line("Jenis permohonan"));
    c.tap(c.asking!.choices!.find((x) => x.label === "Perpanjangan")!.id);
    expect(c.asking?.expects).toEqual({ field: "skp", kind: "file", form: expect.any(String) });
    c.say("kembali"); // back to the summary without the document
    expect(c.asking?.expects?.kind).toBe("confirm");
    expect(c.text).toMatch(/\d+\. Surat pernyataan kecukupan SKP: — \(tidak dilampirkan\)/);
    c.say("ya");
    expect(c.effects).toEqual([]);
    expect(c.asking?.expects).toEqual({ field: "skp", kind: "file", form: expect.any(String) });
  });

  it("a document is replaced from the summary", () => {
    const c = atSummary();
    const n = c.text.split("\n").find((l) => /^\d+\. STR/.test(l))!.split(".")[0]!;
    c.say(n);
    expect(c.asking?.expects).toEqual({ field: "str", kind: "file", form: expect.any(String) });
    c.send({ type: "file", result: { ok: true, document: { ...doc(), sha256: "b".repeat(64) } } });
    expect(c.asking?.expects?.kind).toBe("confirm");
    c.tap(c.asking!.choices![0]!.id);
    expect((c.effects[0] as Extract<Effect, { type: "submit_application" }>).documents.str?.sha256).toBe("b".repeat(64));
  });

  it("an optional document sent by mistake is taken back from the summary with 'lewati'", () => {
    const c = startApplication("pbg");
    while (c.asking?.expects?.kind !== "confirm") answer(c);
    const line = () => c.text.split("\n").find((l) => /^\d+\. Rekomendasi peil banjir/.test(l))!;
    expect(line()).toContain(id.t("confirm.doc_ok"));
    c.say(line().split(".")[0]!);
    expect(c.asking?.expects).toEqual({ field: "peil_banjir", kind: "file", form: expect.any(String) });
    c.say("lewati");
    expect(c.asking?.expects?.kind).toBe("confirm");
    expect(line()).toContain(id.t("confirm.doc_missing"));
    c.say("ya");
    expect(Object.keys((c.effects[0] as Extract<Effect, { type: "submit_application" }>).documents)).not.toContain("peil_banjir");
  });
});

describe("other flows", () => {
  it("OSS-only permits are guided, not taken", () => {
    const c = new Chat();
    c.say("mau ajukan NIB");
    expect(c.text).toContain("OSS");
    expect(c.effects).toEqual([]);
    expect(c.text).not.toContain("Langkah 1");
  });

  it("status: number and last 4 digits; a wrong pair gets the same answer whichever half is wrong", () => {
    const c = new Chat();
    c.say("cek status permohonan");
    c.say("rbg-2026-000042");
    expect(c.asking?.expects?.field).toBe("last4");
    c.say("7890");
    expect(c.effects).toEqual([{ type: "own_applications" }, { type: "check_status", number: "RBG-2026-000042", phoneLast4: "7890" }]);
    expect(c.text).toContain(id.t("status.label.verified"));
    // Updated at 00:18 WIB on 1 December (17:18 UTC the day before): the office's date, in words.
    expect(c.text).toContain("1 Desember 2026");
    expect(c.text).not.toContain("2026-11-30");
    const wrongPhone = new Chat();
    wrongPhone.say("cek status RBG-2026-000042");
    wrongPhone.say("1111");
    const wrongNumber = new Chat();
    wrongNumber.say("cek status RBG-2026-000043");
    wrongNumber.say("7890");
    expect(wrongPhone.text).toBe(wrongNumber.text);
    expect(wrongPhone.text).toContain(id.t("status.not_found"));
  });

  it("status from the conversation that submitted it: no phone digits asked; without a number its only application is answered", () => {
    const mine = { number: "RBG-2026-000042", permit: "izin-reklame", status: "verified" as const };
    const withNumber = new Chat([mine]);
    withNumber.say("permohonan saya RBG-2026-000042 sudah sampai mana?");
    expect(withNumber.text).not.toContain(id.t("status.ask_last4"));
    expect(withNumber.effects).toEqual([{ type: "own_applications", number: "RBG-2026-000042" }, { type: "check_status", number: "RBG-2026-000042", phoneLast4: "" }]);
    expect(withNumber.text).toContain("RBG-2026-000042");
    expect(withNumber.text).toContain(id.t("status.label.verified"));
    const noNumber = new Chat([mine]);
    noNumber.say("status permohonan saya?");
    expect(noNumber.text).not.toContain(id.t("status.ask_last4"));
    expect(noNumber.text).not.toContain("nomor registrasi");
    expect(noNumber.text).toContain("RBG-2026-000042");
    expect(noNumber.text).toContain(id.t("status.label.verified"));
    // Another number than its own: the digits, as from any other conversation.
    const other = new Chat([mine]);
    other.say("cek status RBG-2026-000043");
    expect(other.asking?.expects?.field).toBe("last4");
    // No application of its own: the number is asked, as before.
    const none = new Chat();
    none.say("status permohonan saya?");
    expect(none.asking?.expects?.field).toBe("number");
  });

  it("status from a conversation that submitted several: each as a choice (permit · serial), picked by button, by its place, by its permit's name, or typed", () => {
    const own = [
      { number: "RBG-2026-000044", permit: "izin-reklame", status: "received" as const },
      { number: "RBG-2026-000042", permit: "pbg", status: "done" as const, closedRejected: true },
    ];
    const c = new Chat(own);
    c.say("status permohonan saya?");
    expect(c.text).toContain(id.t("status.pick_own"));
    expect(c.text).not.toContain(id.t("status.ask_last4"));
    const labels = c.asking?.choices?.map((x) => x.label);
    expect(labels).toEqual(["Izin reklame · 000044", "PBG · 000042"]);
    expect(engine.choiceLabel(c.asking!.choices![1]!.id)).toBe("RBG-2026-000042");
    c.tap(c.asking!.choices![1]!.id);
    expect(c.effects.at(-1)).toEqual({ type: "check_status", number: "RBG-2026-000042", phoneLast4: "" });
    expect(c.text).toContain(id.t("status.label.verified"));
    // WhatsApp numbers the list ("1" is the first); or its permit's name, alone or in a few words.
    for (const [typed, number] of [["1", "RBG-2026-000044"], ["reklame", "RBG-2026-000044"], ["yang reklame", "RBG-2026-000044"], ["yg pbg aja", "RBG-2026-000042"]] as const) {
      const chat = new Chat(own);
      chat.say("cek status");
      chat.say(typed);
      expect(chat.effects.at(-1), typed).toEqual({ type: "check_status", number, phoneLast4: "" });
    }
    // A number typed instead: its own is answered; another is asked the digits.
    const another = new Chat(own);
    another.say("cek status");
    another.say("RBG-2026-000099");
    expect(another.asking?.expects?.field).toBe("last4");
  });

  it("the buttons to pick one of several applications are short and tell them apart: the permit's short name and the number's serial, with the year when two share it", () => {
    const numbers = kb.permits.map((p, i) => ({ number: `RBG-2026-${String(100 + i).padStart(6, "0")}`, permit: p.id, status: "received" as const }));
    // The same serial in two years, the same permit: the year tells them apart.
    const own = [...numbers, { number: "RBG-2025-000100", permit: numbers[0]!.permit, status: "done" as const }];
    const labelsOf = (apps: typeof own) => {
      const c = new Chat(apps);
      c.say("cek status");
      return c.asking!.choices!;
    };
    const all: { id: string; label: string }[] = [];
    // Eight buttons at most at a time (an older one is typed by its number).
    for (let i = 0; i < own.length; i += 8) all.push(...labelsOf(own.slice(i, i + 8)));
    expect(all.map((c) => c.label)).toHaveLength(own.length);
    for (const c of all) {
      // One row of a Telegram button on a phone (the long names were cut off there); the id fits Telegram's 64-byte callback data.
      expect(c.label.length, c.label).toBeLessThanOrEqual(36);
      expect(Buffer.byteLength(c.id), c.id).toBeLessThanOrEqual(64);
    }
    expect(all.map((c) => c.label)).toContain(`Izin laboratorium klinik · ${own.find((a) => a.permit === "izin-laboratorium-klinik")!.number.slice(-6)}`);
    const sameSerial = labelsOf([own[0]!, own.at(-1)!]).map((c) => c.label);
    expect(sameSerial).toEqual([`${sameSerial[0]!.split(" · ")[0]} · 2026-000100`, `${sameSerial[0]!.split(" · ")[0]} · 2025-000100`]);
    // The buttons shown together read differently.
    for (let i = 0; i < own.length; i += 8) {
      const shown = labelsOf(own.slice(i, i + 8)).map((c) => c.label);
      expect(new Set(shown).size).toBe(shown.length);
    }
  });

  it("a trigger pushes a flow on top: the survey records u1..u9 and leaves the form below untouched", () => {
    const c = startApplication();
    c.say("Siti Rahmawati");
    c.send({ type: "trigger", flow: "survey", slots: { caseId: "case-9" } });
    expect(c.state.engine.stack.map((f) => f.flow)).toEqual(["apply", "survey"]);
    c.tap(c.asking!.choices![0]!.id);
    for (let i = 1; i <= 9; i++) {
      expect(c.text).toContain(`${i}/9`);
      c.say(String(((i - 1) % 4) + 1));
    }
    expect(c.effects).toEqual([{ type: "record_survey", answers: { u1: 1, u2: 2, u3: 3, u4: 4, u5: 1, u6: 2, u7: 3, u8: 4, u9: 1 }, subject: { caseId: "case-9" } }]);
    expect(c.state.engine.stack.map((f) => f.flow)).toEqual(["apply"]);
    expect(c.state.engine.stack[0]!.slots.nama).toBe("Siti Rahmawati");
    c.say("3317015708900002");
    expect(c.asking?.expects?.field).toBe("hp");
  });

  it("after a survey on top of a free-text question, a greeting shows that question again; a new request leaves it", () => {
    const survey = (c: Chat) => {
      c.send({ type: "trigger", flow: "survey", slots: { caseId: "case-9" } });
      c.tap(c.asking!.choices![1]!.id); // "Lain kali"
      expect(c.state.engine.expecting).toBeUndefined();
    };
    const c = startApplication();
    survey(c);
    c.say("halo");
    expect(c.text).toContain(id.t("digression.resume"));
    expect(c.asking?.expects?.field).toBe("nama");
    expect(c.state.engine.stack.map((f) => f.flow)).toEqual(["apply"]);
    const d = startApplication();
    survey(d);
    d.say("cek status permohonan saya");
    expect(d.asking?.expects?.field).toBe("number");
  });

  it("a correction trigger asks for the named documents and resubmits them", () => {
    const c = new Chat();
    c.send({ type: "trigger", flow: "correction", slots: { number: "RBG-2026-000042", permit: "izin-reklame", documents: ["ktp", "foto_lokasi"] } });
    expect(c.text).toContain("RBG-2026-000042");
    expect(c.text).toContain("Dokumen 1 dari 2");
    const ktp = doc("image/jpeg");
    const site = doc("image/png");
    c.send({ type: "file", result: { ok: true, document: ktp } });
    c.send({ type: "file", result: { ok: true, document: site } });
    expect(c.effects).toEqual([{ type: "resubmit_documents", number: "RBG-2026-000042", documents: { ktp, foto_lokasi: site } }]);
  });

  it("'hapus data saya' asks first, then deletes", () => {
    const c = new Chat();
    c.say("hapus data saya");
    expect(c.effects).toEqual([]);
    c.tap(c.asking!.choices![0]!.id);
    expect(c.effects).toEqual([{ type: "delete_my_data" }]);
    expect(c.text).toContain(id.t("delete.done"));
  });

  it("handoff outside office hours names the next opening and an honest wait", () => {
    const c = new Chat();
    const r1 = engine.step(c.state, { type: "text", text: "saya mau bicara dengan petugas" });
    expect(r1.call).toMatchObject({ type: "open_case", reason: "citizen_asked" });
    const r2 = engine.step(r1.state, { type: "result", result: { type: "open_case", caseId: "c", queuePosition: 1, officeOpen: false, nextOpening: "Rabu, 08.00 WIB", expectedWaitMinutes: 25 } });
    const text = r2.replies.map((o) => o.text).join("\n");
    expect(text).toContain("Rabu, 08.00 WIB");
    expect(text).toContain("25 menit");
  });

  it("an unsupported message gets a polite reply and the question again", () => {
    const c = startApplication();
    c.send({ type: "unsupported", kind: "sticker" });
    expect(c.text).toContain(id.t("unsupported", { kind: id.t("unsupported_kind.sticker") }));
    expect(c.asking?.expects?.field).toBe("nama");
    // A kind without a name of its own is "this type of message".
    c.send({ type: "unsupported", kind: "dice" });
    expect(c.text).toContain(id.t("unsupported", { kind: id.t("unsupported_kind.other") }));
  });
});

describe("state", () => {
  it("is JSON and small: under 4 KB at any point of an application", () => {
    const c = startApplication();
    let max = 0;
    while (!c.effects.length) {
      expect(JSON.parse(JSON.stringify(c.state))).toEqual(c.state);
      max = Math.max(max, JSON.stringify(c.state).length);
      answer(c);
    }
    expect(max).toBeLessThan(4096);
    // Idle after the receipt: only the menu context is left.
    expect(JSON.stringify(c.state).length).toBeLessThan(1024);
  });

  it("a state of another version, or a broken one, restarts at the menu instead of crashing", () => {
    const c = startApplication();
    const old = { ...c.state, v: CONVERSATION_STATE_VERSION + 1 };
    const r = engine.step(old, { type: "text", text: "Siti" });
    expect(r.replies.map((o) => o.text).join("\n")).toContain(id.t("state.restarted"));
    expect(r.state.v).toBe(CONVERSATION_STATE_VERSION);
    const broken = { ...c.state, engine: { stack: "x" } } as unknown as ConversationState;
    expect(() => engine.step(broken, { type: "text", text: "halo" })).not.toThrow();
    const unknownFlow = { ...c.state, engine: { ...c.state.engine, stack: [{ flow: "removed", step: "x", slots: {}, trail: [] }] } };
    expect(engine.step(unknownFlow, { type: "text", text: "halo" }).replies.length).toBeGreaterThan(0);
  });

  it("the same events give the same replies (no hidden clock or randomness)", () => {
    const run = () => {
      const c = startApplication();
      for (let i = 0; i < 12; i++) answer(c);
      return JSON.stringify([c.state, c.last]);
    };
    expect(run()).toBe(run());
  });
});

describe("choice labels for staff", () => {
  it("names a tapped choice by its button text: options, skip, the summary, permits, permit form options", () => {
    expect(engine.choiceLabel("apply.consent:agree")).toBe(id.t("consent.agree"));
    expect(engine.choiceLabel("apply.summary:yes")).toBe(id.t("confirm.yes"));
    expect(engine.choiceLabel("apply.permit:pbg")).toBe("Persetujuan Bangunan Gedung (PBG)");
    expect(engine.choiceLabel("apply.data:jenis_reklame.insidentil")).toMatch(/insidental/);
    expect(engine.choiceLabel("nonsense")).toBeUndefined();
    expect(engine.choiceLabel("apply.nosuchstep:x")).toBeUndefined();
  });
});

describe("the citizen's language", () => {
  it("answers a message plainly in English in English, and goes back to Indonesian when the citizen does", () => {
    const c = new Chat();
    c.send({ type: "start" });
    c.say("what are the requirements for NIB?");
    expect(c.state.lang).toBe("en");
    expect(c.text).toContain("*Requirements for Nomor Induk Berusaha (NIB) — business identification number*");
    expect(c.text).toContain("Anything else you would like to ask?");
    c.say("syarat pbg apa saja ya kak");
    expect(c.state.lang).toBe("id");
    expect(c.text).toContain("*Persyaratan Persetujuan Bangunan Gedung (PBG)*");
  });

  it("keeps Indonesian for mixed and short messages", () => {
    const c = new Chat();
    c.send({ type: "start" });
    for (const text of ["thank you kak", "min how to daftar nib?", "hi min, any update on my application?", "ok", "good morning min, syarat slf apa"]) {
      c.say(text);
      expect(c.state.lang, text).toBe("id");
    }
  });

  it("'english please' switches at once and asks the pending question again; 'bahasa indonesia' switches back", () => {
    const c = new Chat();
    c.send({ type: "start" });
    c.say("english please");
    expect(c.state.lang).toBe("en");
    expect(c.last[0]!.text).toMatch(/^Sure, Loket will reply in English/);
    expect(c.asking?.choices?.map((x) => x.label)).toContain("Apply for a permit");
    c.say("Bahasa Indonesia");
    expect(c.state.lang).toBe("id");
    expect(c.last[0]!.text).toContain("Bahasa Indonesia");
    expect(c.asking?.choices?.map((x) => x.label)).toContain("Ajukan permohonan izin");
  });

  it("an answer typed into a form (a name, an address) never changes the language", () => {
    const c = new Chat();
    c.send({ type: "start" });
    c.say("I would like to apply for a physiotherapist practice permit please");
    expect(c.state.lang).toBe("en");
    c.tap("apply.consent:agree");
    expect(c.asking?.expects?.field).toBe("nama");
    // Indonesian words in a name or an address are not the citizen changing language.
    c.say("Siti Nur Jalan Baru");
    expect(c.state.lang).toBe("en");
    expect(c.text).toMatch(/Please type the \*NIK/);
    // A request for a language is no answer: the same question again, in that language.
    c.say("pakai bahasa indonesia");
    expect(c.state.lang).toBe("id");
    expect(c.asking?.expects?.field).toBe("nik");
    expect(c.text).toContain("Bahasa Indonesia");
    expect(c.state.engine.stack.at(-1)?.slots).not.toHaveProperty("nik");
  });

  it("a language's bare name typed as a form's answer is the answer (a title, a course), not a switch", () => {
    const c = new Chat();
    c.send({ type: "start" });
    c.say("saya mau mengajukan sip fisioterapis");
    c.tap("apply.consent:agree");
    expect(c.asking?.expects?.field).toBe("nama");
    c.say("English");
    expect(c.state.lang).toBe("id");
    expect(JSON.stringify(c.state.engine.stack.at(-1)?.slots)).toContain("English");
  });

  it("courtesies in English keep Indonesian; an English conversation keeps English through loanwords, and two Indonesian words bring Indonesian back", () => {
    const c = new Chat();
    c.send({ type: "start" });
    c.say("syarat pbg apa saja");
    for (const text of ["thank you so much", "thank you very much", "thank you for the information", "thank you for your help", "please help me"]) {
      c.say(text);
      expect(c.state.lang, text).toBe("id");
    }
    c.say("what are the requirements for a building permit?");
    expect(c.state.lang).toBe("en");
    for (const text of ["no, I sent it via email", "ok, send it via whatsapp", "no info yet, ok", "online or offline? ok", "admin, I can't login online"]) {
      c.say(text);
      expect(c.state.lang, text).toBe("en");
    }
    c.say("biaya pbg berapa?");
    expect(c.state.lang).toBe("id");
    expect(c.text).toContain("Biaya");
  });
});
