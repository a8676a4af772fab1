export const INTENTS = [
  "ask",
  "list_permits",
  "apply",
  "check_status",
  "talk_to_staff",
  "office_info",
  "referral",
  "complaint",
  "greeting",
  "thanks",
  "out_of_scope",
] as const;
export type Intent = (typeof INTENTS)[number];

export const PERMIT_ASPECTS = ["requirements", "fee", "duration", "procedure", "validity", "where", "legal", "representation", "correction", "general"] as const;
/**
 * An aspect as the shared classification contract names it (`npm run classify`, shared/eval):
 * it knows no "legal", "representation" nor "correction"; the legal basis is part of its
 * "general", whether someone else may apply (a power of attorney, "bisa diwakilkan?") of its
 * "requirements", and how to correct an application staff returned ("berkas dikembalikan,
 * perbaikannya gmn") of its "procedure".
 */
export const contractAspect = <T extends string | null>(a: T): T => (CONTRACT_ASPECT[a ?? ""] as T | undefined) ?? a;
const CONTRACT_ASPECT: Record<string, string> = { legal: "general", representation: "requirements", correction: "procedure", staff: "contact" };
export const OFFICE_ASPECTS = ["hours", "address", "contact"] as const;
/**
 * An office aspect: the contract's three, and "staff", who serves at the office ("petugas loketnya
 * siapa namanya?"): a question about the staff, not a request for one; the contract's "contact".
 */
export type Aspect = (typeof PERMIT_ASPECTS)[number] | (typeof OFFICE_ASPECTS)[number] | "staff";

/** What a citizen's message means. The `classify` CLI prints intent/permit/aspect of this. */
export interface Understanding {
  intent: Intent;
  permit: string | null;
  aspect: Aspect | null;
  /** 0..1; below the threshold the engine asks instead of guessing. */
  confidence: number;
  /** Permits ranked by score, best first (used to offer "did you mean" choices). */
  candidates: { permit: string; score: number }[];
  /** For intent `referral`: the referral id from knowledge/referrals.yaml. */
  referral?: string;
  /**
   * Intent `ask`, two questions in one message ("syarat pbg apa aja trus biayanya brp"): the
   * aspects after `aspect`, in the citizen's order, each answered too.
   */
  more?: Aspect[];
  /**
   * Intent `check_status` said with a complaint ("… sudah 3 minggu belum jadi, lambat sekali
   * pelayanannya!"): the engine checks the status and offers a person for the complaint too.
   */
  complaint?: boolean;
  /** Intent `ask`, a second permit named as plainly as `permit` ("syarat pbg sama slf"): answered too. */
  alsoPermit?: string;
  /**
   * Several questions in one message ("izin reklame berapa lama? sama PBG biayanya berapa",
   * "syarat SIP perawat apa aja, terus kantor buka jam berapa?", "syarat slf apa? mau daftar
   * sekalian"): the questions after this one, in the order asked, each read on its own (intent
   * ask, office_info, check_status, apply or talk_to_staff). The engine answers every question
   * and does what is asked (a status check, applying, a person) after the answers.
   */
  then?: Understanding[];
  /**
   * Another agency's service named beside the permit asked about ("karang taruna mau ngadain pentas
   * seni, sm pasang spanduk. izinnya apa aja?": the police's izin keramaian beside the billboard
   * permit): the engine answers it after the permit (a referrals.yaml id).
   */
  besideReferral?: string;
  /**
   * The permit read from a business only described ("mau buka usaha laundry": understanding.yaml
   * kind_of_business), no permit named: "izinnya apa aja" is answered with that permit (the NIB).
   */
  describedBusiness?: boolean;
  /**
   * Intent talk_to_staff as a further question, for later or to consult first ("biaya pbg brp? klo
   * mahal sy mau konsultasi dulu sama petugas"): the engine offers a person after the answers
   * instead of handing the conversation over unasked.
   */
  later?: boolean;
}

export interface UnderstandContext {
  /** Permit currently being discussed, so "biayanya berapa?" means this permit. */
  permit?: string;
}

/** Deterministic understanding (and, optionally, a language model on top). */
export interface Understander {
  understand(text: string, ctx?: UnderstandContext): Understanding;
  /**
   * Builds what the first message would otherwise build (the typo lookup, ~40-80 ms for the whole
   * knowledge base): called 200 ms after Loket is ready (src/main.ts), so that neither start-up nor,
   * mostly, the first citizen waits for it.
   */
  warm?(): void;
}
