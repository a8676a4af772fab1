import type { CueIntent, KnowledgeBase } from "../../knowledge/types.js";
import { createNormaliser, plainTokens, type Normaliser, type Token } from "./normalise.js";
import { PhraseIndex, type Match } from "./phrases.js";
import { PERMIT_ASPECTS, type Aspect, type Intent, type UnderstandContext, type Understander, type Understanding } from "./types.js";
import { memoize } from "../../domain/memo.js";
import { zerosForOs } from "../../domain/records.js";
import { createContextSplitter } from "./context.js";
import { nameParts, permitNameStems, stemCounts, SUPPORT_MAX_DF } from "./names.js";

export { createNormaliser } from "./normalise.js";
export { createStemmer } from "./stem.js";

/**
 * Deterministic understanding built from the knowledge base: permits are recognised from
 * their names, old names and everyday words (knowledge/permits/*.md), referrals from
 * knowledge/referrals.yaml, intents and aspects from the weighted cue words of
 * knowledge/understanding.yaml. The procedure (normalise -> match phrases -> weigh evidence
 * -> decide) is here; the words are not.
 *
 * Calibration: `confidence` < 0.5 means "not sure" (the engine asks with choices or offers a
 * person); two permits with close scores also give < 0.5 and both appear in `candidates`.
 *
 * @example
 * const u = createUnderstander(kb);
 * u.understand("piro biayane SIP bidan"); // { intent: "ask", permit: "sip-bidan", aspect: "fee", ... }
 */
export interface UnderstanderOptions {
  /** Evidence a permit needs before it is named (default 1; one keyword gives 2). */
  minPermitScore?: number;
}

/** English articles, and "nya" written apart, between two permits joined ("a NIB and a PIRT", "sipa nya ato izin apoteknya"). */
const ARTICLES = new Set(["a", "an", "the", "nya"]);
// Words of order beside the joining word join as well ("nib dulu atau pkkpr dulu?": which comes first).
const ORDER_BESIDE = new Set(["dulu", "duluan"]);
/** "or" said as "apa" (Javanese "opo", "po") beside a word of order ("pbg dulu apa nib dulu?"). */
const ORDER_OR = new Set(["apa", "opo", "po", "napa"]);
const STRENGTH = { name: 3, alias: 3, keyword: 2 } as const;
/** How people call the office ("min", "kak", "pak"): a message of these alone ("min", "minnn") calls it, as "p" does: a greeting. */
/** Words that rule out the permit named right after them ("bukan izin usaha"). */
const RULING_OUT = new Set(["bukan", "not"]);
/** Negations (as normalised: "gk", "gak", "nggak" are "tidak") that keep a keyword right after them from hinting its permit. */
const NEGATING = new Set(["tidak", "tanpa"]);
/** Words before a negation that make it a question tag ("perlu izin gk bangun pagar?", "wajib tidak renovasi …"). */
const NEED_BEFORE_NEGATION = new Set(["perlu", "wajib", "harus", "butuh", "boleh", "bisa", "izin", "apa", "apakah", "kena"]);
/** The first permit hinted ahead of the next, by a keyword at least ("papan nama warung": the name board's, not the warung's). */
const leadsClearly = (u: Understanding): boolean => {
  const [a, b] = u.candidates;
  return !!a && a.permit === u.permit && a.score >= STRENGTH.keyword && a.score > (b?.score ?? 0);
};
/** A part asking whether a permit is needed at all ("perlu izin lg gk?", "kudu izin juga kagak?"). */
const NEED_OF_PERMIT = /\b(?:perlu|harus|hrs|wajib|kudu|mesti|butuh)\s+(?:\S+\s+)?(?:izin|ijin)\b/;
/** The most words a message greeting only weakly (under 0.8: "maaf mau tanya", "ada orang?") may have to be a greeting. */
const WEAK_GREETING_WORDS = 5;
const CALL_WORDS = new Set(["min", "mimin", "kak", "kakak", "pak", "bu", "bapak", "ibu", "mas", "mbak", "gan", "sis", "bang"]);
/** How much a permit word after a place word ("di apotek") still counts. */
const PLACE_DAMPING = 0.6;
/** Place words that say where ("sip kedua di klinik"), not what for ("untuk sppl"). */
const AT_WORDS = new Set(["di", "ke"]);
/** How much a permit's everyday word after a role word ("admin klinik") still counts: under one, so alone it names no permit. */
const ROLE_DAMPING = 0.4;
/** A correction of what was just said: "maksud saya", "maksudnya", "ralat", "eh salah". */
const SELF_CORRECTION = /(?<![\p{L}\p{N}])(?:maksud\s+(?:saya|sy|aku|ku)|maksudku|maksudnya(?!\s+(?:apa|apaan|gimana|gmn|bagaimana|itu|opo))|ralat|eh\s+salah|i\s+mean)(?![\p{L}\p{N}])/iu;

/** Words that tell something of oneself or what has happened, not a thing asked ("udh bayar", "sy blm"). */
const TOLD = /(?<![\p{L}\p{N}])(?:sudah|udah|udh|sdh|dah|telah|belum|blm|saya|sy|aku|kami|tidak|tdk|gak|ga|nggak|already|not|i|we)(?![\p{L}\p{N}])/iu;

/** How much a permit named as background ("bukan sppl", "sudah punya nib") counts beside another. */
const BACKGROUND_DAMPING = 0.3;
/** An item number or letter of a list typed in a message ("1. ", "2) ", "b. "), at its start or after a space. */
const LIST_MARK = /(?:^|\s)(?:[1-9]|[a-e])[.)]\s+/g;
/** "bisa", "boleh" after a condition word ("kalo bisa …"): "if possible", no question. */
const POLITE_IF = new Set(["bisa", "boleh", "memungkinkan"]);
/** A condition opening between a permit and words of having ("syarat slf kalau sudah punya pbg"): those words are of what follows. */
const CONDITION_WORDS = new Set(["kalau", "kalo", "klo", "kl", "jika", "bila", "apabila", "asal", "setelah", "sesudah", "if", "once"]);
const TYPO_DAMPING = 0.85;
/** What a thing a permit may require, asked after a word of needing, weighs as a requirements question ("nib perlu npwp ga"). */
const REQUIRED_THING_WEIGHT = 1;
/** What "how much" asked of a permit with nothing measured weighs as a fee question ("pbg rumah brp ya"). */
const AMOUNT_ASKED_WEIGHT = 0.8;
/** How many words after the word of needing the thing may come ("wajib punya npwp perusahaan", "harus ikut penyuluhan"). */
const THING_WINDOW = 3;
/** How many words before a permit named may tell it is held already ("udh punya nib, perlu tdup?"), up to the word of needing. */
const HELD_WINDOW = 2;
/** How much a request word right before a permit's name weighs as an application ("mau bikin imb"). */
const REQUEST_WEIGHT = 1.2;
/** A renewal wished for, of a permit that is renewed: as strong as "mau daftar", over the expiry told beside it ("habis", "mati"). */
const RENEWAL_WISH_WEIGHT = 2.5;
/** "ktp siapa": whose paper. */
const WHOSE = new Set(["siapa", "sapa", "whose"]);
/** Stems of making or renewing a paper, right before another agency's service ("bikin ktp", "perpanjang sim"). */
const MADE_BEFORE = new Set(["bikin", "buat", "urus", "panjang"]);

type Sums = Map<string, number>;

