import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createNormaliser, createStemmer, createUnderstander } from "../../src/engine/understand/index.js";
import { evaluate, parseExamples } from "../../src/engine/understand/evaluate.js";
import { createLanguageGuess } from "../../src/engine/understand/language.js";
import type { Understander } from "../../src/engine/understand/types.js";
import { loadKnowledge } from "../../src/knowledge/load.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";

const DEV = join(__dirname, "../../../shared/eval/dev.jsonl");
const HOLDOUT = join(__dirname, "holdout.jsonl");

describe("understanding citizens as they write", () => {
  let kb: KnowledgeBase;
  let u: Understander;
  beforeAll(async () => {
    kb = await loadKnowledge("knowledge");
    u = createUnderstander(kb);
  });

  it("meets the targets on the held-out set written before tuning (>= 95% intent+permit, >= 90% aspect)", async () => {
    const report = await evaluate(parseExamples(readFileSync(HOLDOUT, "utf8")), (t) => u.understand(t));
    console.log(`holdout: intent+permit ${(report.intentPermitAccuracy * 100).toFixed(1)}%, aspect ${(report.aspectAccuracy * 100).toFixed(1)}% (${report.total} messages)`);
    expect(report.total).toBeGreaterThanOrEqual(120);
    expect(report.intentPermitAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.aspectAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  // Label rules the sets keep (a line relabelled cites one, and a reason from shared/reference):
  // - A renewal asked openly ("habis, perpanjangnya gmn") is its validity; asked for with nothing asked
  //   ("tolong perpanjang sip saya") an application (und4, 2026-12-03).
  // - "X perlu Y?" (und5, 2026-12-03): with X a permit named outright ("pirt harus punya nib dulu?", "izin
  //   optik perlu nib jg?") or what is done for it ("buka apotek perlu sipa?"), X's requirements:
  //   the reference lists Y among X's requirements or basic requirements (A16 SPP-IRT: NIB; A5 apotek: SPPL,
  //   SIPA; A6 klinik: KKPR, PBG/SLF, the doctor's SIP; A7 optik: NIB; A12 schools: NIB first; A0: KKPR ->
  //   Persetujuan Lingkungan -> PBG/SLF are the persyaratan dasar), so the answer is there. Y's general
  //   when X is held already, "ours" or set aside ("nib sy udh ada, masih perlu pirt?", "izin klinik kami apa
  //   perlu ukl upl jg?", as fresh29's fixes read "izin apotek kami": the organisation holds it; "selain nib perlu pirt jg?"),
  //   offered as a choice ("cukup SPPL atau harus UKL-UPL?"), Y asked for a purpose ("sipa perlu buat
  //   apotek?"), or X only a place or business ("perawat di klinik perlu sipp?", "warung kelontong apa perlu
  //   izin toko modern?"): whether Y applies to that person or business is asked of Y.
  // Fresh citizen messages written from the reference facts without reading Loket's word lists,
  // each set held out until measured, then used to fix what it showed; kept so those fixes stay.
  // - fresh (182, 2026-11-29 night): 85.7% / 77.2% intent+permit / aspect when measured.
  // - fresh2 (183: older writers, voice-to-text, Javanese, Sundanese, Madurese): 87.4% / 78.0%.
  // - fresh3 (200, 2026-11-30): 86.5% / 88.3%.
  // - fresh4 (200, aimed at the rules fresh3 brought): 88.0% / 93.2% (cfa5753: 83.5% / 90.7%).
  // - fresh5 (200, 2026-11-30, every permit, Sundanese and Madurese, referrals): 87.0% / 97.4%.
  // - fresh6 (204, aimed at status, requests, lists, referrals, background): 70.1% / 94.2% after
  //   fresh5's fixes (c3ff25f, before them: 63.7%).
  // - fresh7 (200, a typical day's mix, not hard cases): 91.5% / 92.6% after fresh6's fixes
  //   (c3ff25f: 89.0% / 92.6%).
  // - fresh8 (200, another typical day): 91.5% / 91.5% after fresh7's fixes (c3ff25f: 89.0% / 90.7%).
  // - fresh9 (200, a typical day with five English lines): 92.5% / 95.3% at e5e2bd9, held out.
  // - fresh10 (200: voice-to-text, Javanese krama, Sundanese, Madurese, formal business writing,
  //   20 English): 88.5% / 87.6% at e5e2bd9, 89.0% / 87.6% with fresh9's fixes, held out.
  // - fresh11 (200, a typical day, written after this session's fixes): 94.5% / 95.3% held out at
  //   24a5f98 (e5e2bd9: 93.5% / 95.3%).
  // - fresh12 (200, a typical week: long stories, very short lines, older and formal writers, small
  //   business owners, follow-ups): 94.5% / 93.3% at 038faf4, 95.0% / 94.0% at 4736eeb, held out.
  // - fresh13 (200, situations instead of permit names, renewals and changes, money, two permits
  //   with one asked): 92.5% / 92.1% at 038faf4, 94.0% / 95.0% at c8d78b4 (after fresh12's fixes), held out.
  // - fresh14 (200, evenings and weekends on WhatsApp: voice-to-text, one-word follow-ups, Javanese
  //   ngoko and krama, situations, old names): 95.5% / 98.2% at 18106f4, held out.
  // - fresh15 (200, harder weekdays: on behalf of others, negations and contrasts, conditions,
  //   several questions, numbers and dates): 95.0% / 92.3% at 31a961d (after fresh14's fixes), held out.
  // - fresh16 (200, the office website's chat in working hours: formal letters, consultants and
  //   notaries for clients, comparisons, registration numbers of other systems): 95.0% / 96.4% at 4ce5a7c, held out.
  // - fresh17 (200, young people and small businesses on Telegram: slang, abbreviations, emoji, online
  //   sellers, fresh health graduates): 95.5% / 98.2% at b154945 (after fresh16's fixes), held out.
  // - fresh18 (200, the edge of what the office does: every referral, out of scope, another agency's
  //   document as a requirement): 93.0% / 98.9% after fresh17's fixes and the day's reviews, held out.
  // - fresh19 (200, older citizens and village officials: Javanese ngoko and krama, dictated
  //   messages, misspelled permit names): 96.0% / 97.4% after fresh18's fixes, held out.
  // - fresh20 (200, health and education professionals and institutions: STR vs SIP, several
  //   places of practice, yayasan schools, research): 93.5% / 96.4% after fresh19's fixes, held out.
  // - fresh21 (200, eastern Indonesian colloquial: Makassar/Bugis, Manado, Ambon, Papua, Kupang/NTT,
  //   Banjar, with WhatsApp typos): 95.5% / 96.9% at dee554e, held out.
  // - fresh22 (200, dictated by voice: no punctuation, fillers, numbers as words, long stories,
  //   acronyms as letters' names "pe be ge", misheard "sip bidang"): 83.0% / 95.1% at dee554e, held out.
  // - fresh23 (200, western Indonesian colloquial: Sundanese, Betawi, Minang, Medan, Madurese,
  //   Palembang, Riau/Malay, with WhatsApp typos): 93.5% / 76.5% at bb7ed46, held out.
  // - fresh24 (200, people writing for someone else: a child for a parent, a spouse, HRD, notary and
  //   biro jasa staff, a clinic manager, a village secretary or RT head): 93.0% / 94.4% at 9a1d662, held out.
  // - fresh25 (200, citizens describing their business or plan instead of naming a permit: "usaha
  //   laundry", "kos-kosan 12 kamar", "gedung sudah selesai, sebelum dipakai"): 81.5% / 91.9% at
  //   9da46fd, held out.
  // - fresh26 (200, typed fast on a phone: keys beside the one meant, autocorrect, letters doubled
  //   or swapped, words run together or broken over a line, messages cut off): 91.0% / 90.0% at
  //   9da46fd, held out.
  // - fresh27 (200, formal and long messages written like a letter or an email: salutations, "Dengan
  //   hormat", signatures, the question inside a closing thanks): 91.5% / 95.5% at 9617a7a, held out.
  // - fresh28 (200, life after the permit: renewing, changing data, a lost permit, paying the
  //   retribusi, picking it up, a returned application, delays, STR and akta referrals): 93.0% / 91.5%
  //   at 618445a as first labelled (95.0% / 93.7% with the labels made consistent), held out.
  // - fresh29 (200, people writing for others: children for elderly parents, notaris and biro jasa
  //   staff, developers, contractors, yayasan and clinic staff, village heads and RT, surat kuasa;
  //   and two or three questions in one message): 92.5% / 93.0% at ab16700, held out; 98.5% / 97.2% after its fixes.
  // - fresh29-probe (40 more of the same, written after those fixes): 97.5% / 89.3% on first run at
  //   50012fe (92.5% / 85.7% at ab16700); its one intent miss, "sertifikat merek", is now a referral alias.
  // - fresh30 (150, WhatsApp as typed: abbreviations, old names, Javanese/Sundanese, voice-to-text, English, long
  //   stories with the question last; 52 near-copies of older lines rewritten before measuring): 92.7% / 94.3% at
  //   2c972af, held out; 99.3% / 100% after its fixes. Its one miss left, "nomer wa pak lurah brp" (another
  //   official's number, read as the office's contact), is out of scope since fresh31's fixes.
  // - fresh30-probe (40 more of the same, written after those fixes): 97.5% / 100% on first run at ada1a80;
  //   its one miss, "ada yg jual nasi padang deket kantor ga" (a shop near the office, read as its address,
  //   "padang" slipped to "pasang"), is out of scope since fresh31's fixes.
  // - fresh31 (150, WhatsApp across all 23 permits: Betawi, Minang, Javanese krama, Sundanese, English,
  //   two questions, status, referrals, out of scope): 98.0% / 98.0% at 0dc5ae7, held out; 100% / 100% after its fixes.
  // - fresh31-probe (40 more of the same, written after those fixes): 100% / 100% on first run at 425c6a4
  //   (0dc5ae7, before the fixes: 92.5% / 100%).
  // - fresh32 (150, WhatsApp across all 23 permits, weighted to fees/retribusi, validity, renewal, changes
  //   of data, collecting a finished permit, online or in person, someone else applying; Javanese,
  //   Sundanese, Madurese, Bugis, Banjar, English): 94.7% / 88.1% at bd9900c, held out; 99.3% / 100%
  //   after its fixes. Its one miss: "sy mau urus izin optik skrg, mulai dr mana isi formulirnya"
  //   (a wish to apply now, read as how to apply).
  // - fresh32-probe (40 more of the same, written after those fixes): 95.0% / 92.9% on first run at
  //   0eeaa6f (bd9900c, before the fixes: 87.5% / 71.4%); 100% / 100% after its four leftovers' fixes.
  // - fresh33 (150, DPMPTSP Rembang across all 23 permits: Javanese ngoko and krama mixed into Indonesian,
  //   older citizens' capitals and signatures, speech-to-text, English from foreign investors, the office,
  //   the SKM survey, personal data, complaints): 90.0% / 91.6% at 81cf6f0, held out; 100% / 98.1% after its
  //   fixes. Its two misses were an expired permit told, then "perpanjangannya bagaimana" / "panjangipun kados
  //   pundi" (labelled procedure; read validity with the steps beside it, as the older sets label "habis,
  //   perpanjangnya gmn"): relabelled validity on 2026-12-03 (und4: renewal asked openly is its validity).
  // - fresh33-probe (40 more of the same, written after those fixes): 92.5% / 86.7% on first run at
  //   3cddf38 (81cf6f0, before the fixes: 87.5% / 73.3%); 97.5% / 93.3% after its leftovers' fixes.
  // - fresh34 (150, a West Java DPMPTSP, Garut/Tasikmalaya style, across all 23 permits: Sundanese mixed into
  //   Indonesian, "neng/teh/akang/a" as address, Betawi slang, young writers with emoji, voice notes, two
  //   questions, corrections of an earlier answer, registration numbers with spaces around a dash, referrals,
  //   the office): 90.0% / 87.6% at 7b9c94c, held out; 99.3% / 99.0% after its fixes. Its two misses:
  //   "mau ngajuin izin online lewat sini bisa ga kak" (labelled a wish to apply; read as where, as the
  //   word lists mean "bisa lewat sini gak"), "izin klinik abdi tos ampir seep, perpanjanganna kumaha"
  //   (labelled procedure; read validity with the steps beside it, as fresh33's two; relabelled validity by und4).
  // - fresh34-probe (40 more of the same, written after those fixes): 100% / 92.6% on first run at
  //   4509a36 (7b9c94c, before the fixes: 90.0% / 88.9%); 100% / 100% after its two leftovers' fixes.
  // - fresh35 (150, an eastern Indonesian DPMPTSP across all 23 permits: Manado Malay with "kita" (I), "torang",
  //   "pe", "so", "nda"; Ambon and Kupang "beta", "pung", "seng/sonde", "su", "bosong"; Papuan "sa pu", "tra";
  //   Makassar -ji/-mi/-ki, "tabe'"; young writers with emoji, voice notes, two questions, corrections,
  //   registration numbers written oddly, referrals, the office): 96.7% / 97.2% at d3e0e3c, held out; 100% / 100%
  //   after its fixes.
  // - fresh35-probe (40 more of the same, written after those fixes): 90.0% / 92.0% on first run at a2a1c81
  //   (d3e0e3c, before the fixes: 90.0% / 92.0%); 100% / 100% after its five leftovers' fixes.
  // - fresh36 (150, long and messy messages across all 23 permits: formal letters, long WhatsApp stories with the
  //   question last, a question pasted twice, forwards and quoted answers above the question, voice notes, religious
  //   greetings and closings, numbered lists, a business described instead of the permit, sizes and amounts):
  //   96.7% / 94.6% at 4caeba5, held out; 98.7% / 98.2% after its fixes (two misses left, named in its test).
  // - fresh36-probe (40 more of the same, written after those fixes): 95.0% / 96.4% on first run at ffb0939
  //   and at 4caeba5 alike; 100% / 96.4% after two leftovers' fixes (left: "SPPL bisa dibuat sendiri di
  //   rumah?", labelled where, read general).
  // - english2 (120 English messages from expats, investors, researchers, diaspora): 75.0% / 83.3%
  //   at e5e2bd9, 79.2% / 90.0% with the first English cue words, held out.
  // - english (29, written with the English cue words, so not held out): 70.0% / 78.6% at e5e2bd9
  //   on its first 30 lines (one, "environmental permit", was dropped: its permit is not clear).
  it.each([
    ["fresh-2026-11-29.jsonl", 182, 0.93, 0.83],
    ["fresh2-2026-11-29.jsonl", 183, 0.93, 0.83],
    ["fresh3-2026-11-30.jsonl", 200, 0.97, 0.94],
    ["fresh4-2026-11-30.jsonl", 200, 0.98, 0.98],
    ["fresh5-2026-11-30.jsonl", 200, 0.98, 0.98],
    ["fresh6-2026-11-30.jsonl", 204, 0.92, 0.96],
    ["fresh7-2026-11-30.jsonl", 200, 0.98, 0.99],
    ["fresh8-2026-11-30.jsonl", 200, 0.97, 0.96],
    ["fresh9-2026-11-30.jsonl", 200, 0.96, 0.98],
    ["fresh10-2026-11-30.jsonl", 200, 0.99, 0.98],
    ["fresh11-2026-11-30.jsonl", 200, 0.97, 0.97],
    ["fresh12-2026-11-30.jsonl", 200, 0.99, 0.99],
    ["fresh13-2026-11-30.jsonl", 200, 0.98, 0.97],
    ["fresh14-2026-11-30.jsonl", 200, 0.99, 0.99],
    ["fresh15-2026-11-30.jsonl", 200, 0.97, 0.99],
    ["fresh16-2026-11-30.jsonl", 200, 0.99, 1],
    ["fresh17-2026-11-30.jsonl", 200, 0.99, 1],
    ["fresh18-2026-11-30.jsonl", 200, 0.97, 0.98],
    ["fresh19-2026-11-30.jsonl", 200, 0.99, 1],
    ["fresh20-2026-11-30.jsonl", 200, 0.97, 0.96],
    ["fresh21-2026-11-30.jsonl", 200, 0.99, 0.99],
    ["fresh22-2026-11-30.jsonl", 200, 0.98, 0.99],
    ["fresh23-2026-11-30.jsonl", 200, 0.99, 0.98],
    ["fresh24-2026-11-30.jsonl", 200, 0.99, 0.99],
    ["fresh25-2026-11-30.jsonl", 200, 0.97, 0.96],
    ["fresh26-2026-11-30.jsonl", 200, 0.98, 0.96],
    ["fresh27-2026-12-01.jsonl", 200, 0.98, 0.98],
    ["fresh28-2026-12-01.jsonl", 200, 0.97, 0.98],
    ["fresh29-2026-12-01.jsonl", 200, 0.97, 0.97],
    ["fresh29-probe-2026-12-01.jsonl", 40, 0.97, 0.89],
    ["fresh30-2026-12-01.jsonl", 150, 1, 1],
    ["fresh30-probe-2026-12-01.jsonl", 40, 1, 1],
    ["fresh31-2026-12-01.jsonl", 150, 1, 1],
    ["fresh31-probe-2026-12-01.jsonl", 40, 1, 1],
    ["fresh32-2026-12-01.jsonl", 150, 0.99, 1],
    ["fresh32-probe-2026-12-01.jsonl", 40, 1, 1],
    ["fresh33-2026-12-02.jsonl", 150, 1, 0.98],
    ["fresh33-probe-2026-12-02.jsonl", 40, 0.97, 0.93],
    ["fresh34-2026-12-02.jsonl", 150, 0.99, 0.98],
    ["fresh34-probe-2026-12-02.jsonl", 40, 1, 1],
    ["fresh35-2026-12-02.jsonl", 150, 0.99, 0.98],
    ["fresh35-probe-2026-12-02.jsonl", 40, 1, 1],
    ["fresh36-2026-12-02.jsonl", 150, 0.98, 0.98],
    ["fresh36-probe-2026-12-02.jsonl", 40, 1, 0.96],
    ["english-2026-11-30.jsonl", 29, 1, 1],
    ["english2-2026-11-30.jsonl", 120, 0.98, 0.97],
    // The understanding leftovers of 2026-11-30's closing note, labelled as the sets label their kind.
    ["leftovers-2026-12-01.jsonl", 4, 1, 1],
    // Applying through someone else (surat kuasa, on my behalf), its near-misses (a deputy, a lawyer),
    // and three misreads: 62.5% / 58.8% at 962367a, written before the fixes; 95.8% / 100% after.
    // Its one miss left: "wakil kepala sekolah minta izin" (out of scope, read as the school permit).
    ["kuasa-2026-12-01.jsonl", 24, 0.95, 1],
  ] as const)("keeps what the fresh citizen messages of %s taught (%i lines, >= %d intent+permit, >= %d aspect)", async (file, total, intentPermit, aspect) => {
    const report = await evaluate(parseExamples(readFileSync(join(__dirname, file), "utf8")), (t) => u.understand(t));
    expect(report.total).toBe(total);
    expect(report.intentPermitAccuracy).toBeGreaterThanOrEqual(intentPermit);
    expect(report.aspectAccuracy).toBeGreaterThanOrEqual(aspect);
  });

  it("reads praise of the service as thanks, a shop looked for by when it opens as out of scope, and a returned application as how to correct it, without taking their neighbours along (leftovers 2026-12-01)", () => {
    const read = (t: string) => {
      const r = u.understand(t);
      return `${r.intent}/${r.permit ?? null}/${r.aspect ?? null}`;
    };
    expect(read("pelayanannya bagus, cepat")).toBe("thanks/null/null");
    expect(read("sangat puas dengan pelayanannya")).toBe("thanks/null/null");
    // A word between is no praise: a complaint, or nothing understood, never thanks.
    expect(u.understand("petugasnya gk ramah sm ibu sy").intent).toBe("complaint");
    expect(u.understand("pelayanannya bagus tapi lama banget").intent).toBe("complaint");
    expect(u.understand("pelayanan tidak bagus").intent).not.toBe("thanks");
    expect(read("tempat fotokopi yg buka minggu")).toBe("out_of_scope/null/null");
    // The office's own hours and a business of one's own stay what they were.
    expect(read("ada loket yg buka hari minggu?")).toBe("office_info/null/hours");
    expect(read("usaha fotokopi perlu nib gak")).toBe("ask/nib/general");
    // How to correct it: "correction", scored as "procedure" by the shared contract (kuasa-2026-12-01.test.ts).
    expect(read("berkas dikembalikan petugas, perbaikannya gmn")).toBe("ask/null/correction");
    expect(u.understand("tolong sambungkan ke petugas, berkas saya dikembalikan").intent).toBe("talk_to_staff");
    expect(u.understand("berkas dikembalikan oleh petugas tanpa alasan, kecewa").intent).toBe("complaint");
  });

  it("takes none of the Indonesian messages of every set for English, and the English ones for English", () => {
    const guess = createLanguageGuess(kb.language);
    const files = readdirSync(__dirname).filter((f) => f.endsWith(".jsonl"));
    const texts = files.flatMap((f) => parseExamples(readFileSync(join(__dirname, f), "utf8")).map((e) => e.text));
    const english = texts.filter((t) => guess.of(t, "id").lang === "en");
    // Words no English sentence has: a line with one was written in Indonesian (or mixed). Not
    // "izin": English speakers name permits as the office does ("an izin reklame for a billboard").
    const indonesian = /\b(?:saya|sy|apa|aja|saja|yang|yg|min|kak|mau|bisa|bs|ada|untuk|utk|ya|gak|tidak|berapa|brp|syarat|gimana|dimana|kalau|kl)\b/i;
    expect(english.filter((t) => indonesian.test(t))).toEqual([]);
    expect(english.length).toBeGreaterThanOrEqual(35);
    // Courtesies ("good morning", "thank you very much for your help") keep the language; the others switch.
    const englishSet = parseExamples(readFileSync(join(__dirname, "english-2026-11-30.jsonl"), "utf8")).filter((e) => !["greeting", "thanks"].includes(e.intent));
    expect(englishSet.filter((e) => guess.of(e.text, "id").lang !== "en").map((e) => e.text)).toEqual([]);
  });

  it.runIf(existsSync(DEV))("meets the targets on shared/eval/dev.jsonl", async () => {
    const report = await evaluate(parseExamples(readFileSync(DEV, "utf8")), (t) => u.understand(t));
    expect(report.intentPermitAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.aspectAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it("knows every permit by its own name, its aliases and a typo of its name", () => {
    for (const p of kb.permits) {
      for (const alias of [p.aliases[0] ?? p.name]) {
        const r = u.understand(`syarat ${alias} apa saja?`);
        expect(r.permit, `"syarat ${alias}"`).toBe(p.id);
        expect(r.aspect).toBe("requirements");
      }
    }
    expect(u.understand("syarat izin rekalme apa").permit).toBe("izin-reklame");
    expect(u.understand("piro biayane SIP bidan").aspect).toBe("fee");
  });

  it("is unsure (low confidence or several candidates) when a message could be several permits, and never invents one", () => {
    const vague = u.understand("izin praktik berapa lama ya");
    expect(vague.confidence < 0.5 || vague.candidates.length > 1 || vague.permit === null).toBe(true);
    const nothing = u.understand("cuaca besok cerah nggak ya");
    expect(nothing.permit).toBeNull();
    expect(nothing.intent).toBe("out_of_scope");
  });

  it("recognises referrals to other agencies and registration numbers", () => {
    const ktp = u.understand("mau bikin ktp baru dmn ya");
    expect(ktp.intent).toBe("referral");
    expect(ktp.referral).toBeTruthy();
    expect(u.understand("permohonan saya RBG-2026-000123 sudah sampai mana?").intent).toBe("check_status");
  });

  it("keeps ordinary words that are one letter from a cue word, and lets the office win over the permit talked about", () => {
    // "acara" (an event) is not a typo of "cara" (how): the question is whether a permit is needed.
    expect(u.understand("bikin spanduk acara 17an perlu izin gk")).toMatchObject({ intent: "ask", permit: "izin-reklame", aspect: "general" });
    expect(u.understand("cara urus pbg")).toMatchObject({ permit: "pbg", aspect: "procedure" });
    // After a question about NIB, "where is the office" is about the office, "where do I file" about NIB.
    expect(u.understand("alamat kantor dpmptsp dimana", { permit: "nib" })).toMatchObject({ intent: "office_info", aspect: "address" });
    expect(u.understand("ngurusnya dimana", { permit: "nib" })).toMatchObject({ intent: "ask", permit: "nib", aspect: "where" });
    expect(u.understand("kok ribet bgt sih ngurus izin disini", { permit: "nib" }).intent).toBe("complaint");
  });

  it("reads 'online' that describes the business as 'do I need it', and filing online as where", () => {
    expect(u.understand("jual kue online perlu pirt?")).toMatchObject({ permit: "spp-irt", aspect: "general" });
    expect(u.understand("saya jualan keripik online, harus punya pirt ga?")).toMatchObject({ permit: "spp-irt", aspect: "general" });
    expect(u.understand("pirt bisa diurus online?")).toMatchObject({ permit: "spp-irt", aspect: "where" });
    expect(u.understand("ngurus nib bisa online ga")).toMatchObject({ permit: "nib", aspect: "where" });
    expect(u.understand("nib perlu apa saja")).toMatchObject({ permit: "nib", aspect: "requirements" });
  });

  it("reads what a review of citizen conversations found misread (2026-11-29)", () => {
    const cases: [string, string, string | null, string | null][] = [
      // an application already filed: its status, not a new application
      ["min sy udah ngajuin sip fisioterapis minggu lalu, skrg gmn kabarnya ya", "check_status", null, null],
      ["sy udah daftar pbg bulan lalu, gimana perkembangannya", "check_status", null, null],
      ["permohonan sip bidan saya kok belum ada kabar", "check_status", null, null],
      ["iya hubungkan ke petugas", "talk_to_staff", null, null],
      // a person asked for with "tolong": not an application (Telegram review, evening)
      ["pak petugas tolong bantu saya", "talk_to_staff", null, null],
      ["petugas tolong", "talk_to_staff", null, null],
      ["petugas, saya belum punya surat keterangan", "talk_to_staff", null, null],
      // "petugas" beside a question Loket can answer: answered
      ["kak petugas saya mau tanya biaya pbg", "ask", "pbg", "fee"],
      ["bisa hubungi kantor lewat email apa", "office_info", null, "contact"],
      // a renewal's requirements, not its validity
      ["perpanjangan SIPD sy bulan depan habis, syaratnya apa?", "ask", "sip-dokter", "requirements"],
      // letters dropped
      ["sy mw ush izn bgn rmh gmn crnya", "ask", "pbg", "procedure"],
      ["syrtny ap aj", "ask", null, "requirements"],
      ["brp biayny", "ask", null, "fee"],
      ["brp lm prosesny", "ask", null, "duration"],
      // Javanese
      ["sugeng enjang min", "greeting", null, null],
      ["ngajukake ten pundi?", "ask", null, "where"],
      // closing a conversation, also by emoji
      ["udah itu aja", "thanks", null, null],
      ["tidak, sudah cukup", "thanks", null, null],
      ["ok", "thanks", null, null],
      ["👍", "thanks", null, null],
      ["🙏", "thanks", null, null],
      // is the office open (then the answer says whether it is, now)
      ["besok buka ga?", "office_info", null, "hours"],
      ["tgl 25 desember buka gak?", "office_info", null, "hours"],
    ];
    for (const [text, intent, permit, aspect] of cases) {
      const r = u.understand(text);
      expect({ intent: r.intent, permit: r.permit ?? null, aspect: r.aspect ?? null }, text).toEqual({ intent, permit, aspect });
    }
    // An emoji no list names is still nothing.
    expect(u.understand("🦜").intent).toBe("out_of_scope");
  });

  it("reads what fresh citizen messages found misread (2026-11-29, night)", () => {
    const cases: [string, string, string | null, string | null][] = [
      // "sip" is "OK" alone, the practice permit beside other words
      ["sip", "thanks", null, null],
      ["oke sip", "thanks", null, null],
      ["sip min", "thanks", null, null],
      ["sip, makasih ya min", "thanks", null, null],
      ["perpanjang sip", "ask", null, "general"],
      // how to have it printed again (fresh-2026-11-29.jsonl labels it procedure; "cetak ulang" is a cue since fresh23)
      ["sip saya hilang bisa minta cetak ulang", "ask", null, "procedure"],
      // "seumur hidup" is a validity, not "Lingkungan Hidup"
      ["str saya udah seumur hidup, sip nya berlaku brp lama", "ask", null, "validity"],
      // complaints that name what they are about
      ["petugasnya jutek bgt td pas sy ke loket", "complaint", null, null],
      ["KESEL BGT IZIN GA JADI2 PADAHAL SYARAT UDH LENGKAP", "complaint", null, null],
      ["pak izin bangunan ruko sy ditolak alasannya ga jelas", "complaint", null, null],
      ["pengajuan pbg sy udh sampe mana ya", "check_status", null, null],
      // Javanese krama "excuse me" is not thanks
      ["nyuwun sewu mas kulo badhe tanglet", "greeting", null, null],
      ["bukak jam pinten", "office_info", null, "hours"],
      ["kantore dimana", "office_info", null, "address"],
      ["mpp dimana", "office_info", null, "address"],
      // a word that only looks like a cue after stemming: "selama" (not "lama"), "dilakukan" (not "berlaku"), "seorang" (not "orang")
      ["saya mau pasang spanduk promo toko selama dua minggu", "ask", "izin-reklame", "general"],
      ["Apakah pengurusan izin praktik bidan bisa dilakukan langsung datang ke kantor?", "ask", "sip-bidan", "where"],
      ["Selamat pagi Bapak/Ibu petugas. Saya seorang pensiunan guru, ingin mengetahui apakah sertifikat laik fungsi dikenakan biaya.", "ask", "slf", "fee"],
      // regional closings
      ["sakalangkong bu", "thanks", null, null],
      ["wassalamualaikum", "thanks", null, null],
      ["Sampun, cekap semanten rumiyin. Sugeng siang.", "thanks", null, null],
    ];
    for (const [text, intent, permit, aspect] of cases) {
      const r = u.understand(text);
      expect({ intent: r.intent, permit: r.permit ?? null, aspect: r.aspect ?? null }, text).toEqual({ intent, permit, aspect });
      if (intent !== "ask") expect(r.confidence, text).toBeGreaterThanOrEqual(0.5);
    }
    // Two questions about one permit in one message: both aspects, in the order asked.
    const two: [string, string, string[]][] = [
      ["kak syarat pbg apa aja trus biayanya brp", "requirements", ["fee"]],
      ["sip bidan syaratnya apa dan bisa online ga", "requirements", ["where"]],
      ["biaya pbg berapa? lama prosesnya?", "fee", ["duration"]],
    ];
    for (const [text, aspect, more] of two) expect({ aspect: u.understand(text).aspect, more: u.understand(text).more }, text).toEqual({ aspect, more });
    // One question with a situation before it is still one question.
    for (const text of ["imb lama sy hilang, bisa diurus dmn ya", "berapa lama berlakunya pbg", "tdp sy udh mati, skrg hrs ganti nib ya? daftarnya dmn"]) {
      expect(u.understand(text).more, text).toBeUndefined();
    }
    // A question is not a goodbye unless plainly thanked; with a permit talked about, it is about that permit.
    expect(u.understand("untuk usaha laundry kiloan cukup itu aja kan?", { permit: "sppl" })).toMatchObject({ intent: "ask", permit: "sppl", aspect: "general" });
    expect(u.understand("makasih ya?", { permit: "sppl" }).intent).toBe("thanks");
    expect(u.understand("oke sip?", { permit: "pbg" }).intent).toBe("thanks");
    // Two permits named outright with a clear question: both, not "which one?"; a permit after a place word stays a place.
    expect(u.understand("syarat pbg sama slf apa saja?")).toMatchObject({ intent: "ask", permit: "pbg", alsoPermit: "slf", aspect: "requirements" });
    expect(u.understand("sipa untuk apotek syaratnya").alsoPermit).toBeUndefined();
    expect(u.understand("syarat sip bidan").alsoPermit).toBeUndefined();
    // Found by reading the evening's diff again: an OK with "sip" stays an OK; a permit mentioned
    // as background is not answered too; an unhappy "?" gets no card of the permit before.
    for (const t of ["sip paham", "sip, lanjut", "sip ditunggu", "sip noted"]) expect(u.understand(t).intent, t).toBe("thanks");
    for (const t of ["syarat slf kalau sudah punya pbg apa?", "biaya pbg berapa? slf nya sudah ada", "syarat izin apotek apa, saya sudah punya sipa"]) {
      expect(u.understand(t).alsoPermit, t).toBeUndefined();
    }
    expect(u.understand("kenapa ditolak?", { permit: "pbg" }).permit).toBeNull();
    // A family of other permits named after one talked about is not that one: which SIP is asked
    // (found by the web chat review: "biaya SIP berapa" after PBG got PBG's fee). Words many kinds
    // of permit share, or the family of the permit talked about, keep it.
    expect(u.understand("biaya SIP berapa", { permit: "pbg" })).toMatchObject({ intent: "ask", permit: null, aspect: "fee" });
    expect(u.understand("syarat izin praktik apa", { permit: "nib" }).permit).toBeNull();
    expect(u.understand("biaya SIP berapa", { permit: "sip-bidan" }).permit).toBe("sip-bidan");
    expect(u.understand("kalau untuk usaha biayanya?", { permit: "pbg" }).permit).toBe("pbg");
    // Every practice permit named SIP is a candidate, not three of them.
    const sip = u.understand("perpanjang sip").candidates.map((c) => c.permit);
    expect(new Set(sip)).toEqual(new Set(["sip-bidan", "sip-dokter", "sip-dokter-gigi", "sip-fisioterapis", "sip-perawat", "sipa"]));
    expect(u.understand("str saya udah seumur hidup, sip nya berlaku brp lama").candidates.map((c) => c.permit)).not.toContain("sppl");
  });

  it("reads what a review of the third set's rules found misread (2026-11-30)", () => {
    const read = (t: string) => {
      const r = u.understand(t);
      return `${r.intent}|${r.permit ?? "-"}|${r.aspect ?? "-"}${r.more ? "+" + r.more.join("+") : ""}`;
    };
    // A permit told as background, in the same clause only, before or after its phrase.
    expect(read("nib sudah punya, izin reklame biayanya berapa")).toBe("ask|izin-reklame|fee");
    expect(read("sipa sudah punya, tinggal izin apotek syaratnya apa")).toBe("ask|izin-apotek|requirements");
    expect(read("saya sudah punya pbg, syarat slf apa saja?")).toBe("ask|slf|requirements");
    expect(read("bukan sppl min, usaha sy masuknya ukl upl. prosesnya brp lama")).toBe("ask|ukl-upl|duration");
    expect(read("syarat pbg kalau saya sudah punya tanah")).toBe("ask|pbg|requirements");
    // A question about an aspect stays a question, wish or not; a request that asks nothing else applies.
    expect(read("kalau mau daftar pbg syaratnya apa?")).toBe("ask|pbg|requirements");
    expect(read("mau ajukan izin reklame, berapa lama prosesnya?")).toBe("ask|izin-reklame|duration");
    expect(read("saya belum mau daftar, cuma mau tanya syarat pbg")).toBe("ask|pbg|requirements");
    expect(read("ngajuin persetujuan bangunan gedung bisa full online ga")).toBe("ask|pbg|where");
    expect(read("kak mau urus slf, bisa dibantu?")).toBe("apply|slf|-");
    expect(read("tolong bantu saya mendaftar tdup, bisa?")).toBe("apply|tdup|-");
    expect(read("min sy mau ajukan pbg utk rumah di desa, berkas udh lengkap")).toBe("apply|pbg|-");
    expect(read("mau daftar PIRT, berkas udh lengkap semua. bisa dibantu?")).toBe("apply|spp-irt|-");
    expect(read("Nib sy udh ada, skrg mau ngajuin sppl")).toBe("apply|sppl|-");
    expect(read("apotek saya kan sudah ada izin terus mau tanya biayanya berapa")).toMatch(/^ask\|izin-apotek\|fee/);
    // A question about a permit named is not a complaint for a word of one ("calo", "lambat").
    expect(read("bikin nib bayar ga?? takut ketipu calo soalnya")).toBe("ask|nib|fee");
    // Thanks with a request is the request.
    expect(read("makasih kak, saya mau daftar")).toMatch(/^apply\|/);
    expect(read("makasih min, kirim syaratnya ya")).toBe("ask|-|requirements");
    expect(read("siaap makasih kak, nanti sy ke kantor bawa berkasnya")).toBe("thanks|-|-");
    // Renewing, not any "how" beside "berlaku".
    expect(read("cara perpanjang sip perawat")).toBe("ask|sip-perawat|procedure+validity");
    expect(read("masa berlaku pbg bagaimana?")).toBe("ask|pbg|validity");
    expect(read("prosedur pengajuan pbg yang berlaku sekarang bagaimana")).toBe("ask|pbg|procedure");
  });

  it("reads what a review of the fifth and sixth sets' rules found misread (2026-11-30)", () => {
    const read = (t: string) => {
      const r = u.understand(t);
      return `${r.intent}|${r.permit ?? "-"}|${r.aspect ?? "-"}`;
    };
    // A document asked about as a permit's requirement stays with the permit; its own service
    // asked for (lost, where to make it) is the other agency's.
    expect(read("ktp buat syarat pbg harus yang asli?")).toBe("ask|pbg|requirements");
    expect(read("npwp untuk syarat nib wajib?")).toMatch(/^ask\|nib\|/);
    expect(read("ktp sy hilang padahal buat syarat sip bidan, bikin lagi di mana?")).toBe("referral|-|-");
    // A list question does not take over a permit named for itself.
    expect(read("syarat slf ada apa saja? apa lagi yang harus dibawa?")).toBe("ask|slf|requirements");
    expect(read("dokumen pirt ada apa saja, apa lagi yang kurang")).toBe("ask|spp-irt|requirements");
    expect(read("ada apa saja yang bisa diurus untuk izin apotek")).toMatch(/^ask\|izin-apotek\|/);
    expect(read("izin usaha apa aja yg bs diajukan disini kak")).toBe("list_permits|-|-");
    // "posisi" and "update" alone are not a status check.
    expect(read("posisi usaha saya di rumah, perlu nib?")).toMatch(/^ask\|nib\|/);
    expect(read("posisi kantor mpp sebelah mana")).toBe("office_info|-|address");
    expect(read("ada update aturan pbg terbaru?")).toMatch(/^ask\|pbg\|/);
    // Ordinary words are not corrected into new cue words (maka -> makalah, dibentuk -> dibentak).
    expect(read("kalau warung saya kecil maka perlu izin apa?")).toMatch(/^ask\|/);
    expect(read("cv baru dibentuk, perlu izin apa saja?")).not.toMatch(/^complaint/);
    // A request word before a permit applies only when nothing is asked, about one permit.
    expect(read("mau bikin imb buat rumah baru sy di kaliori")).toBe("apply|pbg|-");
    expect(read("mau bikin imb tapi tanah masih atas nama orang tua, bisa nggak ya")).toMatch(/^ask\|pbg\|/);
    expect(read("mau bikin nib dulu atau pirt dulu ya")).toMatch(/^ask\|/);
    expect(read("tolong bikin janji dengan petugas pbg")).toBe("talk_to_staff|-|-");
    expect(read("mau perpanjang pbg")).toMatch(/^ask\|pbg\|/);
    // The typical-day cue words, in their other senses (a second review).
    expect(read("ktp saya difoto dari hp, boleh untuk syarat nib?")).toBe("ask|nib|requirements");
    expect(read("tolong dicek, apakah usaha katering perlu pirt?")).toMatch(/^ask\|spp-irt\|/);
    expect(read("sudah verifikasi email, selanjutnya daftar nib gimana")).toBe("ask|nib|procedure");
    expect(read("kantor notaris saya pindah, akta perlu diubah?")).not.toMatch(/^office_info/);
    expect(read("misi dagang ke luar negeri perlu izin apa")).not.toMatch(/^greeting/);
    expect(read("tolong diperhatikan syarat pbg untuk rumah tinggal")).toBe("ask|pbg|requirements");
    expect(read("sempet ditolak pbg saya, kenapa ya")).toMatch(/^ask\|pbg\|/);
    expect(read("mau buka stand di pasar malam, izinnya apa")).not.toMatch(/^out_of_scope/);
    // Out of scope said plainly beats a permit keyword, also after talking about a permit.
    expect(u.understand("resep sambal bawang dong", { permit: "nib" }).intent).toBe("out_of_scope");
  });

  it("reads acronyms dictated by voice as their letters' names, only when the knowledge base uses them (fresh22)", () => {
    const read = (t: string) => u.understand(t);
    expect(read("syarat es el ef buat ruko apa aja")).toMatchObject({ intent: "ask", permit: "slf", aspect: "requirements" });
    expect(read("ka ka pe er itu bayar tidak")).toMatchObject({ intent: "ask", permit: "pkkpr", aspect: "fee" });
    expect(read("es i pe be saya habis kapan")).toMatchObject({ permit: "sip-bidan", aspect: "validity" });
    expect(read("pebege rumah dua lantai berapa lama")).toMatchObject({ permit: "pbg", aspect: "duration" });
    expect(read("u kl u pl itu dokumen apa")).toMatchObject({ permit: "ukl-upl" });
    expect(read("bikin es ka ce ka di mana")).toMatchObject({ intent: "referral" });
    // Words that only sound like letters stay words: ice tea, "ka" for kakak, a filler.
    const n = createNormaliser(kb.language);
    n.setVocabulary(["pbg", "nib", "teh"]);
    const w = (t: string) => n.tokens(t).map((x) => x.surface);
    expect(w("pe be ge sama en ai bi")).toEqual(["pbg", "sama", "nib"]);
    // Sundanese "teh" (the topic marker) is spelled "itu" since fresh23; the letters stay apart all the same.
    expect(w("es teh ka mau tanya em")).toEqual(["es", "itu", "ka", "mau", "tanya", "em"]);
  });

  it("reads words typed fast on a phone as the words meant, and leaves everyday words alone (fresh26)", () => {
    const n = createNormaliser(kb.language);
    n.setVocabulary(["pbg", "nib", "slf", "proses", "biaya", "syarat", "reklame", "kantor", "buka", "jam", "cara", "bikin", "hilang", "lamar", "apoteker"], ["pbg", "nib", "slf"]);
    const w = (t: string) => n.tokens(t).map((x) => x.stem);
    // A key beside the one meant, two letters swapped, a vowel left out between two consonants.
    expect(w("syarat nob")).toEqual(["syarat", "nib"]);
    expect(w("sld gedung")).toEqual(["slf", "gedung"]);
    expect(w("proaesnya")).toEqual(["proses"]);
    expect(w("apotekr")).toEqual(["apoteker"]);
    // Words run together, and a word broken over a line.
    expect(w("carabikinnib")).toEqual(["cara", "bikin", "nib"]);
    expect(w("biaya re\nklame")).toEqual(["biaya", "reklame"]);
    // Everyday words stay: a short word slips by a key only onto a permit's acronym ("aku" is no
    // "aju"), and a known word never ("bilang" is no "hilang", "kamar" no "lamar").
    expect(w("aku bilang kamar")).toEqual(["aku", "bilang", "kamar"]);
    expect(w("di mana")).toEqual(["di", "mana"]);
  });

  it("reads the question inside a letter's formulas and closing thanks (fresh27)", () => {
    const read = (t: string) => u.understand(t);
    // A question before the closing thanks is still asked: the office's day, something nobody here does.
    expect(read("Dengan hormat, apakah kantor memberikan pelayanan pada hari Sabtu? Terima kasih atas informasinya.")).toMatchObject({ intent: "office_info", aspect: "hours" });
    expect(read("Dengan hormat, kapan bantuan langsung tunai tahap dua dicairkan? Terima kasih.")).toMatchObject({ intent: "out_of_scope" });
    expect(read("Assalamualaikum wr. wb. Jalan di desa kami berlubang dan rusak parah. Terima kasih.")).toMatchObject({ intent: "out_of_scope" });
    // Asked as a request to be told ("ingin mengetahui", "mohon dijelaskan"), not as a wish to apply.
    expect(read("Dengan hormat, saya ingin mengetahui sejauh mana permohonan SIP saya yang diajukan bulan lalu. Atas perhatiannya saya ucapkan terima kasih.")).toMatchObject({ intent: "check_status" });
    expect(read("Dengan hormat, kami dari yayasan. Mohon dijelaskan alur permohonan izin pendirian TK swasta, mulai dari pengajuan hingga terbitnya izin.")).toMatchObject({ intent: "ask", permit: "izin-satuan-pendidikan", aspect: "procedure" });
    expect(read("Selamat pagi. Apakah usaha kolam pancing wisata juga wajib mendaftarkan TDUP? Terima kasih.")).toMatchObject({ intent: "ask", permit: "tdup", aspect: "general" });
    // A letter's wish to apply, with the documents ready, applies.
    expect(read("Dengan ini kami hendak mengajukan izin klinik pratama. Berkas sudah lengkap. Terima kasih.")).toMatchObject({ intent: "apply", permit: "izin-klinik" });
    // A letter's complaint, and the complaints line asked for, which is the office's contact.
    expect(read("Yth. Bapak/Ibu, saya bermaksud menyampaikan ketidakpuasan atas pelayanan di loket kemarin. Terima kasih.")).toMatchObject({ intent: "complaint" });
    expect(read("Mohon informasi nomor telepon layanan pengaduan DPMPTSP. Terima kasih.")).toMatchObject({ intent: "office_info", aspect: "contact" });
    // A salutation alone greets; a plain thanks stays one ("makasih ya?").
    expect(read("Dengan hormat, Bapak/Ibu petugas.")).toMatchObject({ intent: "greeting" });
    expect(read("makasih ya?")).toMatchObject({ intent: "thanks" });
    // Staff thanked, not asked for; "telah mengajukan" as "sudah mengajukan"; renewed as a validity; a marriage deed is KUA's.
    expect(read("Terima kasih atas bantuan petugas yang sangat sabar kemarin.")).toMatchObject({ intent: "thanks" });
    expect(read("Dengan hormat, kami telah mengajukan permohonan izin optik melalui SiCantik pada tanggal 2 November. Mohon informasi perkembangannya.")).toMatchObject({ intent: "check_status" });
    expect(read("Dengan hormat, apakah SPP-IRT perlu diperbarui secara berkala?")).toMatchObject({ intent: "ask", permit: "spp-irt", aspect: "validity" });
    expect(read("Dengan hormat, bagaimana cara mengurus akta nikah untuk anak kami?")).toMatchObject({ intent: "referral" });
  });

  it("answers the first of several questions first, and reads people writing for others (fresh29)", () => {
    const read = (t: string) => u.understand(t);
    // The office asked about before a permit: the office first, as a clerk answers; a permit asked first stays.
    expect(read("kantor buka jam brp? trus syarat sipa apa aja?")).toMatchObject({ intent: "office_info", aspect: "hours" });
    expect(read("email kantor apa ya? sekalian mau tanya biaya pbg")).toMatchObject({ intent: "office_info", aspect: "contact" });
    expect(read("syarat sip bidan apa? kantornya buka sabtu gk?")).toMatchObject({ intent: "ask", permit: "sip-bidan", aspect: "requirements" });
    // A plain question about one permit before another permit is asked of.
    expect(read("kami mau buka paud, syaratnya apa aja? trus gedungnya perlu slf gk?")).toMatchObject({ intent: "ask", permit: "izin-satuan-pendidikan", aspect: "requirements" });
    // Two permits named side by side: the first named first, the other beside it.
    expect(read("syarat izin klinik dan izin laboratorium klinik apa aja?")).toMatchObject({ permit: "izin-klinik", alsoPermit: "izin-laboratorium-klinik", aspect: "requirements" });
    expect(read("sipa sama sipttk duluan mana?")).toMatchObject({ permit: "sipa", aspect: "procedure" });
    // The writer's workplace is no request for staff; a staff member's own number is.
    expect(read("staf developer, pajak pbb perumahan bayarnya di mana ya")).toMatchObject({ intent: "referral", referral: "pbb" });
    expect(read("boleh minta nomor hp petugas yg pegang slf?")).toMatchObject({ intent: "talk_to_staff" });
    // Whether registering is needed is a question; filed weeks ago for another, "sudah selesai?" is its status.
    expect(read("villa mertua sy perlu daftar tdup gk")).toMatchObject({ intent: "ask", permit: "tdup", aspect: "general" });
    expect(read("anak sy ajukan izin penelitian 2 minggu lalu, sdh selesai?")).toMatchObject({ intent: "check_status" });
    expect(read("izin optiknya ke sini ya?")).toMatchObject({ intent: "ask", permit: "izin-optik", aspect: "where" });
    // "Our" permit beside another is one the organisation holds: the other is asked.
    expect(read("izin apotek kami perlu ukl upl gk?")).toMatchObject({ intent: "ask", permit: "ukl-upl", aspect: "general" });
    // "… atau cukup Y?": the lesser alternative; the first permit is asked about.
    expect(read("pabrik tahu klien sy perlu ukl upl gk ya, atau cukup sppl?")).toMatchObject({ intent: "ask", permit: "ukl-upl" });
    // A trademark's certificate is DJKI's, whoever asks for it.
    expect(read("sertifikat merk produk keripik ibu sy ngurusnya dmn")).toMatchObject({ intent: "referral", referral: "merek" });
  });

  it("reads what the voice-typed set fresh22 found misread (2026-11-30)", () => {
    const read = (t: string) => u.understand(t);
    // A wish to apply that asks whether it can be done here applies; one office or another asks where.
    expect(read("saya mau ngajuin izin optik bisa lewat sini ya")).toMatchObject({ intent: "apply", permit: "izin-optik" });
    expect(read("izin reklame ngurusnya ke dinas ato ke sini")).toMatchObject({ intent: "ask", permit: "izin-reklame", aspect: "where" });
    // Reprimanded by someone else is a story; asking for staff to be reprimanded is a complaint.
    expect(read("rumah saya ditegur pak lurah belum ada imb nya itu ngurusnya gimana")).toMatchObject({ intent: "ask", permit: "pbg" });
    expect(read("petugas loket tadi main hp terus mohon ditegur")).toMatchObject({ intent: "complaint" });
    expect(read("sip bidang saya mau habis syarat perpanjangnya apa")).toMatchObject({ permit: "sip-bidan", aspect: "requirements" });
    expect(read("di kantor ini bisa ngurus izin apa lagi selain nib")).toMatchObject({ intent: "list_permits" });
    expect(read("biaya pkkpr berapa apa sama seperti nib yang gratis")).toMatchObject({ permit: "pkkpr", aspect: "fee" });
    // How to do it on a channel named is the steps; which channel is where.
    expect(read("cara ngurus sip bidan lewat sicantik gimana")).toMatchObject({ permit: "sip-bidan", aspect: "procedure" });
    expect(read("caranya daftar nib lewat mana")).toMatchObject({ permit: "nib", aspect: "where" });
    // Not knowing how, told before a request for help, is an application; asked, the steps.
    expect(read("mau ngurus izin tapi belum tahu caranya tolong bantu daftar lewat sini")).toMatchObject({ intent: "apply" });
    expect(read("saya nggak tahu cara daftar pirt gimana ya")).toMatchObject({ intent: "ask", permit: "spp-irt", aspect: "procedure" });
    // The citizen's own waiting, told with the time waited, is a status check; waiting without it is not.
    expect(read("izin reklame kapan jadi ya sudah sepuluh hari saya tunggu")).toMatchObject({ intent: "check_status" });
    expect(read("sipa brp lama jadinya min? apoteknya udh nungguin")).toMatchObject({ intent: "ask", permit: "sipa", aspect: "duration" });
    // "yang lama" is the old one, not how long.
    expect(read("imb saya yang lama hilang harus bikin pbg baru")).toMatchObject({ permit: "pbg", aspect: "general" });
    expect(read("pbg itu lama nggak jadinya")).toMatchObject({ permit: "pbg", aspect: "duration" });
    // Something needed for a permit named after it is a requirement; the permit named first is whether it is needed.
    expect(read("foto lokasi itu wajib nggak untuk izin reklame")).toMatchObject({ permit: "izin-reklame", aspect: "requirements" });
    expect(read("npwp perlu nggak kalau mau bikin nib")).toMatchObject({ intent: "ask", permit: "nib", aspect: "requirements" });
    expect(read("izin reklame wajib nggak buat spanduk kecil")).toMatchObject({ permit: "izin-reklame", aspect: "general" });
    expect(read("apakah wajib membuat sppl untuk warung")).toMatchObject({ permit: "sppl", aspect: "general" });
  });

  it("normalises WhatsApp spelling and stems Indonesian words", () => {
    const n = createNormaliser(kb.language);
    const words = n.tokens("brp biayanyaaa??? 😀 gmn syrt nya").map((t) => t.surface);
    expect(words).toEqual(expect.arrayContaining(["berapa", "bagaimana", "syarat"]));
    // The eastern possessive order: "sa pu izin" (Papua), "kita pe berkas" (Manado) are "izin saya", "berkas saya".
    expect(n.tokens("sa pu izin kapan selesai").map((t) => t.surface)).toEqual(["izin", "saya", "kapan", "selesai"]);
    expect(n.tokens("kita pe berkas").map((t) => t.surface)).toEqual(["berkas", "saya"]);
    expect(n.tokens("saya punya nib").map((t) => t.surface)).toEqual(["saya", "punya", "nib"]);
    expect(u.understand("beta pung izin kapan jadi?").intent).toBe("check_status");
    const s = createStemmer({ roots: ["ajukan", "urus", "bangun", "izin"] });
    expect(s.stem("mengurus")).toBe("urus");
    expect(s.stem("perizinannya")).toBe("izin");
    expect(s.stem("bangunan")).toBe("bangun");
    // Eastern Indonesian and Banjar prefixes: ba- (ber-) and ma- (me-), to a known root only.
    const e = createStemmer({ roots: ["urus", "bayar", "tulis", "jual", "diri", "mandiri"] });
    expect(e.stem("baurus")).toBe("urus");
    expect(e.stem("maurusnya")).toBe("urus");
    expect(e.stem("mambayar")).toBe("bayar");
    expect(e.stem("manulis")).toBe("tulis");
    expect(e.stem("bajualan")).toBe("jual");
    expect(e.stem("mandiri")).toBe("mandiri");
    expect(e.stem("makan")).toBe("makan");
  });

  it("npm run -s classify prints exactly one JSON line per input line, in order", () => {
    const input = ['{"text":"syarat imb apa"}', '{"text":"halo min"}', '{"text":"mau bikin ktp"}', '{"text":"dasar hukum pbg apa"}'].join("\n");
    const out = execFileSync("npm", ["run", "-s", "classify"], { input, encoding: "utf8" }).trim().split("\n");
    expect(out).toHaveLength(4);
    const parsed = out.map((l) => JSON.parse(l) as { intent: string; permit: string | null; aspect: string | null });
    expect(parsed[0]).toEqual({ intent: "ask", permit: "pbg", aspect: "requirements" });
    expect(parsed[1]!.intent).toBe("greeting");
    expect(parsed[2]!.intent).toBe("referral");
    // Loket answers the legal basis on its own; the shared contract counts it as "general".
    expect(u.understand("dasar hukum pbg apa").aspect).toBe("legal");
    expect(parsed[3]).toEqual({ intent: "ask", permit: "pbg", aspect: "general" });
  });
});