export function createUnderstander(kb: KnowledgeBase, opts: UnderstanderOptions = {}): Understander {
  const minPermit = opts.minPermitScore ?? 1;
  const lang = kb.language;
  const normaliser: Normaliser = createNormaliser(lang);
  // Names and cue words are read before the vocabulary exists (it is made of them), as the
  // knowledge check read them when the files were loaded: those readings are reused.
  const plain = plainTokens(lang);
  const index = new PhraseIndex(plain);
  const stemOf = (w: string) => normaliser.tokens(w, { correct: false }).map((t) => t.stem);

  for (const p of kb.permits) {
    for (const n of nameParts(p.name)) index.add(n, { kind: "permit", id: p.id, strength: STRENGTH.name });
    index.add(p.id.replace(/-/g, " "), { kind: "permit", id: p.id, strength: STRENGTH.alias });
    for (const a of p.aliases) index.add(a, { kind: "permit", id: p.id, strength: STRENGTH.alias });
    for (const k of p.keywords) index.add(k, { kind: "permit", id: p.id, strength: STRENGTH.keyword });
  }
  for (const r of kb.referrals) {
    for (const n of [...nameParts(r.name), ...r.aliases]) index.add(n, { kind: "referral", id: r.id, strength: STRENGTH.alias });
  }
  for (const [group, table] of [["intent", lang?.intents], ["aspect", lang?.aspects], ["office", lang?.office]] as const) {
    for (const [name, cues] of Object.entries(table ?? {})) {
      for (const [phrase, weight] of Object.entries(cues ?? {})) index.add(phrase, { kind: "cue", group, name, weight });
    }
  }
  const permitWords = kb.permits.flatMap((p) => [...p.aliases, p.id.replace(/-/g, " ")]);
  normaliser.setVocabulary(index.words, permitWords.flatMap((n) => plain(n).map((t) => t.surface)));

  // Support words: name/alias stems shared by few permits ("sip", "praktik", "apotek").
  const support = permitNameStems(kb.permits, stemOf);
  const categoryOf = new Map(kb.permits.map((p) => [p.id, p.category]));
  /** Permit `by`'s list of requirements names permit `id` (IUTM's has the PBG; PBG's has no SLF). */
  const listsPermit = (by: string, id: string): boolean => {
    const needed = kb.permit(id);
    const names = kb.permit(by)?.requirements.map((r) => ` ${plain(r.name).map((t) => t.surface).join(" ")} `) ?? [];
    const words = needed ? [id.replace(/-/g, " "), ...needed.aliases].map((a) => plain(a).map((t) => t.surface).join(" ")).filter((a) => a.length >= 3) : [];
    return names.some((n) => words.some((w) => n.includes(` ${w} `)));
  };
  /** The stems of a permit's form options: the kinds of thing it is for ("ruko", "gudang" of SLF). */
  const optionStems = memoize((id: string): Set<string> => {
    const p = kb.permit(id);
    const text = p ? p.form.flatMap((f) => (f.options ?? []).map((o) => o.label)).join(" ") : "";
    return new Set(normaliser.tokens(text, { correct: false }).map((t) => t.stem));
  }, 100);
  /** knowledge/permits `renewal.renewable`: false for a permit that does not expire, unset where not known. */
  const renewableOf = new Map(kb.permits.map((p) => [p.id, p.renewal?.renewable]));
  const df = stemCounts(support);
  for (const stems of support.values()) for (const s of [...stems]) if ((df.get(s) ?? 0) > SUPPORT_MAX_DF) stems.delete(s);
  const placeWords = new Set((lang?.placeWords ?? []).flatMap(stemOf));
  /** The permits whose aliases hold each word, as stemmed ("sip": the practice permits). */
  const aliasWordOwners = new Map<string, Set<string>>();
  for (const p of kb.permits) for (const a of p.aliases) for (const w of stemOf(a)) (aliasWordOwners.get(w) ?? aliasWordOwners.set(w, new Set()).get(w)!).add(p.id);
  const roleWords = new Set((lang?.roleWords ?? []).flatMap(stemOf));
  /** Each phrase as its words' stems (or, with "surface", as written after the spelling list). */
  const phrasesOf = (words: string[] | undefined, part: "stem" | "surface" = "stem") => (words ?? []).map((w) => normaliser.tokens(w, { correct: false }).map((t) => t[part])).filter((p) => p.length);
  const backgroundPhrases = phrasesOf(lang?.backgroundWords);
  /** Right before the permit's word: who the writer is ("sy apoteker mau buka apotek" asks about the pharmacy). */
  const identityPhrases = phrasesOf(lang?.identityWords);
  /** Told after the permit: "PBG terbit 2023", "nib sudah punya" (not "izin apotek setelah berkas lengkap"). */
  const backgroundAfterPhrases = phrasesOf(lang?.backgroundAfter);
  const requestPhrases = phrasesOf(lang?.requestWords);
  /** understanding.yaml `referral_asked`: where or how another agency's service is had ("ngurus dmn"), as stems; and words making its paper a document to bring ("fotokopi ktp"), as stems and as written. */
  const soughtWords = new Set((lang?.referralAsked?.sought ?? []).flatMap(stemOf));
  const asDocumentWords = new Set((lang?.referralAsked?.asDocument ?? []).flatMap((w) => [...stemOf(w), ...phrasesOf([w], "surface").flat()]));
  /** "bedanya sipa sama sipttk apa?": two permits compared, each one's overview. Single words. */
  const compareWords = new Set(phrasesOf(lang?.compareWords, "surface").filter((p) => p.length === 1).map((p) => p[0]!));
  const atOncePhrases = phrasesOf(lang?.atOnce, "surface");
  const returningPhrases = phrasesOf(lang?.returning, "surface");
  const laterPhrases = phrasesOf(lang?.later, "surface");
  // understanding.yaml `kind_of_business`: a business described, no permit named ("usaha laundry").
  const business = lang?.kindOfBusiness && kb.permits.some((p) => p.id === lang.kindOfBusiness!.permit) ? lang.kindOfBusiness : undefined;
  const surfacesOf = (words: string[] | undefined) => phrasesOf(words, "surface");
  const businessPhrases = surfacesOf(business?.words);
  // After a business word, words that name no kind of business ("usaha tapi", "usaha apa").
  // "biro jasa", "pakai jasa calo": a service used, not a business of one's own.
  const notAfter = new Set(surfacesOf(business?.notAfter).flat());
  const notKinds = new Set([...surfacesOf(business?.notKinds), ...surfacesOf(lang?.questionWords), ...surfacesOf(lang?.joiners), ...surfacesOf(lang?.placeWords)].flat());
  const genericNames = new Set(phrasesOf(business?.genericNames).map((p) => p.join(" ")));
  const needWords = new Set((lang?.requiredFor?.needs ?? []).flatMap(stemOf));
  const requiredThings = phrasesOf(lang?.requiredFor?.things);
  const activityWords = new Set((lang?.requiredFor?.activities ?? []).flatMap(stemOf));
  const heldWords = new Set((lang?.requiredFor?.held ?? []).flatMap(stemOf));
  const placePhrases = phrasesOf(lang?.requiredFor?.places);
  const amountWords = new Set(phrasesOf(lang?.amountAsked?.words, "surface").map((p) => p.join(" ")));
  const amountTrailing = new Set(phrasesOf(lang?.amountAsked?.trailing, "surface").flat());
  const amountCounts = new Set(phrasesOf(lang?.amountAsked?.counts, "surface").flat());
  const amountCounted = new Set(phrasesOf(lang?.amountAsked?.counted, "surface").flat());
  // As written (after spelling: utk -> untuk), not stemmed: "membuat" (to make) is no "buat" (for).
  const purposeWords = new Set((lang?.requiredFor?.purpose ?? []).flatMap((w) => normaliser.tokens(w, { correct: false }).map((t) => t.surface)));
  // understanding.yaml `joiners` and `question_words`, matched after spelling (brp -> berapa, trs -> terus).
  const joinerTokens = (lang?.joiners ?? []).map((w) => normaliser.tokens(w, { correct: false }));
  const joinerWords = joinerTokens.map((ts) => ts.map((t) => t.surface).join(" ")).filter(Boolean);
  const joiners = new Set(joinerTokens.flat().map((t) => t.stem));
  const questionWords = new Set((lang?.questionWords ?? []).map((w) => normaliser.tokens(w, { correct: false }).map((t) => t.surface).join(" ")));
  const escapeWords = (w: string) => w.split(" ").map(escapeRe).join("\\s+");
  // The joiners with the ways people shorten them (understanding.yaml spelling: sm -> sama, dgn -> dengan):
  // "biaya slf brp sm brp lama jadinya" joins two questions as "… sama …" does.
  const joinerTyped = [...new Set([...(lang?.joiners ?? []), ...joinerWords, ...Object.entries(lang?.spelling ?? {}).filter(([, to]) => joinerWords.includes(to)).map(([from]) => from)])];
  // Where one question ends and another begins: a comma, ";", "?", or a joiner between spaces.
  // Not before one of `joined_with` ("sy pengen ngobrol sm petugas jg": with the staff, no second question).
  const notWith = lang?.joinedWith?.length ? `(?!(?:${lang.joinedWith.map(escapeWords).join("|")})(?![\\p{L}\\p{N}]))` : "";
  const joinerBreak = `\\s+(?:${joinerTyped.map(escapeWords).join("|") || "(?!)"})\\s+${notWith}`;
  // Or, with no comma (a voice note typed out), after a question's last word before the next thing
  // asked with its "nya": "izin reklame syarat nya apa saja biaya nya berapa".
  // Only a question that ends after its own "nya" ("… nya apa saja"), not one that begins ("brp biayanya").
  const askedNext = `(?<=nya\\s+(?:apa\\s+saja|apa\\s+aja|berapa|brp|dimana|di\\s+mana|dmn|gimana|gmn|bagaimana))\\s+(?=\\p{L}+\\s?nya(?![\\p{L}\\p{N}]))`;
  const clauseBreak = new RegExp(`[,;?]+|\\n|${joinerBreak}|${askedNext}`, "iu");
  // Where a clause turns to something else (understanding.yaml `contrasts`, as typed and after spelling: tp -> tapi).
  const contrastWords = [...new Set([...(lang?.contrasts ?? []), ...phrasesOf(lang?.contrasts, "surface").map((p) => p.join(" "))])].filter(Boolean);
  const contrastSet = new Set(lang?.contrasts ?? []);
  const contrastBreak = contrastWords.length ? new RegExp(`\\s+(?:${contrastWords.map(escapeWords).join("|")})\\s+`, "i") : undefined;
  // Where one question of several ends (withFurtherQuestions): as clauseBreak, and a full stop or "!" before a space.
  const questionBreak = new RegExp(`[,;?!]+|\\.(?=\\s)|${joinerBreak}`, "iu");
  // A registration number as citizens type it: "RBG-2026-000123", "rbg 2026 000123", "RBG2026000123",
  // "rbg - 2026 - 000122", "rbg/2026/000870" (any run of dashes, spaces, dots or slashes between its
  // parts, as the engine reads it when it looks the number up).
  const regNo = new RegExp(`\\b${escapeRe(kb.office.registrationPrefix)}[-\\s/.]*(\\d{4})[-\\s/.]*(\\d{1,8})\\b`, "i");

  const onlyCalls = (text: string): boolean => {
    const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
    return words.length > 0 && words.length <= 2 && words.every((w) => CALL_WORDS.has(w.replace(/(.)\1+$/, "$1")));
  };

  const ownWords = createContextSplitter(lang?.forwarded ?? [], lang?.forwardAsked ?? []);

  function understand(text: string, ctx: UnderstandContext = {}): Understanding {
    const split = ownWords(text);
    if (!split) return selfCorrected(text, withFurtherQuestions(text, understandWhole(text, ctx), ctx));
    // Another's words pasted or quoted above one's own (context.ts): one's own words say what is
    // asked, about the permit the pasted words name when one's own name none.
    const told = understandOne(split.context, {});
    const named = told.permit ?? told.candidates.find((c) => c.score >= STRENGTH.keyword)?.permit;
    const c = named ? { ...ctx, permit: named } : ctx;
    const u = withFurtherQuestions(split.own, understandWhole(split.own, c), c);
    // A registration number quoted ("> Nomor pendaftaran: RBG-2026-000123 … sudah sampai mana?"): that application.
    if (regNo.test(zerosForOs(split.context)) && (u.intent === "check_status" || (u.intent === "ask" && !u.permit))) return result("check_status", null, null, 0.9, []);
    return u;
  }

  /**
   * A permit named and then corrected in the same message ("mau daftar pbg lewat sini bisa? eh maaf
   * maksud saya SLF bukan PBG"): what is asked or wanted, of the permit the correction names.
   */
  function selfCorrected(text: string, u: Understanding): Understanding {
    // "maksud saya SLF bukan PBG, rumah saya sudah jadi": no status asked, the permit meant named.
    const checked = u.intent === "check_status" && !regNo.test(zerosForOs(text));
    if (!u.permit && !checked) return u;
    const at = SELF_CORRECTION.exec(text);
    if (!at?.index) return u;
    const after = understandOne(text.slice(at.index), {});
    // Read as a status check, only a correction between permits ("… bukan PBG") names another.
    if (checked && !/(?<![\p{L}])(?:bukan|not)(?![\p{L}])/iu.test(text.slice(at.index))) return u;
    if (checked) {
      const meant = after.candidates[0];
      return meant && meant.score >= STRENGTH.alias && after.candidates.every((c, i) => !i || c.score < meant.score) ? result("ask", meant.permit, "general", 0.75, after.candidates) : u;
    }
    // "mau daftar slf, maksudnya pbg saya sudah ada": the other permit told as had, no correction.
    if (!after.permit || after.permit === u.permit || after.confidence < 0.5 || after.background) return u;
    return { ...u, permit: after.permit, candidates: after.candidates, ...(u.intent === "ask" && (!u.aspect || u.aspect === "general") && after.aspect ? { aspect: after.aspect } : {}) };
  }

  /**
   * Several questions in one message ("izin reklame berapa lama jadinya? sama PBG biayanya
   * berapa", "syarat SIP perawat apa aja, terus kantor buka jam berapa?", "syarat slf apa? sama
   * cek status RBG-2026-000123"): the message is split where one question ends and another begins
   * (a comma, "?", ";", ". ", a joiner), each part read on its own, a permit named carrying over to
   * the parts after it ("trus biayanya brp"). A part counts as a question when it is read surely
   * (confidence 0.5 or more) as a clear question about a permit (an aspect with a cue of weight 1
   * or more), the office, a status check, applying, a person, or where to complain (a complaint
   * part with "?" after it: "…? terus kalau mau pengaduan ke mana?"). A complaint told after the
   * questions ("syarat slf apa? petugasnya lambat bgt sy kecewa") is heard after the answers; one
   * told first ("sy mau komplain, pbg sy lewat dr 28 hari kerja blm terbit") is what the message is
   * about, its story no question. Parts about the same permit one
   * after another are one question of several aspects. The questions `u` (the message read whole)
   * does not answer come as `then`, in the order asked; when `u` was unsure, or answers a question
   * asked after another, the first question asked leads instead.
   */
  /** Words before a permit's name that make the part a follow-up about it ("and slf, …", "kalau slf, …"). */
  const LEADING_WORDS = new Set(["and", "kalau", "kalo", "klo", "nek", "upami", "ari", "menawi"]);
  /** Words that settle on a permit named beside them ("brarti sipttk ya", "oke slf"). */
  const SETTLING_WORDS = new Set(["berarti", "brarti", "berati", "brati", "jadi", "jd", "ya", "yaa", "yah", "oke", "ok", "okey", "oh", "so", "then", "pokoknya", "yg", "yang"]);

  function withFurtherQuestions(text: string, u: Understanding, ctx: UnderstandContext): Understanding {
    if (u.intent === "greeting" || u.intent === "thanks") return u;
    // Read whole, a question of no permit; its first question asks which permits the office handles
    // ("1. izin apa aja yg bisa diurus di sini 2. semua bisa online?"): the list is what is asked first.
    if (u.intent === "ask" && !u.permit && !ctx.permit) {
      const first = text.split(questionBreak).map((x) => x?.trim()).find((x): x is string => !!x && /\p{L}/u.test(x));
      const f = first && first !== text.trim() ? understandOne(first, {}) : undefined;
      if (f?.intent === "list_permits" && f.confidence >= 0.5) return result("list_permits", null, null, f.confidence, []);
    }
    const { items, complaintAfter, referralParts, statusParts, firstAsked } = questionsOf(text, ctx, u.intent === "talk_to_staff" && !u.later);
    if (!items.length) return u;
    // A complaint told first is what the message is about, unless it is told as a story of the past
    // before the questions ("dulu thn 2015 om sy dimintain duit sm oknum … biaya resmi PBG brp?",
    // "dulu prnh dtg udh tutup, kesel bgt wkt itu. jumat buka jam brp?"): the questions are answered,
    // then the complaint heard, as for one told after them.
    if (u.intent === "complaint" && !complaintAfter && !PAST_TOLD.test(text.slice(0, firstAsked).toLowerCase())) return u;
    // A status check read from a part that asks nothing, without a number ("pbg udh bayar retribusi.
    // slf nya bayar lagi gk?": the PBG told as paid): the questions asked are what the message is.
    if (u.intent === "check_status" && !regNo.test(zerosForOs(text)) && statusParts.length && statusParts.every((x) => !x.asks) && items.every((it) => it.intent === "ask" || it.intent === "office_info" || it.intent === "referral")) {
      return items.length > 1 ? { ...items[0]!, then: items.slice(1) } : items[0]!;
    }
    let lead = u;
    // A permit asked beside another agency's service ("bayar pbb dmn ya? sekalian mau bangun ruko,
    // izin bangunnya apa"): what is asked of the permit is read without that service's part (its
    // "bayar" is no fee of the PBG).
    if (lead.intent === "ask" && lead.permit && referralParts.length) {
      const rest = referralParts.reduce((t, part) => t.replace(part, " "), text);
      const again = understandOne(rest, ctx);
      if (again.intent === "ask" && again.permit === lead.permit) {
        const { more: _, ...bare } = lead;
        lead = again.more?.length ? { ...bare, aspect: again.aspect, more: again.more } : { ...bare, aspect: again.aspect };
      }
    }
    // Two permits asked of different things ("berapa lama proses SLF, dan PBG syaratnya apa"): not
    // the same question of both.
    if (lead.alsoPermit && items.some((it) => it.intent === "ask" && it.permit === lead.alsoPermit && !aspectsOf(it).every((a) => aspectsOf(lead).includes(a)))) {
      const { alsoPermit: _, ...one } = lead;
      lead = one;
    }
    // An aspect the whole reading took from another part ("berapa lama proses pirt? … kalau mau ngadu
    // lewat mana?": its "lewat mana" read as where PIRT is filed): the parts about the permit say
    // what is asked of it.
    const ownParts = lead.intent === "ask" && lead.permit && lead.aspect ? items.filter((it) => it.intent === "ask" && it.permit === lead.permit) : [];
    // A list asked with one "?" ("biaya, lama prosesnya?") keeps all it asks: a part has one of them.
    if (ownParts.length && !ownParts.some((it) => aspectsOf(it).some((a) => aspectsOf(lead).includes(a)))) {
      const { more: _, ...bare } = lead;
      lead = withAspects({ ...bare, aspect: ownParts[0]!.aspect }, ownParts.flatMap(aspectsOf));
    }
    // The same permit asked of in parts the whole reading missed ("… biayanya brp"): its aspects too.
    for (const it of items) if (lead.intent === "ask" && it.intent === "ask" && lead.permit && it.permit === lead.permit) lead = withAspects(lead, aspectsOf(it));
    const k = items.findIndex((it) => covers(lead, it));
    // A person asked for later (the part's reading): offered, whether the whole reading asks for one or not.
    if (k >= 0 && items[k]!.later) lead = { ...lead, later: true };
    const rest = items.filter((it, i) => i !== k && !covers(lead, it));
    if (!rest.length) return lead;
    // Read whole, unsure (two permits, each asked of something else): the questions read one by one.
    const sure = lead.confidence >= 0.5 && (lead.intent !== "ask" || !!lead.permit) && FURTHER_INTENTS.has(lead.intent);
    if (!sure && items.length > 1) return { ...items[0]!, then: items.slice(1) };
    // Unsure, one part read surely: the whole reading stays unsure, the part a further question. The
    // engine leaves it unanswered unless a language model reads the message surely (withModelFallback
    // keeps the further questions its reading does not answer).
    if (!sure) return u.confidence < 0.5 ? { ...u, then: rest } : u;
    if (k < 0) return { ...lead, then: rest };
    // The whole reading answers a later question than the first asked (and is no request to act): the first leads.
    const firstAnswer = items.findIndex((it) => !ACTIONS.has(it.intent) && !covers(lead, it));
    if (!ACTIONS.has(lead.intent) && firstAnswer >= 0 && firstAnswer < k) {
      const ordered = items.map((it, i) => (i === k ? lead : it)).filter((it, i) => i === k || !covers(lead, it));
      return { ...ordered[0]!, then: ordered.slice(1) };
    }
    return { ...lead, then: rest };
  }

  /** Whether every word of `part` belongs to a permit's name ("nib", "sip dokter gigi"), nothing told of it ("imb udh punya"). */
  function onlyPermitNames(part: string): boolean {
    const ts = normaliser.tokens(part);
    const named = new Array<boolean>(ts.length).fill(false);
    for (const m of index.matchAll(ts)) if (m.pattern.target.kind === "permit") for (let k = m.start; k < m.end; k++) named[k] = true;
    return ts.length > 0 && named.every(Boolean);
  }

  /** Whether `tokens` hold one of `phrases` (each a run of surface words) anywhere. */
  function saysAny(tokens: readonly { surface: string }[], phrases: readonly (readonly string[])[]): boolean {
    return phrases.some((w) => tokens.some((_, k) => w.every((x, i) => tokens[k + i]?.surface === x)));
  }

  /** The questions of a message of several parts, in the order asked (see withFurtherQuestions). */
  function questionsOf(text: string, ctx: UnderstandContext, personAsked = false): { items: Understanding[]; complaintAfter: boolean; referralParts: string[]; statusParts: { asks: boolean }[]; firstAsked: number } {
    const parts = text.split(questionBreak).map((x) => x?.trim()).filter((x): x is string => !!x && /\p{L}/u.test(x));
    /** Whether a part read as a complaint comes after a question. */
    let complaintAfter = false;
    /** The parts asking for another agency's service. */
    const referralParts: string[] = [];
    /** An aspect named alone just before a joiner ("syarat | sm | biayanya apa"), asked with the next part. */
    let listedAspect: { permit: string; aspect: Aspect } | undefined;
    /** The parts read as a status check without a number, and whether each asks. */
    const statusParts: { asks: boolean }[] = [];
    /** Where the first part taken as a question begins. */
    let firstAsked = text.length;
    if (parts.length < 2) return { items: [], complaintAfter, referralParts, statusParts, firstAsked };
    const items: Understanding[] = [];
    let permit = ctx.permit;
    let from = 0;
    /** A permit named alone just before, listed with the next ("nib sama pirt lama jadinya berapa hari?"). */
    let listed: string | undefined;
    /** Where the text after the last part taken as a question begins ("…? nanti sy mau konsultasi dulu | sama | petugas"). */
    let taken = 0;
    let seen: [number, Understanding | undefined] = [0, undefined];
    /** The part before asked how the citizen's own application stands ("izin reklame sy kok blm terbit2"). */
    let afterStatus = false;
    /** The permits named outright (by a name or alias) in the parts so far. */
    let named = new Set<string>();
    /** A business the part before described, no permit named ("mau buka usaha laundry kiloan di rumah"). */
    let described: Understanding | undefined;
    /** Another agency's service named in the part before, wished for but not yet asked ("sy mau daftarin merek sy dr awal"). */
    let wished: { u: Understanding; part: string } | undefined;
    for (const part of parts) {
      const statusBefore = afterStatus;
      afterStatus = false;
      const wishedBefore = wished;
      wished = undefined;
      const describedBefore = described;
      described = undefined;
      if (items.length !== seen[0] || items[items.length - 1] !== seen[1]) taken = from;
      seen = [items.length, items[items.length - 1]];
      const start = text.indexOf(part, from);
      const end = start + part.length;
      const between = text.slice(from, start);
      from = end;
      const number = regNo.test(zerosForOs(part));
      const { aspectScore, howScore: _, renewal: __, background, representScore: ___, ...r } = understandOne(part, permit ? { permit } : {});
      // The permit carried over makes a part asking for a complaint or a person, and naming no
      // permit, an ask about it ("…? kalau mau pengaduan ke mana", "klo mahal sy mau konsultasi dulu
      // sama petugas": where PBG is filed, its fee): read alone, it is what it asks.
      const alone = permit && r.intent === "ask" && r.permit === permit ? understandOne(part, {}) : undefined;
      const act = alone && (alone.intent === "complaint" || alone.intent === "talk_to_staff") && alone.confidence >= 0.5 ? result(alone.intent, null, null, alone.confidence, []) : undefined;
      const p = number ? result("check_status", null, null, 0.97, []) : (act ?? r);
      const permitBefore = permit;
      const tokens = normaliser.tokens(part, { correct: false });
      const asks = /^\s*\?/.test(text.slice(end)) || tokens.some((t) => questionWords.has(t.surface));
      const before = listed;
      listed = undefined;
      // "and slf, how long is it valid?", "trus slf, brp lama?": a part that is only a joining word and
      // a permit's name is what the parts after it ask about (not the permit talked about before).
      const lead = tokens[0];
      if (p.intent === "ask" && p.permit && !background && tokens.length > 1 && lead && (joiners.has(lead.stem) || LEADING_WORDS.has(lead.surface)) && onlyPermitNames(part.replace(/^\s*\S+\s+/, ""))) permit = p.permit;
      // "brarti sipttk ya, syaratnya apa aja?", "oke slf, …": a permit settled on, with only such
      // words beside it, is what the parts after it ask about too.
      else if (p.intent === "ask" && p.permit && !background && tokens.some((t) => SETTLING_WORDS.has(t.surface))) {
        const bare = tokens.filter((t) => !SETTLING_WORDS.has(t.surface)).map((t) => t.surface).join(" ");
        if (bare && onlyPermitNames(bare)) permit = p.permit;
      }
      // "…? sy mau antar berkas izin reklame. trs bawa apa aja?": a permit named outright in a part
      // that asks nothing, surely (not "kami mau buka apotek di ruko": PBG hinted), is what the parts
      // after it ask about, when no permit is carried yet and a question came before (the message
      // read whole answers its first part: "berkas pbg dikembalikan …, revisinya gmn" is a correction).
      if (!permit && items.length > 0 && (p.intent === "apply" || (p.intent === "ask" && !asks)) && p.permit && p.confidence >= 0.8 && !background && (p.candidates.find((c) => c.permit === p.permit)?.score ?? 0) >= STRENGTH.alias) permit = p.permit;
      // "eh salah, maksud sy izin apotek. biayanya brp?" after SIP dokter: the permit corrected to,
      // named outright, is what the parts after it ask about (not the one talked about before).
      else if (ctx.permit && permit === ctx.permit && p.permit && p.permit !== permit && (p.intent === "apply" || (p.intent === "ask" && !asks)) && p.confidence >= 0.8 && !background && (p.candidates.find((c) => c.permit === p.permit)?.score ?? 0) >= STRENGTH.alias && CORRECTING.test(text.slice(0, end))) permit = p.permit;
      // "ok. balik ke yg bidan tadi, berlaku brp lama?" after SIP perawat: the permit gone back to,
      // named in a part of its own, is what the parts after it ask about.
      else if (ctx.permit && permit === ctx.permit && p.permit && p.permit !== permit && p.intent === "ask" && !asks && !background && saysAny(normaliser.tokens(part, { correct: false }), returningPhrases)) permit = p.permit;
      const namedBefore = named;
      named = new Set([...named, ...p.candidates.filter((c) => c.score >= STRENGTH.alias).map((c) => c.permit)]);
      // "… kudu punya NIB kagak sih? terus papan nama warung aye kudu izin juga kagak?", "nib bengkel sy
      // udh jadi. skrg mau pasang papan nama …, perlu izin lg gk?": whether a permit is needed for
      // something, asked in a sentence of its own (to its "?"), after a part naming another permit
      // outright, hinted ahead of any other: that one too.
      if (p.intent === "ask" && p.permit && p.permit !== permitBefore && [...namedBefore].some((id) => id !== p.permit) && (!p.aspect || p.aspect === "general") && (asks || /^[^.!?]*\?/.test(text.slice(end))) && !background && leadsClearly(p) && NEED_OF_PERMIT.test(normaliser.tokens(part + (/^[^.!?]*/.exec(text.slice(end))?.[0] ?? ""), { correct: false }).map((t) => t.surface).join(" "))) {
        if (!items.length) firstAsked = start;
        if (!items.some((it) => covers(it, p))) items.push({ ...p, confidence: Math.max(p.confidence, 0.75) });
        continue;
      }
      // "mau buka usaha laundry kiloan di rumah, izin apa aja ya? trs limbah … perlu izin lingkungan
      // gk?": which permits, of the business the part before described: asked as alone (its permit,
      // and that others depend on the business), beside what the parts after ask.
      if (p.intent === "list_permits" && describedBefore && asks && p.confidence >= 0.5) {
        if (!items.length) firstAsked = start;
        items.push({ ...result("list_permits", null, null, p.confidence, describedBefore.candidates.slice(0, 1)), describedBusiness: true });
        continue;
      }
      if (r.describedBusiness) described = r;
      if (p.confidence < 0.5 || !FURTHER_INTENTS.has(p.intent)) continue;
      if (p.intent === "complaint") {
        complaintAfter ||= items.length > 0;
        // Where to complain asked ("…? kalau mau pengaduan ke mana?"), not a complaint told or worried
        // about ("takut ketipu calo", "tetangga komplain bising", "KOK LAMA BGT, SUDAH SAMPAI TAHAP MANA???").
        if (!/^\s*\?/.test(text.slice(end))) continue;
      }
      if (!asks && p.intent === "ask" && p.permit && (!p.aspect || p.aspect === "general") && onlyPermitNames(part)) listed = p.permit;
      // A status check needs its number here: "str blm jadi" asks nothing of an application.
      if (p.intent === "check_status" && !number) {
        afterStatus = true;
        statusParts.push({ asks });
        continue;
      }
      // Where, asked right after a status question and naming no permit itself ("izin reklame sy kok
      // blm terbit2 ya, posisi dmn" after PBG's answer): where the application is, part of that
      // question; not where the permit talked about before is filed.
      if (statusBefore && p.intent === "ask" && p.aspect === "where" && p.permit === permitBefore && understandOne(part, {}).permit === null) continue;
      // Applying, after a question and said as a request to do it now ("…? mau daftar sekalian");
      // a question about applying ("bisa ajukan lagi?") or the situation ("apoteker kami mau
      // ngajuin", "daftar tgl 3 nov") is no request.
      // "kalo bisa sy ajukan lwt sini sekalian": "if possible" asks nothing.
      const asksToApply = /^\s*\?/.test(text.slice(end)) || tokens.some((t, k) => questionWords.has(t.surface) && !(POLITE_IF.has(t.surface) && k > 0 && CONDITION_WORDS.has(tokens[k - 1]!.surface)));
      if (p.intent === "apply" && (asksToApply || !items.length || !saysAny(normaliser.tokens(`${between} ${part}`, { correct: false }), atOncePhrases))) continue;
      // A person asked for plainly ("bisa bicara petugas?", "…? sy mau bicara dgn petugas aja"), after
      // a question when not asked; staff only mentioned ("kata petugas tinggal ttd", a letter's
      // "Staf Legal") is not.
      // One for later or to consult first ("…? klo mahal sy mau konsultasi dulu sama petugas", "nanti sy
      // mau tanya petugas langsung aja"), after a question: offered, so a surer reading is not needed.
      // Read only for such a part: tokenising the text since the last question for every part made a
      // long message of many parts quadratic (68,000 characters: 13 s).
      const later = p.intent === "talk_to_staff" && items.length > 0 && saysAny(normaliser.tokens(text.slice(taken, end), { correct: false }), laterPhrases);
      if (later) {
        items.push({ ...p, later: true });
        continue;
      }
      if (p.intent === "talk_to_staff" && (p.confidence < 0.8 || (!asks && !items.length))) continue;
      // "syarat sm biayanya apa": an aspect listed alone before a joiner is asked with the part after it.
      if (p.intent === "ask" && !asks && tokens.length <= 2 && p.permit && p.aspect && p.aspect !== "general" && aspectScore >= 1 && LISTED_BEFORE.test(text.slice(end))) {
        listedAspect = { permit: p.permit, aspect: p.aspect };
        continue;
      }
      // Otherwise a part that asks nothing tells the situation ("alamat usaha sy pindah").
      if ((p.intent === "ask" || p.intent === "office_info") && !asks) continue;
      // "lho kok udah ditutup? sy blm sempet nanya" after staff closed the chat: a part saying only that
      // something was closed, beside a person asked for again, is the chat closed; no office hours asked.
      if (personAsked && p.intent === "office_info" && p.aspect === "hours" && understandOne(tokens.filter((t) => t.stem !== "tutup").map((t) => t.surface).join(" "), {}).intent !== "office_info") continue;
      // Another agency's service asked where or how to get it ("izin keramaian ngurus dmn?", "npwp
      // bikinnya dmn"), beside a permit; not a document of it spoken of ("ktp nya fotokopi aja?",
      // "bpjs nya wajib?").
      const sought = p.intent === "referral" && p.confidence >= 0.8 && tokens.some((t) => soughtWords.has(t.stem)) && !tokens.some((t) => asDocumentWords.has(t.stem) || asDocumentWords.has(t.surface));
      if (p.intent === "referral" && !(sought && asks)) {
        if (sought) wished = { u: p, part };
        continue;
      }
      // "sy mau daftarin merek sy dr awal, itu daftarnya dmn ya?": where, asked of nothing named in
      // the part itself, right after the part naming that service: where that service is sought.
      if (wishedBefore && asks && p.intent === "ask" && p.aspect === "where" && (!p.permit || understandOne(part, {}).permit === null)) {
        if (!items.length) firstAsked = start;
        items.push(wishedBefore.u);
        referralParts.push(wishedBefore.part);
        continue;
      }
      // "krk itu apa pak? ngurusnya dmn" after PBG's requirements: a permit asked about outright (what
      // it is) is what the parts after it ask about, not the one talked about before.
      if (ctx.permit && permit === ctx.permit && p.intent === "ask" && asks && p.permit && p.permit !== permit && (!p.aspect || p.aspect === "general") && !background && p.confidence >= 0.8 && (p.candidates.find((c) => c.permit === p.permit)?.score ?? 0) >= STRENGTH.alias) permit = p.permit;
      if (p.intent === "ask" && (!p.permit || !p.aspect || p.aspect === "general" || aspectScore < 1)) continue;
      // Another permit than the one talked about, only faintly hinted ("… melalui OSS-RBA?" after a
      // pharmacy's permit: where it is renewed), is no second question.
      if (p.intent === "ask" && p.permit !== permitBefore && p.permit !== before && (p.candidates.find((c) => c.permit === p.permit)?.score ?? 0) < STRENGTH.keyword) continue;
      // Nor one ruled out, told as background, or a business only described ("bukan perawat ya min …
      // syarat sip saya apa", "atau udh termasuk retribusi pbg?", "atau berlaku selama usaha berjalan?").
      if (p.intent === "ask" && p.permit !== permitBefore && (background || tokens.some((t) => RULING_OUT.has(t.surface)))) continue;
      if (p.intent === "ask" && before && before !== p.permit && LIST_JOINER.test(between) && !items.some((it) => it.permit === before)) {
        if (!items.length) firstAsked = start;
        items.push({ ...p, permit: before });
      }
      // The permit asked about is the one of the parts after it ("… trus biayanya brp", "… mau
      // daftar sekalian"); not one told as the situation ("bukan PBG yg sy tanya", "nib ✅ udh").
      if (p.intent === "ask" && p.permit) permit = p.permit;
      const last = items[items.length - 1];
      if (p.intent === "ask" && last?.intent === "ask" && last.permit === p.permit && !last.alsoPermit && !p.alsoPermit) {
        items[items.length - 1] = withAspects(last, aspectsOf(p));
        continue;
      }
      const withListed = listedAspect && p.intent === "ask" && p.permit === listedAspect.permit ? withAspects({ ...p, aspect: listedAspect.aspect }, aspectsOf(p)) : p;
      listedAspect = undefined;
      if (items.some((it) => covers(it, withListed))) continue;
      if (!items.length) firstAsked = start;
      items.push(withListed);
      if (p.intent === "referral") referralParts.push(part);
    }
    return { items, complaintAfter, referralParts, statusParts, firstAsked };
  }

  function understandWhole(text: string, ctx: UnderstandContext): Understanding {
    if (regNo.test(zerosForOs(text))) {
      const checked = result("check_status", null, null, 0.97, []);
      // A complaint said with the number ("RBG-… sudah 3 minggu belum jadi, lambat sekali!"): heard too.
      const rest = understandOne(zerosForOs(text).replace(new RegExp(regNo.source, "gi"), " "), ctx);
      if (rest.intent === "complaint" || rest.complaint) return { ...checked, complaint: true };
      // A person asked for with the number ("saya mau bicara petugas soal RBG-…"): the request too,
      // after the check (the engine does what is asked of a person; the case carries the number).
      if (rest.intent === "talk_to_staff" && rest.confidence >= 0.8) return { ...checked, then: [result("talk_to_staff", null, null, rest.confidence, [])] };
      return checked;
    }
    if (onlyCalls(text)) return result("greeting", null, null, 0.8, []);
    const { aspectScore: _, howScore, renewal, background: __, representScore, ...u } = understandOne(text, ctx);
    // "perpanjang sip gmn ya": which SIP is asked first; the one picked then gets how to renew it.
    if (u.intent === "ask" && !u.permit && u.candidates.length && u.aspect === "general" && renewal && howScore >= 0.5) return { ...u, aspect: "validity", more: ["procedure"] };
    if (u.intent !== "ask" || !u.permit) return u;
    const first = askedFirst(text, u.permit);
    if (first) return first;
    const more = withRepresentation(withMoreAspects(text, u), representScore);
    // "How" beside a word of renewing asks how to renew ("perpanjangnya gimana", "cara perpanjang
    // sip"): both answered, the stronger first: the validity says what renewal needs, the steps how
    // to file. Not "masa berlaku pbg bagaimana?" nor "prosedur … yang berlaku sekarang".
    if (more === u && renewal && u.aspect === "validity" && howScore >= 0.5) return { ...u, more: ["procedure"] };
    if (more === u && renewal && u.aspect === "procedure") return { ...u, more: ["validity"] };
    return more;
  }

  /**
   * A permit asked of, with someone else doing it said beside ("sy karyawan disuruh bos ngurus izin
   * reklame, bawa apa aja?", "… perlu surat kuasa dr direktur gk?"): how a representative applies
   * as a further answer (office.yaml `representation`); it was dropped for the permit's aspect.
   */
  function withRepresentation(u: Understanding, score: number): Understanding {
    if (score < 1 || u.intent !== "ask" || !u.permit || u.aspect === "representation" || u.more?.includes("representation")) return u;
    return { ...u, then: [...(u.then ?? []), result("office_info", null, "representation", 0.8, [])] };
  }

  function understandOne(text: string, ctx: UnderstandContext): Understanding & { aspectScore: number; howScore: number; renewal: boolean; background: boolean; representScore: number } {
    const tokens = normaliser.tokens(text);
    const matches = index.matchAll(tokens);
    const { permitScores, referral, covered, requested, told, allBackground, ruledOut, named, byDescription } = weighEntities(text, tokens, matches, !!ctx.permit);
    const cues = sumCues(matches, covered, tokens);
    // Someone else doing it, told in any clause ("sy karyawan disuruh bos …, bawa apa aja?"): withRepresentation.
    const representScore = cues.get("aspect:representation") ?? 0;
    fromAskingClauses(text, cues);
    howToCorrect(cues);
    // Only a request that asks nothing, about one permit: "mau bikin imb tapi tanah masih atas nama
    // orang tua, bisa nggak ya" asks whether it can be done, "mau bikin nib dulu atau pirt dulu"
    // which comes first. A request for help is a request all the same ("mau bikin nib, bs dibantu?").
    const asksHelp = tokens.some((t) => t.stem === "bantu");
    // Hints too faint to name a permit ("karyawan apotek kami", the writer's workplace) and a permit
    // only hinted after a place word ("mau buat sipa utk apotek baru": where the pharmacist works)
    // are no second permit: one permit named outright is the request.
    const namedCount = [...permitScores.values()].filter((s) => s >= STRENGTH.keyword).length;
    if (requested && namedCount === 1 && (asksHelp || (!text.includes("?") && !tokens.some((t) => questionWords.has(t.surface))))) cues.set("intent:apply", Math.max(cues.get("intent:apply") ?? 0, REQUEST_WEIGHT));
    // A renewal wished for, nothing asked beside it ("mau perpanjang izin reklame baliho sy", "i want to
    // renew my SIPA"), of the one permit named: an application when the permit's file says it is renewed,
    // or says nothing (knowledge/permits `renewal:`; staff then tell how); a question about its validity
    // when it does not expire ("mau perpanjang nib": `renewable: false`, its renewal text answers).
    if (namedCount === 1 && !text.includes("?") && !tokens.some((t) => questionWords.has(t.surface)) && matches.some((m) => m.pattern.target.kind === "cue" && m.pattern.target.group === "intent" && m.pattern.target.name === "apply" && tokens.slice(m.start, m.end).some(renews))) {
      const id = [...permitScores].find(([, s]) => s >= STRENGTH.keyword)![0];
      if (renewableOf.get(id) !== false) cues.set("intent:apply", Math.max(cues.get("intent:apply") ?? 0, RENEWAL_WISH_WEIGHT));
    }
    // Tokens inside a thanks or greeting cue, read by both rules below.
    const ackCues = matches.filter((m) => m.pattern.target.kind === "cue" && m.pattern.target.group === "intent" && (m.pattern.target.name === "thanks" || m.pattern.target.name === "greeting"));
    const ack = new Array<boolean>(tokens.length).fill(false);
    for (const m of ackCues) for (let k = m.start; k < m.end; k++) ack[k] = true;
    // "…cukup itu aja kan?": a question, not a goodbye, unless plainly thanked ("makasih ya?").
    const plainlyThanks = (ms: Match[]) => ms.some((m) => m.pattern.target.kind === "cue" && m.pattern.target.name === "thanks" && m.pattern.target.weight >= 1.2);
    // A letter's closing thanks ("Apakah kantor buka hari Sabtu? Terima kasih atas informasinya.")
    // leaves the question asked: only the clause ending in "?" is read for a plain thanks.
    const plainThanks = plainlyThanks(ackCues) && !clausesOf(text).some((c) => c.includes("?") && !plainlyThanks(index.matchAll(normaliser.tokens(c))));
    const ackOnly = ack.every(Boolean);
    const questionWord = tokens.some((t) => questionWords.has(t.surface));
    // A list cue over a permit's own words: "izin usaha apa saja" asks for a kind of permit, not about NIB.
    const listNamesPermit = matches.some((l) => l.pattern.target.kind === "cue" && l.pattern.target.name === "list_permits" && matches.some((p) => p.pattern.target.kind === "permit" && l.start < p.end && p.start < l.end));
    const decided = decide(permitScores, referral && allBackground ? { ...referral, overPermits: true } : referral, cues, ctx, ackIsPermitWord(tokens, matches, ack, permitScores), text.includes("?") && !plainThanks && !ackOnly, (a, b) => joined(tokens, matches, a, b, true) !== undefined, questionWord, () => clauseAsksAboutAspect(text), { listNamesPermit, allBackground, ruledOut, words: tokens.length, named, byDescription, compared: tokens.some((t) => compareWords.has(t.surface)), spokenOf: (id, by) => spokenOf(tokens, matches, id, by), turns: tokens.some((t) => contrastSet.has(t.surface)), whosePaper: matches.some((m) => m.pattern.target.kind === "referral" && WHOSE.has(tokens[m.end]?.surface ?? "")), askedBesideAck: tokens.some((t, k) => !ack[k] && questionWords.has(t.surface)), namedFirst: (a, b) => (told.has(a) || told.has(b) ? undefined : joined(tokens, matches, a, b)), told });
    // "buka apotek perlu sipa gk?": what opening a pharmacy needs (neededBy), read as a question about either permit.
    // Asked while applying ("mau urus izin apotek, harus ada nib dulu?"): the question, not the wish, is what is said.
    const applyAsks = decided.intent === "apply" && !!decided.permit && (text.includes("?") || questionWord);
    const needer = (decided.intent === "ask" && (!decided.aspect || decided.aspect === "general" || decided.aspect === "requirements")) || applyAsks ? neededBy(tokens, matches) : undefined;
    const u: Understanding =
      needer && (decided.permit === needer.by || ((!applyAsks || needer.besides) && decided.permit === needer.needed))
        ? (({ alsoPermit: _, more: __, ...one }) => ({ ...one, intent: "ask" as const, ...(needer.besides ? { permit: needer.needed, aspect: "general" as const, confidence: Math.max(one.confidence, 0.75) } : { permit: needer.by, aspect: "requirements" as const, confidence: Math.max(one.confidence, 0.75) }) }))(decided)
        : decided;
    // Another agency's service named outright beside the permit, what is needed asked in general
    // ("… pentas seni desa, sm pasang 5 spanduk … izinnya apa aja?"): answered after it, when
    // referrals.yaml marks it `answered_beside` (an event's izin keramaian; not the papers a permit
    // asks for, as the KTP or the NPWP), and the permit is not one it stands in for (`instead_of`).
    const besideOf = referral && kb.referrals.find((r) => r.id === referral.id);
    // The permit hinted ahead of any other, by a keyword at least ("kafe sy mau grand opening, ada band
    // + pasang 4 spanduk": the billboard permit, not the cafe's TDUP), and the service answered surely.
    // Or any service asked to be made outright beside the permit ("mau bikin ktp baru sm nib gmn caranya":
    // a word of seeking right before its name, none making it a paper to bring).
    const soughtOutright = !!referral && matches.some((m) => m.pattern.target.kind === "referral" && m.start > 0 && MADE_BEFORE.has(tokens[m.start - 1]!.stem) && !tokens.some((t) => asDocumentWords.has(t.stem) || asDocumentWords.has(t.surface)));
    const besideRef = u.intent === "ask" && u.permit && besideOf && ((besideOf.answeredBeside && (u.aspect ?? "general") === "general") || soughtOutright) && !allBackground && referral!.score >= BESIDE_REFERRAL && !besideOf.insteadOf?.includes(u.permit) && leadsClearly(u) ? besideOf.id : undefined;
    return { ...u, ...(besideRef ? { besideReferral: besideRef } : {}), ...(byDescription ? { describedBusiness: true } : {}), aspectScore: u.aspect ? (cues.get(`aspect:${u.aspect}`) ?? 0) : 0, howScore: cues.get("aspect:procedure") ?? 0, representScore, renewal: tokens.some(renews), background: allBackground || ruledOut || byDescription };
  }

  /**
   * The aspect asked is the one of the clauses that ask, when they name one plainly (weight 1 or
   * more): "… bangunan sudah selesai dan PBG terbit 2023. Untuk SLF, apakah bisa melalui SIMBG?"
   * tells a story with "selesai" and "terbit" in it and asks where. Changes `cues` in place.
   */
  function fromAskingClauses(text: string, cues: Sums): void {
    const clauses = clausesOf(text);
    if (clauses.length < 2) return;
    const asked: Sums = new Map();
    let told = false;
    for (const clause of clauses) {
      const ts = normaliser.tokens(clause);
      if (!clause.includes("?") && !ts.some((t) => questionWords.has(t.surface))) {
        told ||= ts.length > 0;
        continue;
      }
      const ms = index.matchAll(ts);
      for (const [key, w] of sumCues(ms, weighEntities(clause, ts, ms).covered, ts)) if (key.startsWith("aspect:")) asked.set(key, (asked.get(key) ?? 0) + w);
    }
    if (!told || !PERMIT_ASPECTS.some((a) => a !== "general" && (asked.get(`aspect:${a}`) ?? 0) >= 1)) return;
    // An application told as returned, then "how" asked ("berkas dikembalikan petugas, perbaikannya
    // gmn"): the story is what the question is about (howToCorrect).
    const returned = cues.get("aspect:correction") ?? 0;
    for (const key of [...cues.keys()]) if (key.startsWith("aspect:")) cues.delete(key);
    for (const [key, w] of asked) cues.set(key, w);
    if (returned > (asked.get("aspect:correction") ?? 0) && asked.has("aspect:procedure")) cues.set("aspect:correction", returned);
  }

  /**
   * "How" beside an application staff returned asks how to correct it ("berkas dikembalikan, revisinya
   * gmn", "berkas sy dikembalikan disuruh perbaiki, caranya gmn?"), not a permit's steps: the
   * procedure's weight goes to the correction. A return told alone ("berkas kami dikembalikan tiga
   * kali tanpa penjelasan") stays weak beside a complaint. Changes `cues` in place.
   */
  function howToCorrect(cues: Sums): void {
    const returned = cues.get("aspect:correction") ?? 0;
    const how = cues.get("aspect:procedure") ?? 0;
    if (returned < 0.8 || how === 0) return;
    cues.set("aspect:correction", returned + how);
    cues.delete("aspect:procedure");
  }

  /**
   * Whether one clause of the message asks about an aspect: a question word (or a "?" after it)
   * and an aspect cue in the same clause. "mau daftar PIRT, berkas udh lengkap. bisa dibantu?"
   * tells its documents and asks for help: an application; "kalau mau daftar pbg syaratnya apa?"
   * asks for the requirements.
   */
  function clauseAsksAboutAspect(text: string): boolean {
    return clausesOf(text).some((clause) => {
      const ts = normaliser.tokens(clause);
      if (!clause.includes("?") && !ts.some((t) => questionWords.has(t.surface))) return false;
      const ms = index.matchAll(ts);
      const sums = sumCues(ms, weighEntities(clause, ts, ms).covered, ts);
      // "… tp tdup itu sebenernya apa sih?" asks what the permit is: a plain "what is it" counts too.
      return PERMIT_ASPECTS.some((a) => (sums.get(`aspect:${a}`) ?? 0) >= (a === "general" ? 1 : 0.5));
    });
  }

  /**
   * Several questions, the first about something else than the permit the whole message weighs
   * most: the first is answered first, as a clerk would, and the rest asked again after it. The
   * office asked about before any permit ("kantor buka jam brp? trus syarat sipa apa aja?", "nomor
   * wa kantor brp ya? mau tanya2 soal sip dokter gigi"), or a plain question about one permit
   * before another is asked of ("yayasan kami mau buka tk, syarat izinnya apa aja? lalu gedungnya
   * perlu slf jg gk?"). Read on the message up to the end of its first question.
   */
  function askedFirst(text: string, permit: string): Understanding | undefined {
    const clauses = clausesOf(text);
    const first = clauses.findIndex((c) => c.includes("?") || normaliser.tokens(c).some((t) => questionWords.has(t.surface)));
    if (first < 0 || first === clauses.length - 1) return undefined;
    const { aspectScore, howScore: _, renewal: __, background: ___, representScore: ____, ...o } = understandOne(clauses.slice(0, first + 1).join(""), {});
    if (o.intent === "office_info" && o.confidence >= 0.5 && !o.candidates.some((c) => c.score >= STRENGTH.keyword)) return o;
    if (o.intent === "ask" && o.permit && o.permit !== permit && o.aspect !== "general" && aspectScore >= 1 && o.confidence >= 0.5) return o;
    return undefined;
  }

  /**
   * Two questions about one permit in one message, joined by a comma, "?", "dan", "trus"…
   * ("syarat pbg apa aja trus biayanya brp"): each part read on its own about that permit; two
   * or more different aspects are all answered, in the order asked. One clause is one question
   * ("berlaku berapa lama" stays a validity question), and a part counts only when it asks plainly
   * (a cue of weight 1 or more): "imb lama sy hilang, bisa diurus dmn" is one question, where.
   */
  function withMoreAspects(said: string, u: Understanding): Understanding {
    // A numbered list ("1. syarat apa 2. pajaknya brp 3. lama gk"): each item is a part that asks,
    // read by a fainter cue, on one line or many.
    const numbered = (said.match(LIST_MARK) ?? []).length >= 2;
    const text = numbered ? said.replace(LIST_MARK, "\n") : said;
    const parts = text.split(clauseBreak).map((x) => x.trim()).filter(Boolean);
    if (parts.length < 2) return u;
    // The parts that ask: a question word or a "?" after it ("perpanjangan SIPD sy bulan depan
    // habis, syaratnya apa?" asks one thing, the requirements). None asks: a list ("syarat dan biaya pbg").
    const asksWord = (part: string) => normaliser.tokens(part, { correct: false }).some((t) => questionWords.has(t.surface));
    let asking = parts.filter((part) => {
      const end = text.indexOf(part) + part.length;
      return /^\s*\?/.test(text.slice(end)) || asksWord(part);
    });
    // Parts of a word or two before the one part that asks ("biaya sm lamanya?", "syarat, biaya
    // dan lamanya?", "biaya sama lama prosesnya brp"): a list, the question asked of every part, each
    // read by a fainter cue ("lamanya").
    // Not a permit said first ("sipa habis, perpanjangnya gimana"): what the question is about.
    // Nor something told of oneself ("udh bayar, lamanya brp?": paid already, the time asked).
    const listAsked = asking.length === 1 && asking[0] === parts.at(-1) && parts.slice(0, -1).every((part) => part.split(/\s+/).length <= 2 && !asksWord(part) && !TOLD.test(part) && !understandOne(part, {}).candidates.length);
    // A numbered list asks its items; what is told before the first ("SIP saya habis Januari. 1. syarat …") is not asked.
    if (numbered) {
      const firstItem = said.search(LIST_MARK);
      asking = parts.filter((part) => text.indexOf(part) >= firstItem || asking.includes(part));
    } else if (listAsked) asking = parts;
    // Two permits side by side ("syarat pbg sm slf apa aja, trs biayanya brp"): the joiner splits
    // their question in two, neither part asking alone; the whole message's aspect is asked of both.
    const aspects: Aspect[] = u.alsoPermit && u.aspect && u.aspect !== "general" ? [u.aspect] : [];
    // A part naming another permit only faintly ("daftarnya dimana soalnya katanya lewat oss": OSS
    // hints the NIB, unsure) still asks about this one; one plainly about another is not this one's.
    // Only parts of a word or two, each asked ("kalo biayanya? trus lamanya?"): as plain as a list.
    const faint = listAsked || numbered || (asking.length === parts.length && parts.every((part) => part.split(/\s+/).length <= 2));
    const asks = (p: ReturnType<typeof understandOne>) => p.intent === "ask" && !!p.aspect && p.aspect !== "general" && p.aspectScore >= (faint ? 0.5 : 1) && (!p.permit || p.permit === u.permit || p.permit === u.alsoPermit || p.confidence < 0.5);
    for (const part of asking.length ? asking : parts) {
      let p = understandOne(part, { permit: u.permit! });
      // A long clause without commas that turns to something else after its question (a voice
      // note typed out: "ngurusnya dimana soalnya … harus lewat oss tapi saya gak paham oss itu
      // apa gitu"): its question is read up to the turn.
      const head = asks(p) || !contrastBreak ? part : part.split(contrastBreak)[0]!;
      if (head !== part) p = understandOne(head, { permit: u.permit! });
      if (!asks(p) || !p.aspect) continue;
      if (!aspects.includes(p.aspect)) aspects.push(p.aspect);
    }
    if (aspects.length < 2) return u;
    return { ...u, aspect: aspects[0]!, more: aspects.slice(1, 3) };
  }

  /**
   * "sip" is both "OK" and a practice permit (SIP): the thanks or greeting in a message comes only
   * from a word of the permits it hints at, and something else is said beside it ("perpanjang
   * sip", "sip saya hilang"), so it is a question about those permits, not an acknowledgement.
   * "sip", "oke sip", "sip min", "sip makasih" stay acknowledgements.
   */
  function ackIsPermitWord(tokens: Token[], matches: Match[], ack: boolean[], permitScores: Map<string, number>): boolean {
    if (!permitScores.size) return false;
    const hinted = new Set([...permitScores.keys()].flatMap((id) => [...(support.get(id) ?? [])]));
    if (!ack.some(Boolean)) return false;
    if (tokens.some((t, k) => ack[k] && !hinted.has(t.stem))) return false;
    // Said about the permit: a question about it ("perpanjang sip", "butuh … sip") or a sentence of
    // its own ("sip saya hilang bisa minta cetak ulang"); "sip paham", "sip ditunggu ya" are an OK.
    const asked = new Array<boolean>(tokens.length).fill(false);
    for (const m of matches) {
      if (m.pattern.target.kind === "cue" && m.pattern.target.group === "aspect") for (let k = m.start; k < m.end; k++) asked[k] = true;
    }
    const said = tokens.filter((t, k) => !ack[k] && t.stem.length > 3);
    return tokens.some((_, k) => !ack[k] && asked[k]) || said.length >= 3;
  }

  /**
   * A permit's keyword right after a negation is not what the writer does ("rumah sy yg lama mau
   * sy jadiin kos, gk bangun baru": no new building, no PBG hinted). Not a negation asked as a
   * question tag before it ("perlu izin gk bangun pagar?"). A name or alias still names its permit.
   */
  const negatedHint = (tokens: Token[], m: Match): boolean =>
    m.pattern.target.kind === "permit" && strengthOf(m) <= STRENGTH.keyword && m.start > 0 && NEGATING.has(tokens[m.start - 1]!.stem) && !(m.start > 1 && NEED_BEFORE_NEGATION.has(tokens[m.start - 2]!.stem));

  function weighEntities(text: string, tokens: Token[], matches: Match[], hasCtx = false) {
    // Another agency's service or a permit's everyday word inside a longer out-of-scope phrase is
    // that phrase's, as an aspect word is (sumCues): "survei kepuasan" is the office's SKM, not a
    // research survey; "data KTP saya aman?" asks about data kept here, not for a KTP. A permit's
    // own name or alias still names it.
    // So is a permit's name inside a thanks or greeting said as one phrase: Javanese "ho oh" (yes) is
    // no HO (izin gangguan), whatever its strength.
    const outOfScope = matches.filter((m) => m.pattern.target.kind === "cue" && m.pattern.target.group === "intent" && m.pattern.target.name === "out_of_scope");
    const acks = matches.filter((m) => m.pattern.target.kind === "cue" && m.pattern.target.group === "intent" && (m.pattern.target.name === "thanks" || m.pattern.target.name === "greeting") && !m.pattern.parts.includes(null));
    const inOutOfScope = enclosedBy(outOfScope);
    const inAck = enclosedBy(acks);
    const swallowed = (m: Match) => ((m.pattern.target.kind === "referral" || strengthOf(m) <= STRENGTH.keyword) && inOutOfScope(m)) || inAck(m) || negatedHint(tokens, m);
    const entities = matches
      .filter((m) => m.pattern.target.kind !== "cue" && !swallowed(m))
      .sort((a, b) => b.end - b.start - (a.end - a.start) || strengthOf(b) - strengthOf(a));
    const chosen: Match[] = [];
    // The tokens and the spans chosen so far: an overlap is a look at the match's own tokens, not
    // at every match chosen before (a long message names thousands).
    const taken = new Array<boolean>(tokens.length).fill(false);
    const spans = new Set<string>();
    for (const m of entities) {
      let overlaps = false;
      for (let k = m.start; k < m.end && !overlaps; k++) overlaps = taken[k]!;
      if (overlaps) {
        // The same words naming another target as well: keep both (the permit is ambiguous).
        if (spans.has(`${m.start}-${m.end}`)) chosen.push(m);
        continue;
      }
      chosen.push(m);
      for (let k = m.start; k < m.end; k++) taken[k] = true;
      spans.add(`${m.start}-${m.end}`);
    }
    const covered = new Array<boolean>(tokens.length).fill(false);
    const permitScores = new Map<string, number>();
    // Mentions of a permit told as background: a background phrase at most two words before it
    // ("bukan sppl", "sy bukan mau bikin nib", "udh pny pbg") or one of background_after at most one after it
    // (two after "nya": "PBG nya dulu udh keluar") ("nib sudah
    // punya", "Nib sy udh ada"), in the same clause ("saya sudah punya pbg, syarat slf apa" is about
    // SLF; "apotek saya kan sudah ada izin" keeps the pharmacy).
    const background: { id: string; score: number }[] = [];
    let clauses: number[] | undefined;
    const clauseOf = (k: number): number => {
      if (!clauses) {
        const parts = clausesOf(text).map((part) => normaliser.tokens(part).length);
        clauses = parts.reduce((a, n) => a + n, 0) === tokens.length ? parts.flatMap((n, c) => new Array<number>(n).fill(c)) : new Array<number>(tokens.length).fill(0);
      }
      return clauses[k] ?? -1;
    };
    const phraseAt = (p: string[], at: number) => p.every((w, i) => tokens[at + i]?.stem === w);
    const toldAsBackground = (m: Match) =>
      backgroundPhrases.some((p) => {
        for (let at = m.start - p.length; at >= Math.max(0, m.start - p.length - 2); at--) {
          // "bukan sppl tapi ukl-upl": the phrase is about the permit right after it, not the next one.
          if (phraseAt(p, at) && clauseOf(at) === clauseOf(m.start) && !otherPermitBetween(m, at + p.length)) return true;
        }
        return false;
      }) || backgroundAfterPhrases.some((p) => (tokens[m.end]?.surface === "nya" ? [m.end, m.end + 1, m.end + 2] : [m.end, m.end + 1]).some((at) => phraseAt(p, at) && clauseOf(at + p.length - 1) === clauseOf(m.start) && !(at > m.end && CONDITION_WORDS.has(tokens[m.end]!.surface))));
    const otherPermitBetween = (m: Match, from: number) =>
      chosen.some((c) => c.pattern.target.kind === "permit" && c.start >= from && c.end <= m.start && !sameTarget(c, m));
    const referralScores = new Map<string, number>();
    /** Permits named right after who the writer is ("sy apoteker"), and permits named plainly (not as a place, not as background). */
    const identity: { id: string; score: number }[] = [];
    const plain = new Set<string>();
    /** A request word right before a permit's name or alias ("mau bikin imb"). */
    let requested = false;
    /** Every permit named is told as background ("ktp sy hilang, buat syarat sip bidan"). */
    let allBackground = true;
    /** Every permit named is ruled out ("bukan izin usaha, saya mau perpanjang SIM"). */
    let ruledOut = true;
    /** Permits named by a name or alias, not only hinted by a keyword ("warung"). */
    const named = new Set<string>();
    /** Permits named by a name or alias that is not a generic name ("izin usaha"). */
    const namedOutright = new Set<string>();
    /** Score from a generic name ("izin usaha") per permit. */
    const generic = new Map<string, number>();
    for (const m of chosen) {
      for (let k = m.start; k < m.end; k++) covered[k] = true;
      const t = m.pattern.target as { kind: "permit" | "referral"; id: string; strength: number };
      let score = t.strength + 0.25 * (m.end - m.start - 1);
      if (m.corrected) score *= TYPO_DAMPING;
      if (m.start > 0 && placeWords.has(tokens[m.start - 1]!.stem)) score *= PLACE_DAMPING;
      else if (m.start > 0 && t.strength <= STRENGTH.keyword && roleWords.has(tokens[m.start - 1]!.stem)) score *= ROLE_DAMPING;
      const into = t.kind === "permit" ? permitScores : referralScores;
      into.set(t.id, Math.max(into.get(t.id) ?? 0, 0) + score);
      if (t.kind === "permit" && t.strength >= STRENGTH.alias) named.add(t.id);
      const isGeneric = t.kind === "permit" && genericNames.size > 0 && genericNames.has(m.pattern.parts.join(" "));
      if (isGeneric) generic.set(t.id, (generic.get(t.id) ?? 0) + score);
      else if (t.kind === "permit" && t.strength >= STRENGTH.alias) namedOutright.add(t.id);
      if (t.kind === "permit" && backgroundAfterPhrases.length && toldAsBackground(m)) background.push({ id: t.id, score });
      else if (t.kind === "permit") allBackground = false;
      if (t.kind === "permit" && identityPhrases.some((p) => phraseAt(p, m.start - p.length))) identity.push({ id: t.id, score });
      else if (t.kind === "permit" && !(m.start > 0 && placeWords.has(tokens[m.start - 1]!.stem)) && !toldAsBackground(m)) plain.add(t.id);
      // "bukan pbg tp slf": a ruling-out word before a contrast ("tapi") rules out what comes before it only.
      const ahead = tokens.slice(Math.max(0, m.start - 3), m.start);
      const turned = ahead.map((k) => contrastSet.has(k.stem) || contrastSet.has(k.surface)).lastIndexOf(true);
      if (t.kind === "permit" && !ahead.slice(turned + 1).some((k) => RULING_OUT.has(k.stem))) ruledOut = false;
      if (t.kind === "permit" && t.strength >= STRENGTH.alias && requestPhrases.some((p) => phraseAt(p, m.start - p.length))) requested = true;
    }
    // A generic name beside a permit for one kind of business, of another field, is that permit's
    // ("buka apotek, izin usahanya lewat oss?"): it no longer counts for the generic permit. Not
    // beside one of its own field ("izin usaha susu perah kemasan bisa pirt?" stays between NIB and SPP-IRT).
    for (const [id, score] of generic) {
      if ([...permitScores.keys()].every((other) => other === id || categoryOf.get(other) === categoryOf.get(id))) continue;
      const left = permitScores.get(id)! - score;
      if (left > 0) permitScores.set(id, left);
      else permitScores.delete(id);
      named.delete(id);
    }
    // "sy apoteker mau buka apotek": who the writer is is background beside another permit named
    // plainly; not beside one named as the place ("sy fisioterapis, mau praktik di klinik").
    // Not a permit also named plainly ("jual sambel kemasan …, pirt buat sambel itu brp?").
    for (const i of identity) if (!plain.has(i.id) && [...plain].some((id) => id !== i.id)) background.push(i);
    // The business permit named only by a generic name ("usaha depot air minum isi ulang, izin usahanya
    // apa aja?"), with or without a kind of business it lists, is no permit named: the business is
    // still only described. A kind it lists alone is that permit's ("buka usaha katering nasi kotak …
    // izin apa saja yang diperlukan?": the NIB's requirements).
    const onlyHinted = !!business && [...permitScores.keys()].every((id) => id === business.permit && !namedOutright.has(id) && generic.has(id));
    const described = !!business && onlyHinted && !referralScores.size && !hasCtx && describesBusiness(tokens, covered);
    // Background counts less only beside another permit: alone, it is still the one asked about.
    if (permitScores.size > 1) for (const b of background) permitScores.set(b.id, permitScores.get(b.id)! - (1 - BACKGROUND_DAMPING) * b.score);
    // Support: leftover words that belong to a matched permit's own name ("sip" next to "fisioterapis").
    const leftovers = tokens.filter((_, k) => !covered[k]).map((t) => t.stem);
    // "sy mau ngajuin sip kedua di klinik": permits named only as the place ("di klinik"), beside a word
    // of a family of other permits ("sip": the practice permits, of one category), are where, not what is asked.
    const atPlace = chosen.every((m) => m.pattern.target.kind === "permit" && m.start > 0 && AT_WORDS.has(tokens[m.start - 1]!.surface));
    if (permitScores.size && atPlace && !plain.size && !identity.length && !background.length && !referralScores.size) {
      const hintsOthers = leftovers.some((w) => {
        const owners = aliasWordOwners.get(w);
        // A family's word: its permits all of one category ("sip"), not a verb of several ("mendirikan").
        const [first] = owners ?? [];
        return !!owners && owners.size >= 2 && [...owners].every((id) => categoryOf.get(id) === categoryOf.get(first!)) && ![...permitScores.keys()].some((id) => owners.has(id) || support.get(id)?.has(w));
      });
      if (hintsOthers) permitScores.clear();
    }
    if (permitScores.size) {
      for (const [id, score] of permitScores) {
        const s = support.get(id)!;
        const bonus = Math.min(1, 0.5 * leftovers.filter((w) => s.has(w)).length);
        permitScores.set(id, score + bonus);
      }
    } else if (!referralScores.size) {
      // Weak evidence only ("izin praktik"): spread over the permits sharing the word. A word inside
      // a longer cue is that cue's ("seumur hidup" is a validity, not "Lingkungan Hidup").
      const inLongCue = new Array<boolean>(tokens.length).fill(false);
      /** A word that alone says what is wanted (an intent's cue of weight 1 or more: "daftar"). */
      const wish = new Array<boolean>(tokens.length).fill(false);
      for (const m of matches) {
        const t = m.pattern.target;
        if (t.kind !== "cue" || m.pattern.parts.includes(null)) continue;
        if (m.end - m.start < 2) {
          if (t.group === "intent" && t.weight >= 1) wish[m.start] = true;
          continue;
        }
        for (let k = m.start; k < m.end; k++) inLongCue[k] = true;
      }
      const weakWords = (wished: boolean) => new Set(tokens.filter((_, k) => !covered[k] && !inLongCue[k] && wish[k] === wished).map((t) => t.stem));
      // A wish word hints only at a permit another word hints at: "/daftar" alone asks which permit, not
      // NIB or TDUP ("Tanda *Daftar* Usaha Pariwisata"); "daftar usaha" keeps them first.
      const plainWeak = weakWords(false);
      for (const wished of [false, true]) {
        const hinted = new Set(permitScores.keys());
        for (const w of wished ? [...weakWords(true)].filter((x) => !plainWeak.has(x)) : plainWeak) {
          const n = df.get(w);
          if (!n || n > SUPPORT_MAX_DF) continue;
          for (const [id, s] of support) if (s.has(w) && (!wished || hinted.has(id))) permitScores.set(id, (permitScores.get(id) ?? 0) + 0.8 / n);
        }
      }
    }
    // A business described, no permit named (not even faintly) and none talked about ("usaha
    // laundry", "jasa cuci sepatu, izinnya ngurus dimana?"): the permit every business starts with.
    const byDescription = described && ![...permitScores].some(([id, s]) => id !== business!.permit && s >= minPermit);
    if (byDescription) permitScores.set(business!.permit, Math.max(permitScores.get(business!.permit) ?? 0, STRENGTH.keyword));
    let referral: { id: string; score: number } | undefined;
    for (const [id, score] of referralScores) if (!referral || score > referral.score) referral = { id, score };
    return { permitScores, referral, covered, requested, told: new Set(background.map((b) => b.id)), allBackground: allBackground && background.length > 0, ruledOut: ruledOut && background.length > 0, named, byDescription };
  }

  /** A business word followed by the kind of business ("usaha laundry", "pabrik tahu", "jasanya cuci sepatu"). */
  function describesBusiness(tokens: Token[], covered: boolean[]): boolean {
    const bare = (t: Token | undefined) => t?.surface.replace(/nya$/, "");
    return businessPhrases.some((p) =>
      tokens.some((_, at) => {
        if (covered[at] || (at > 0 && notAfter.has(tokens[at - 1]!.surface)) || !p.every((w, i) => (i === p.length - 1 ? bare(tokens[at + i]) : tokens[at + i]?.surface) === w)) return false;
        const next = tokens[at + p.length];
        return next !== undefined && !notKinds.has(next.surface) && /\p{L}{3}/u.test(next.surface);
      }),
    );
  }

  /** Cue weights per `group:name`, ignoring cues inside a permit/referral name and cues inside a longer cue of the same kind. */
  function sumCues(matches: Match[], covered: boolean[], tokens: Token[]): Sums {
    const cues = matches.filter((m) => {
      if (m.pattern.target.kind !== "cue") return false;
      for (let k = m.start; k < m.end; k++) if (!covered[k]) return true;
      return false;
    });
    // Several cue entries can stem to the same words (ajukan, ngajuin -> aju): count the strongest once.
    const best = new Map<string, number>();
    const keyOf = (m: Match) => {
      const t = m.pattern.target as { group: string; name: string };
      return `${t.group}:${t.name}`;
    };
    const byKey = new Map<string, Match[]>();
    for (const m of cues) {
      const key = keyOf(m);
      const list = byKey.get(key);
      if (list) list.push(m);
      else byKey.set(key, [m]);
    }
    const inLonger = new Map([...byKey].map(([key, list]) => [key, enclosedBy(list)]));
    const inOutOfScope = enclosedBy(cues.filter((o) => o.pattern.target.kind === "cue" && o.pattern.target.name === "out_of_scope"));
    for (const m of cues) {
      const t = m.pattern.target as { group: string; name: string; weight: number };
      const key = keyOf(m);
      if (inLonger.get(key)!(m)) continue;
      // An aspect word inside a longer out-of-scope phrase is that phrase's ("harga semen", "harga
      // kacamata": what things cost, not a permit's fee).
      if (t.group === "aspect" && inOutOfScope(m)) continue;
      const spanKey = `${key}@${m.start}-${m.end}`;
      best.set(spanKey, Math.max(best.get(spanKey) ?? 0, t.weight * (m.corrected ? TYPO_DAMPING : 1)));
    }
    const sums: Sums = new Map();
    for (const [spanKey, w] of best) {
      const key = spanKey.slice(0, spanKey.lastIndexOf("@"));
      sums.set(key, (sums.get(key) ?? 0) + w);
    }
    // "gambar denah itu wajib nggak buat pbg": a word of needing said of something else, before the
    // permit it is for, asks for a requirement of that permit, not whether the permit is needed
    // ("slf wajib nggak buat gudang", "wajib punya nib?", "perlu izin apa buat warung").
    const generalNeed = cues.find((m) => {
      const t = m.pattern.target as { group: string; name: string };
      return t.group === "aspect" && t.name === "general" && m.pattern.parts.length === 1 && needWords.has(m.pattern.parts[0]!);
    });
    if (generalNeed && generalNeed.start > 0) {
      const permits = matches.filter((m) => m.pattern.target.kind === "permit");
      // The first permit after the word, with "buat"/"untuk" before it: "wajib membuat sppl untuk
      // warung" needs the SPPL itself.
      const next = permits.filter((m) => m.start >= generalNeed.end).sort((a, b) => a.start - b.start)[0];
      const forIt = next !== undefined && tokens.slice(generalNeed.end, next.start).some((t) => purposeWords.has(t.surface));
      // A permit named by its name before the word ("slf wajib …") is what is needed; a keyword may be
      // the thing required ("penyuluhan keamanan pangan wajib … pirt").
      if (forIt && !permits.some((m) => m.start < generalNeed.start && (m.pattern.target as { strength: number }).strength >= STRENGTH.alias)) {
        const w = sums.get("aspect:general") ?? 0;
        const moved = Math.min(w, (generalNeed.pattern.target as { weight: number }).weight);
        sums.set("aspect:general", w - moved);
        sums.set("aspect:requirements", (sums.get("aspect:requirements") ?? 0) + moved);
      }
    }
    // "bikin nib perlu npwp ga", "sip bidan wajib ada str ya": a permit named, a word of needing after
    // it and something a permit may require within a few words: whether that is required.
    const thing = requiredThingAsked(tokens, matches);
    if (thing) sums.set("aspect:requirements", (sums.get("aspect:requirements") ?? 0) + REQUIRED_THING_WEIGHT);
    if (amountAsked(tokens, matches, cues)) sums.set("aspect:fee", (sums.get("aspect:fee") ?? 0) + AMOUNT_ASKED_WEIGHT);
    return sums;
  }

  /**
   * Whether "how much" (understanding.yaml `amount_asked`) ends the message, only its trailing words
   * after it, no cue taking it in ("berapa lama", "jam berapa") and a permit named before it.
   */
  function amountAsked(tokens: Token[], matches: Match[], cues: Match[]): boolean {
    if (!amountWords.size) return false;
    let k = tokens.length - 1;
    while (k >= 0 && amountTrailing.has(tokens[k]!.surface)) k--;
    if (k < 0 || !amountWords.has(tokens[k]!.surface)) return false;
    // Nothing else asked of the permit ("pirt e suwene piro": how long) and no cue taking it in.
    if (cues.some((m) => (m.start <= k && k < m.end) || (m.pattern.target.kind === "cue" && m.pattern.target.group === "aspect" && m.pattern.target.weight >= 0.5))) return false;
    const permits = matches.filter((m) => m.pattern.target.kind === "permit");
    // Places counted ("praktek di 2 apotek, sipa nya brp?", "maksimal boleh brp"): how many, not how much
    // ("rumah 2 lantai … brp ya" still asks the fee).
    if (tokens.some((t, j) => amountCounts.has(t.surface) || (/^\d+$/.test(t.surface) && amountCounted.has(tokens[j + 1]?.surface ?? "")))) return false;
    return permits.some((m) => m.pattern.target.kind === "permit" && m.pattern.target.strength >= STRENGTH.keyword && m.end <= k);
  }

  /** Whether a word of needing follows a permit named and one of understanding.yaml `required_for.things` follows it closely. */
  function requiredThingAsked(tokens: Token[], matches: Match[]): boolean {
    // Most messages have no word of needing after their first: nothing else is looked at.
    let need = -1;
    for (let k = 1; k < tokens.length && need < 0; k++) if (needWords.has(tokens[k]!.stem)) need = k;
    if (need < 0 || !requiredThings.length) return false;
    const permits = matches.filter((m) => m.pattern.target.kind === "permit" && m.pattern.target.strength >= STRENGTH.alias);
    if (!permits.length) return false;
    for (let k = need; k < tokens.length; k++) {
      if (!needWords.has(tokens[k]!.stem) || !permits.some((m) => m.end <= k)) continue;
      for (let j = k + 1; j <= Math.min(tokens.length - 1, k + THING_WINDOW); j++) {
        // Another permit named there is no document ("pirt hrs ada nib dulu?": which comes first).
        if (permits.some((m) => m.start <= j && j < m.end)) break;
        if (requiredThings.some((ph) => ph.every((w, i) => tokens[j + i]?.stem === w))) return true;
      }
    }
    return false;
  }

  /**
   * Another permit needed by a permit named outright or by its activity ("buka apotek perlu sipa gk?",
   * "ngurus pirt harus punya nib dulu?", "buka minimarket perlu pbg juga?"): which permits an activity
   * needs is a question about the first permit's requirements. The other permit comes within a few
   * words after a word of needing (understanding.yaml `required_for`), with no word of purpose between
   * ("sipa perlu buat apotek?" asks whether the SIPA is needed); the first is the only other permit
   * before it, right after one of `activities` ("buka apotek", "ngurus pirt"). A permit only named ("izin klinik kami apa perlu ukl upl jg?", "homestay sy udh punya
   * nib, msh perlu tdup?") asks whether the other is needed: about that one, as before.
   */
  /**
   * `besides`: the permit needed is asked of as a second permit beside the first, not one of its
   * documents ("mau ngurus pbg rumah, trs kalo udh jadi perlu slf jg?": SLF itself; "buka minimarket
   * perlu pbg juga?" stays IUTM's requirement, its list naming the PBG).
   */
  function neededBy(tokens: Token[], matches: Match[]): { by: string; needed: string; besides?: boolean } | undefined {
    if (!activityWords.size) return undefined;
    let need = -1;
    for (let k = 1; k < tokens.length && need < 0; k++) if (needWords.has(tokens[k]!.stem)) need = k;
    if (need < 0) return undefined;
    const permits = matches.filter((m) => m.pattern.target.kind === "permit");
    const idOf = (m: Match) => (m.pattern.target as { id: string }).id;
    const doing = (m: Match) => activityWords.has(tokens[m.start]!.stem) || (m.start > 0 && activityWords.has(tokens[m.start - 1]!.stem));
    const byName = (m: Match) => m.pattern.target.kind === "permit" && m.pattern.target.strength >= STRENGTH.alias;
    // A permit named outright by its name or alias (not a place or business that hints it: "perawat di
    // klinik perlu sipp?"), a few words before the word of needing, not told as held or set aside ("nib sy
    // udh ada, masih perlu pirt?", "selain nib perlu pirt jg?") nor offered as a choice ("cukup sppl atau harus ukl-upl?").
    // A permit's own place or business said first ("apotek perlu sppl?", "minimarket perlu pkkpr ga"):
    // understanding.yaml `required_for.places`, as its name; not after a place word, a role or another
    // permit's word ("sppl buat apotek", "kerja di apotek", "perawat klinik perlu sipp?": a workplace).
    const place = (m: Match) =>
      placePhrases.some((ph) => ph.length === m.end - m.start && ph.every((w, i) => tokens[m.start + i]?.stem === w)) &&
      !permits.some((o) => o.start < m.start) &&
      (m.start === 0 || !(placeWords.has(tokens[m.start - 1]!.stem) || roleWords.has(tokens[m.start - 1]!.stem)));
    const named = (m: Match, k: number) =>
      (byName(m) || place(m)) && m.end >= k - HELD_WINDOW - 1 && !tokens.slice(Math.max(0, m.start - HELD_WINDOW), k).some((t) => heldWords.has(t.stem)) && !tokens.slice(m.end, k).some((t) => joiners.has(t.stem));
    for (let k = need; k < tokens.length; k++) {
      if (!needWords.has(tokens[k]!.stem)) continue;
      const after = permits.filter((m) => m.start > k && m.start <= k + THING_WINDOW && !tokens.slice(k + 1, m.start).some((t) => purposeWords.has(t.surface)));
      if (!after.length) continue;
      const needed = new Set(after.map(idOf));
      const before = new Set(permits.filter((m) => m.end <= k && !needed.has(idOf(m)) && doing(m)).map(idOf));
      const besides = after.some((m) => atOncePhrases.some((p) => p.length === 1 && tokens[m.end]?.surface === p[0]));
      if (before.size === 1) return { by: [...before][0]!, needed: idOf(after[0]!), ...(besides && !listsPermit([...before][0]!, idOf(after[0]!)) ? { besides: true } : {}) };
      // Without an activity, only another permit named outright is asked of one named outright ("pirt harus punya nib dulu?").
      const strong = after.filter(byName);
      const other = new Set(permits.filter((m) => m.end <= k && !needed.has(idOf(m)) && named(m, k)).map(idOf));
      if (!before.size && strong.length && other.size === 1) return { by: [...other][0]!, needed: idOf(strong[0]!) };
    }
    return undefined;
  }

  /**
   * Two permits named side by side, joined by "dan", "sama", "atau" or a comma ("pbg sama slf"),
   * not one of them as background ("syarat slf kalau sudah punya pbg"): the one named first, or
   * undefined when they are not side by side.
   */
  function joined(tokens: Token[], matches: Match[], a: string, b: string, anyMention = false): string | undefined {
    const spans = (id: string) => matches.filter((m) => m.pattern.target.kind === "permit" && m.pattern.target.id === id);
    // The first mention of each; with `anyMention`, also a later one of each by a name or alias and a
    // joining word between ("sy apoteker mau buka apotek. perlu izin apotek sm sipa?" joins the
    // pharmacy's second mention with the SIPA; the first, "apoteker", told who writes). Not two
    // keywords that merely meet ("rumah jadi homestay 2 lantai"), nor names across a full stop
    // ("… sblm pbg. kkpr itu …": no joining word).
    const named = (m: Match) => "strength" in m.pattern.target && (m.pattern.target.strength ?? 0) > STRENGTH.keyword;
    const [xs, ys] = [spans(a), spans(b)];
    for (const [i, x] of xs.entries()) {
      for (const [j, y] of ys.entries()) {
        const later = !(i === 0 && j === 0);
        if (later && !(anyMention && named(x) && named(y))) continue;
        const [first, second] = x.start <= y.start ? [x, y] : [y, x];
        // "a NIB and a PIRT": an article beside the joining word joins as well.
        const raw = tokens.slice(first.end, second.start).map((t) => t.stem);
        const between = raw.filter((w) => !ARTICLES.has(w) && !ORDER_BESIDE.has(w) && !(w === "itu" && raw.some((x) => ORDER_BESIDE.has(x))));
        // "pbg dulu apa nib dulu?": beside a word of order, "apa" is "or".
        const or = raw.some((w) => ORDER_BESIDE.has(w)) && ORDER_OR.has(between[0] ?? "");
        if ((between.length === 0 && !later) || (between.length === 1 && (joiners.has(between[0]!) || or))) return first === x ? a : b;
      }
    }
    return undefined;
  }

  /** Every word of the message that names permit `id` is in permit `by`'s form options, and there is one. */
  function spokenOf(tokens: Token[], matches: Match[], id: string, by: string): boolean {
    const own = optionStems(by);
    const of = matches.filter((m) => m.pattern.target.kind === "permit" && m.pattern.target.id === id);
    return of.length > 0 && of.every((m) => tokens.slice(m.start, m.end).every((t) => own.has(t.stem)));
  }

  function decide(permitScores: Map<string, number>, referral: { id: string; score: number; overPermits?: boolean } | undefined, cues: Sums, ctx: UnderstandContext, ackIsPermit = false, asking = false, sideBySide: (a: string, b: string) => boolean = () => false, questionWord = false, asksAboutAspect: () => boolean = () => true, hints: { listNamesPermit?: boolean; allBackground?: boolean; ruledOut?: boolean; words?: number; named?: Set<string>; byDescription?: boolean; askedBesideAck?: boolean; namedFirst?: (a: string, b: string) => string | undefined; compared?: boolean; spokenOf?: (id: string, by: string) => boolean; turns?: boolean; told?: Set<string>; whosePaper?: boolean } = {}): Understanding {
    const cue = (group: string, name: string) => cues.get(`${group}:${name}`) ?? 0;
    const intentCue = (name: CueIntent) => cue("intent", name);
    const ranked = [...permitScores].sort((a, b) => b[1] - a[1]);
    // A rival told as background ("selain nib perlu pirt jg?": NIB held) narrows the margin less:
    // its score, already damped, is damped again (NIB's name counts 9 against PIRT's 3).
    const rivalScore = ranked[1] && hints.told?.has(ranked[1][0]) && !hints.told.has(ranked[0]![0]) ? ranked[1][1] * BACKGROUND_DAMPING : (ranked[1]?.[1] ?? 0);
    const permitConf = ranked[0] ? Math.min(0.97, Math.min(1, ranked[0][1] / 3) * (0.45 + (0.55 * (ranked[0][1] - rivalScore)) / ranked[0][1])) : 0;
    // Two permits named outright side by side ("syarat izin klinik dan izin laboratorium klinik",
    // "ukl upl sama pkkpr, yg mana duluan?"): the one named first is asked first, the other beside
    // it, however many of its names the words also are (PKKPR is its short name, alias and id).
    if (ranked[0] && ranked[1] && hints.named?.has(ranked[0][0]) && hints.named.has(ranked[1][0]) && hints.namedFirst?.(ranked[0][0], ranked[1][0]) === ranked[1][0]) ranked.splice(0, 2, ranked[1], ranked[0]);
    const candidates = ranked.slice(0, 8).map(([permit, score]) => ({ permit, score: round(score) }));
    const [top, second] = ranked;
    // Every permit named told as background, beside the permit talked about ("udh pny nib, mau ajukan
    // lwt sini" after the optical shop's requirements): about that permit, as a follow-up.
    // Only to apply or for what else is needed; not when the message turns after it ("nib udh ada tp
    // hilang, bikin lagi gmn": about the NIB still), nor "nib yg sudah terbit ambilnya dimana".
    const backgroundOnly = !!hints.allBackground && !!ctx.permit && !permitScores.has(ctx.permit) && !hints.turns && ((cues.get("intent:apply") ?? 0) >= 0.8 || (cues.get("aspect:requirements") ?? 0) >= 1);
    // Only a word of another permit of the same kind, not its name, that is one of the kinds of thing
    // the permit talked about is for (its form's options), asked of an aspect: that permit ("ruko gt
    // berlaku brp thn" after SLF: "ruko" is one of PBG's words and one of SLF's kinds of building;
    // "kalau apotek biayanya brp" after the clinic is the pharmacy's; "bangun ruko baru perlu izin
    // apa" asks which permit).
    const hintOnly = !!top && !!ctx.permit && top[0] !== ctx.permit && !permitScores.has(ctx.permit) && top[1] <= STRENGTH.keyword && !!hints.named && !hints.named.has(top[0]) && categoryOf.get(top[0]) === categoryOf.get(ctx.permit) && !!hints.spokenOf?.(top[0], ctx.permit) && PERMIT_ASPECTS.some((a) => a !== "general" && (cues.get(`aspect:${a}`) ?? 0) >= 1) && (cues.get("intent:list_permits") ?? 0) === 0;
    const permit = top && top[1] >= minPermit && !backgroundOnly && !hintOnly ? top[0] : null;

    const aspectScores = PERMIT_ASPECTS.filter((a) => a !== "general").map((a) => [a, cue("aspect", a)] as const);
    const [bestAspect, bestAspectScore] = aspectScores.reduce((a, b) => (b[1] > a[1] ? b : a), ["general", 0] as readonly [Aspect, number]);
    const secondAspectScore = Math.max(0, ...aspectScores.filter(([a]) => a !== bestAspect).map(([, s]) => s));
    const general = cue("aspect", "general");
    // A question about an aspect is a question, whatever it says of applying ("ngajuin pbg bisa
    // online ga?", "kalau mau daftar pbg syaratnya apa?", "gmn tahapan pengajuan … dr daftar smp
    // ambil sk"); a request that asks nothing else is an application ("mau urus slf, bisa dibantu?"),
    // and so is a wish beside a statement ("mau ajukan pbg, berkas udh lengkap").
    const applyCue = intentCue("apply");
    const apply = applyCue >= 0.8 && (questionWord || asking) && (bestAspectScore >= 0.5 || general >= 1) && asksAboutAspect() ? 0 : applyCue;
    const status = intentCue("check_status");
    const complaint = intentCue("complaint");
    const staff = intentCue("talk_to_staff");
    const list = intentCue("list_permits");
    const oos = intentCue("out_of_scope");
    const mention = cue("office", "mention");
    const officeScores = (["hours", "address", "contact", "staff"] as const).map((a) => [a, cue("office", a)] as const);
    const [bestOffice, bestOfficeScore] = officeScores.reduce((a, b) => (b[1] > a[1] ? b : a));
    const rival = Math.max(bestAspectScore, apply, list);

    // A complaint names what it is about ("petugasnya jutek", "syarat sudah lengkap tapi…"): staff
    // and aspect words beside it weigh half as rivals.
    // ... unless it is a question about a permit named, whose aspect weighs as much ("bikin nib bayar
    // ga?? takut ketipu calo", "SIP sy mau habis, perpanjangnya kapan paling lambat").
    const askedOverComplaint = permit !== null && (questionWord || asking) && bestAspectScore >= complaint;
    // Another agency's service named outright, with where to go asked and nothing of the office's
    // ("air pdam di rumah mati 2 hari, lapor ke mana ya"): that agency, not a complaint to us.
    if (referral && referral.score >= 3 && !permit && cue("aspect", "where") >= 1 && staff < 1 && mention === 0 && complaint >= 1) return result("referral", null, null, 0.8, candidates, referral.id);
    if (complaint >= 1 && complaint >= status && complaint >= staff && !askedOverComplaint) return result("complaint", null, null, conf(complaint, Math.max(status, staff / 2, bestAspectScore / 2)), candidates);
    // Beside a permit named, a person is asked for only when that outweighs the question ("… lewat
    // aplikasi apa atau datang langsung ke kantor?" asks where, not for a person).
    // Nor over a plain question about the office that names staff ("jam istirahat petugas di MPP jam berapa?").
    const officeOverStaff = bestOfficeScore >= 1.5 && bestOfficeScore > staff;
    // Help asked for with something nobody here does ("tolong bantuin ngerjain tugas matematika
    // anak sy"), nothing of the office asked: out of scope, not a person.
    if (staff >= 1 && oos >= 1.5 && oos > staff + 0.4 && !permit && bestAspectScore < oos && bestOfficeScore === 0 && mention === 0) return result("out_of_scope", null, null, conf(oos, staff), candidates);
    // A greeting beside only the question whether someone is there ("Selamat malam, apakah ada petugas
    // yang sedang bertugas?", "pagi min, ada admin yg online?"): a greeting, whose answer offers a person.
    const greeted = intentCue("greeting") >= 0.8 && staff < 1 && !permit && bestAspectScore < 1 && bestOfficeScore < 1;
    if (staff >= TYPO_DAMPING && !greeted && !officeOverStaff && (!permit || (staff >= 1.5 && staff >= bestAspectScore))) return result("talk_to_staff", null, null, conf(staff, Math.max(complaint, bestAspectScore)), candidates);
    // Not over a wish to apply (2.5 and more): "(SK Kemenkumham sudah terbit) ingin mengajukan izin
    // … mohon dibantu". Words of applying beside a status question stay one ("status permohonan … diajukan tanggal …").
    if (status >= 1 && status >= bestAspectScore && !(apply >= 2.5 && apply > status)) {
      const checked = result("check_status", null, null, conf(status, Math.max(bestAspectScore, apply)), candidates);
      // A complaint beside it (weaker than the status question): heard too.
      return complaint >= 1 ? { ...checked, complaint: true } : checked;
    }

    // "izin usaha apa aja yg bs diajukan": a list asked for plainly, even where it names a kind of permit.
    // Not over a permit named outright for itself: "syarat slf ada apa saja? apa lagi yang harus dibawa?".
    const listOverPermit = !top || top[1] <= STRENGTH.keyword || hints.listNamesPermit || hints.allBackground;
    if (list >= 2 && list > bestAspectScore && list > applyCue && listOverPermit) return result("list_permits", null, null, conf(list, bestAspectScore), candidates);
    // Which permits, asked of a business only described ("tolong cek izin apa saja yg saya perlukan
    // utk usaha laundry"): the list, as before the business was read.
    if (hints.byDescription && list >= 1 && list >= bestAspectScore && list >= applyCue) return result("list_permits", null, null, conf(list, bestAspectScore), candidates);
    // Another agency's service with every permit named as what it is for, when that service is what
    // is asked, where or how ("ktp sy hilang padahal buat syarat sip bidan, bikin lagi di mana?"):
    // the referral; not "ktp buat syarat pbg harus yang asli?", a question about the requirement.
    if (referral && referral.score >= 3 && referral.overPermits && Math.max(cue("aspect", "where"), cue("aspect", "procedure")) >= 1) return result("referral", null, null, 0.8, candidates, referral.id);
    // Every permit named ruled out, another agency's service named outright ("bukan izin usaha ya
    // min, saya mau perpanjang SIM A"): that service, whatever is asked of it.
    if (referral && referral.score >= 3 && hints.ruledOut) return result("referral", null, null, 0.8, candidates, referral.id);
    // Out of scope said plainly beside a permit's faint hint only ("resep sambel bawang", "bikinin
    // caption promosi buat warung bakso"), when nothing is asked about a permit.
    // Nor beside a profession or a place only, however often its words recur ("ada lowongan perawat di
    // rs gk", "jadwal praktek dokter gigi di rsud"): no permit named by its name, nothing plainly asked of one.
    const onlyEveryday = !!top && hints.named !== undefined && !hints.named.has(top[0]) && bestAspectScore < 1 && general < 1;
    if (oos >= 1.5 && top && (onlyEveryday || (top[1] <= STRENGTH.keyword ? bestAspectScore < 1 : top[1] <= STRENGTH.keyword + 1 && bestAspectScore === 0 && general === 0)) && apply < oos) return result("out_of_scope", null, null, conf(oos, top[1] / 2), candidates);
    // Another agency's service named outright beside a permit's faint hint only ("sertifikat halal
    // utk keripik, dmn ya"): the referral.
    if (referral && referral.score >= 3 && top && top[1] <= STRENGTH.keyword && !ctx.permit && (bestAspect === "where" || bestAspectScore < 0.5)) return result("referral", null, null, 0.85, candidates, referral.id);
    const office = (bestOfficeScore >= 1 || (bestOfficeScore >= 0.8 && mention > 0)) && bestOfficeScore + mention >= Math.max(bestAspectScore, list);
    // The permit talked about before carries over to a follow-up ("biayanya?"), not to a question
    // about the office ("alamat kantor dpmptsp dimana") or another agency's service, nor to one
    // naming a family of other permits ("biaya SIP berapa" after PBG: which SIP is asked instead):
    // three or more hinted, all of one category that is not the earlier permit's. Not words many
    // kinds of permit share ("kalau untuk usaha biayanya?" after PBG stays PBG).
    const hintedCategories = new Set(ranked.map(([id]) => categoryOf.get(id)));
    const otherFamily = ranked.length >= 3 && !permitScores.has(ctx.permit ?? "") && hintedCategories.size === 1 && !hintedCategories.has(categoryOf.get(ctx.permit ?? ""));
    // Nor to a request for the list of permits ("daftar izin apa saja", "daftar izin yang bisa
    // diurus" after PBG's answer): its "daftar" and "urus" are not a wish to apply for PBG.
    const listAsked = list >= 1 && list > bestAspectScore && general === 0;
    const permitOrCtx = permit ?? (ctx.permit && !referral && !office && !otherFamily && !listAsked ? ctx.permit : null);
    // A plain question about the office beside a permit's faint hint only, nothing asked about it
    // ("email resmi DPMPTSP apa ya? mau kirim surat dari sekolah"): the office.
    // A business only described counts as such a hint ("kantor mpp buka jam berapa? mau konsultasi soal usaha kos-kosan").
    const faint = !!top && (top[1] <= STRENGTH.keyword || (hints.named !== undefined && !hints.named.has(top[0])));
    if (office && bestOfficeScore >= 1.5 && faint && (bestAspectScore < 0.5 || (bestOffice === "address" && bestAspect === "where" && bestAspectScore <= bestOfficeScore)) && apply < 0.8) {
      return result("office_info", null, bestOffice, conf(bestOfficeScore + mention, top[1] / 2), candidates);
    }
    // A plain thanks that asks nothing, with a business only described beside it, telling what happens
    // next ("oke makasih min infonya, nanti saya siapin berkas warungnya"): thanks.
    const thanksCue = intentCue("thanks");
    // Not beside something plainly out of scope, told before the thanks ("Jalan di desa kami rusak parah. Terima kasih.").
    if (faint && !office && !ctx.permit && thanksCue >= 1.2 && !hints.askedBesideAck && !asking && bestAspectScore < Math.max(1, 0.6 * thanksCue) && apply < 0.8 && !referral && oos < 1) return result("thanks", null, null, conf(thanksCue, bestAspectScore, 0.3), candidates);
    // A long thanks naming a permit only as what went well, asking nothing of it ("matur nuwun sanget
    // pak, petugas e ramah2 sabar, pirt ibu kulo lancar. mugi2 berkah nggih"): thanks, not its overview.
    if (!office && thanksCue >= LONG_THANKS && !hints.askedBesideAck && !asking && !questionWord && bestAspectScore < 0.5 && apply < 0.5 && !referral && oos < 1) return result("thanks", null, null, conf(thanksCue, bestAspectScore, 0.3), candidates);
    // A question hinting at the permit talked about among others ("klo buat praktik mandiri?" after
    // SIP bidan: every SIP has "praktik"): about that permit.
    const ctxHinted = asking && !!ctx.permit && permitOrCtx === ctx.permit && permitScores.has(ctx.permit);
    if (permit || (permitOrCtx && (bestAspectScore >= 0.5 || apply >= 0.8 || general >= 0.6 || ctxHinted))) {
      const fromCtx = !permit;
      const pc = fromCtx ? 0.75 : permitConf;
      const cands = fromCtx ? [{ permit: permitOrCtx!, score: 1 }] : candidates;
      if (apply >= 0.8 && apply > bestAspectScore) return result("apply", permitOrCtx, null, pc * conf(apply, bestAspectScore, 0.3), cands);
      const aspect: Aspect = bestAspectScore >= 0.5 && bestAspectScore >= general ? bestAspect : "general";
      const aspectConf = aspect === "general" ? (general > 0 ? 0.9 : 0.8) : 0.8 + 0.2 * ((bestAspectScore - secondAspectScore) / bestAspectScore);
      // Both named by a name or alias, neither told as background: each counts as much as the other,
      // however many of its names the words are ("syarat nib sama pirt": NIB is its id, alias and
      // short name); not "PBG-nya sudah ada. Untuk SLF, dokumen apa saja".
      const bothNamed = !!top && !!second && !!hints.named?.has(top[0]) && hints.named.has(second[0]) && hints.namedFirst?.(top[0], second[0]) !== undefined;
      // Two permits named outright and a clear question ("syarat pbg sama slf apa saja?"), or asked
      // how they differ ("bedanya sppl sama ukl-upl?": each one's overview): both answered.
      if (!fromCtx && top && second && ((aspect !== "general" && bestAspectScore >= 1) || (aspect === "general" && hints.compared)) && second[1] >= 2 && (second[1] >= top[1] * (hints.compared ? 0.6 : 0.75) || bothNamed) && sideBySide(top[0], second[0])) {
        return { ...result("ask", top[0], aspect, 0.8, candidates), alsoPermit: second[0] };
      }
      return result("ask", permitOrCtx, aspect, pc * aspectConf, cands);
    }
    // Another agency's paper asked "whose" beside a power of attorney ("surat kuasa perlu materai gk?
    // trs ktp siapa aja yg dibawa"): how someone else applies, not where the paper is made.
    const representation = cue("aspect", "representation");
    if (referral && hints.whosePaper && representation >= 1 && representation >= bestAspectScore && representation > apply) return result("ask", null, "representation", conf(representation, secondAspectScore) * 0.8, candidates);
    if (referral) return result("referral", null, null, referral.score >= 3 ? 0.85 : 0.6, candidates, referral.id);
    if (oos >= 1 && (mention === 0 || oos >= 1.5)) return result("out_of_scope", null, null, conf(oos, Math.max(bestOfficeScore, rival)), candidates);
    if (office) {
      return result("office_info", null, bestOffice, conf(bestOfficeScore + mention, Math.max(bestAspectScore, list)), candidates);
    }
    if (list >= 1 && list >= bestAspectScore) return result("list_permits", null, null, conf(list, bestAspectScore), candidates);
    // A plain thanks that asks nothing, about no permit, with only weak words beside it, which tell
    // what happens next ("makasih kak, nanti sy ke kantor bawa berkasnya"); not "makasih, saya mau
    // daftar" nor "makasih min, kirim syaratnya ya".
    const greeting = intentCue("greeting");
    if (thanksCue >= 1.2 && !questionWord && !asking && bestAspectScore < Math.max(1, 0.6 * thanksCue) && apply < 0.8 && thanksCue >= greeting && !referral) return result("thanks", null, null, conf(thanksCue, bestAspectScore, 0.3), candidates);
    if (bestAspectScore >= 0.8 || apply >= 0.8) {
      if (apply > bestAspectScore) return result("apply", null, null, conf(apply, bestAspectScore) * 0.8, candidates);
      return result("ask", null, bestAspect, conf(bestAspectScore, Math.max(apply, secondAspectScore)) * 0.8, candidates);
    }
    if (general >= 0.8) return result("ask", null, "general", 0.45, candidates);
    if (ackIsPermit && candidates.length) return result("ask", null, "general", 0.45, candidates);
    const thanks = asking ? 0 : thanksCue;
    // A would-be goodbye that asks ("…cukup itu aja kan?"), about the permit talked about: its
    // overview. Below the threshold: never taken as a digression from a form.
    if (asking && thanksCue >= 0.5 && ctx.permit && !referral && greeting < 0.5 && oos < 1) return result("ask", ctx.permit, "general", 0.45, [{ permit: ctx.permit, score: 1 }]);
    if (thanks >= 0.5 && thanks >= greeting) return result("thanks", null, null, conf(thanks, greeting, 0.3), candidates);
    // A weak greeting ("mau nanya", "benar ini …?") is the whole of a short opening only: "ini nomornya
    // pak rt kan? sy mau nanya jadwal ronda" asks something nobody here answers.
    if (greeting >= 0.8 || (greeting >= 0.5 && (hints.words ?? 0) <= WEAK_GREETING_WORDS)) return result("greeting", null, null, conf(greeting, thanks, 0.3), candidates);
    if (oos >= 1) return result("out_of_scope", null, null, conf(oos, rival), candidates);
    return result("out_of_scope", null, null, candidates.length ? 0.25 : 0.3, candidates);
  }

  // Citizens repeat themselves ("menu", "halo", "syarat imb"): the same words in the same context
  // mean the same thing, so results are remembered (frozen, since callers share them).
  const remembered = memoize((key) => {
    const cut = key.indexOf("\u0001");
    const permit = key.slice(0, cut);
    const u = understand(key.slice(cut + 1), permit ? { permit } : {});
    for (const c of u.candidates) Object.freeze(c);
    Object.freeze(u.candidates);
    return Object.freeze(u);
  }, 20_000);
  return { understand: (text, ctx = {}) => remembered(`${ctx.permit ?? ""}\u0001${text}`), warm: () => normaliser.warm() };
}


/** What a further question may be: something answered, or something to do after the answers. */
/** Words telling of the past ("dulu thn 2015", "pernah", "wkt itu", "tahun lalu"): a story told before a question. */
const PAST_TOLD = /\b(?:pernah|prnh|pernh|prnah|(?:waktu|wkt|wktu|saat|pas) itu|(?:tahun|thn|th) (?:lalu|kemarin|kmrn|kmaren|\d{4})|dulu (?:tahun|thn|th|tuh|pas|waktu|wkt|sekali)|(?:jaman|zaman) dulu|\d+ (?:tahun|thn) (?:lalu|yg lalu|yang lalu)|years? ago|last year)\b/;
const FURTHER_INTENTS = new Set<Intent>(["ask", "office_info", "referral", "check_status", "apply", "talk_to_staff", "complaint"]);
/** A joiner right after a part ("syarat | sm biayanya apa"). */
const LISTED_BEFORE = /^\s*(?:,|&|\+)?\s*(?:sama|sm|ama|dan|dn|serta|plus|and)\b/i;
/** A permit corrected to ("eh salah, maksud sy …", "bukan itu, …"). */
const CORRECTING = /\b(?:maksud|maksudnya|maksudku|salah|bukan|ralat|koreksi|sorry|i mean|meant)\b/i;
/** Between two permits of one question ("nib sama pirt …", "pbg, slf …"). */
/** The score of another agency's service named beside a permit above which it is answered too (an alias of it, named outright). */
const BESIDE_REFERRAL = 3;
/** The thanks cues' sum above which a thanks naming a permit, asking nothing, is thanks (several cues: thanks, praise, a blessing). */
const LONG_THANKS = 2.4;
const LIST_JOINER = /^\s*(?:,|dan|sama|ama|serta|plus|and)\s*$/i;
/** Further questions that ask Loket to act; the engine answers the others first. */
const ACTIONS = new Set<Intent>(["check_status", "apply", "talk_to_staff", "complaint"]);

const aspectsOf = (u: Understanding): Aspect[] => (u.aspect ? [u.aspect, ...(u.more ?? [])] : []);

/** `u` with these aspects as well (after its own, in order, none twice). */
function withAspects(u: Understanding, aspects: Aspect[]): Understanding {
  const all = [...aspectsOf(u)];
  for (const a of aspects) if (!all.includes(a)) all.push(a);
  return all.length > 1 ? { ...u, aspect: all[0]!, more: all.slice(1) } : u;
}

/** Whether what `u` answers (or does) takes in the question `it`. */
function covers(u: Understanding, it: Understanding): boolean {
  if (u.intent !== it.intent) return false;
  if (it.intent === "ask") return (it.permit === u.permit || it.permit === u.alsoPermit) && aspectsOf(it).every((a) => aspectsOf(u).includes(a)) && (!it.alsoPermit || it.alsoPermit === u.alsoPermit || it.alsoPermit === u.permit);
  if (it.intent === "office_info") return it.aspect === u.aspect;
  if (it.intent === "referral") return it.referral === u.referral;
  if (it.intent === "apply") return !it.permit || !u.permit || it.permit === u.permit;
  return true;
}

function result(intent: Intent, permit: string | null, aspect: Aspect | null, confidence: number, candidates: { permit: string; score: number }[], referral?: string): Understanding {
  return { intent, permit, aspect, confidence: round(Math.max(0, Math.min(1, confidence))), candidates, ...(referral ? { referral } : {}) };
}

/** Confidence from the winning evidence and its strongest rival: saturating, reduced by a close rival. */
function conf(score: number, rival: number, k = 0.5): number {
  const margin = score > 0 ? Math.max(0, score - rival) / score : 0;
  return (score / (score + k)) * (0.6 + 0.4 * margin) + 0.1 * margin;
}

function sameTarget(a: Match, b: Match): boolean {
  const [x, y] = [a.pattern.target, b.pattern.target];
  return x.kind !== "cue" && y.kind !== "cue" && x.kind === y.kind && x.id === y.id;
}

/**
 * Whether a match of `spans` takes in a given match and more words (`o.start <= m.start`,
 * `o.end >= m.end`, longer). Indexed by start, so each question looks at the spans starting within
 * the longest span before the match: a long message of thousands of matches stays linear, where a
 * look at every pair made it quadratic.
 */
function enclosedBy(spans: readonly Match[]): (m: Match) => boolean {
  const byStart = new Map<number, Match[]>();
  let longest = 0;
  for (const o of spans) {
    const list = byStart.get(o.start);
    if (list) list.push(o);
    else byStart.set(o.start, [o]);
    longest = Math.max(longest, o.end - o.start);
  }
  return (m) => {
    for (let s = m.start; s >= 0 && s >= m.start - longest; s--) {
      for (const o of byStart.get(s) ?? []) if (o.end >= m.end && o.end - o.start > m.end - m.start) return true;
    }
    return false;
  };
}

function strengthOf(m: Match): number {
  const t = m.pattern.target;
  return t.kind === "cue" ? t.weight : t.strength;
}

/** A message's clauses, each with the punctuation that ends it ("…, ", "…?"). */
/** A message's clauses: after a comma or a stop, and before "terus", "lalu", "lha" in a long run of words with none (a voice note typed out). */
const clausesOf = (text: string): string[] => text.split(/(?<=[,;.?!\n])|\s(?=(?:terus|trus|lalu|lha)\s)/i);

/**
 * A word of renewing: "panjang" with an affix (perpanjang, memperpanjang, perpanjangan), not
 * "panjang" (long); in English "renew" and its forms ("how do I renew it?").
 */
const renews = (t: Token): boolean => (t.stem === "panjang" && t.surface.length > "panjang".length) || RENEW_EN.test(t.surface);
const RENEW_EN = /^renew(?:s|ed|ing|al|als)?$/;

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
