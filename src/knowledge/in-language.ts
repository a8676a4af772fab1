import type { DocumentRequirement, FormField, Office, Permit } from "./types.js";

/**
 * A permit as a citizen writing in `lang` reads it. Permit files are written in Indonesian, with
 * the English beside each text a citizen reads (`label_en`, `about_en`, `hint_en`, an option's
 * `label_en` and `also_en`, a document's `name_en` and `note_en`, `fee.en`, `duration.en`,
 * `validity_en`, `legal_basis_en`, `procedure_en`, `body_en`, the submission's `note_en` and `issued_en`). For English the
 * permit's texts are those; a text without its English one stays Indonesian (npm run check warns
 * about it). Any other language, Indonesian included, gets the permit as it is: the same object.
 *
 * @example permitIn(kb.permit("sip-bidan")!, "en").form[0].label // "STR number"
 */
export function permitIn(p: Permit, lang: string): Permit {
  if (lang !== "en") return p;
  let english = cache.get(p);
  if (!english) {
    english = {
      ...p,
      requirements: p.requirements.map(requirementInEnglish),
      form: p.form.map(fieldInEnglish),
      fee: { ...p.fee, text: p.fee.en ?? p.fee.text },
      duration: { ...p.duration, text: p.duration.en ?? p.duration.text },
      submission: {
        ...p.submission,
        ...(p.submission.note ? { note: p.submission.noteEn ?? p.submission.note } : {}),
        ...(p.submission.issued ? { issued: p.submission.issuedEn ?? p.submission.issued } : {}),
      },
      validity: p.validityEn ?? p.validity,
      ...(p.notFor ? { notFor: { ...p.notFor, text: p.notFor.en ?? p.notFor.text } } : {}),
      ...(p.after ? { after: { ...p.after, text: p.after.en ?? p.after.text } } : {}),
      ...(p.changes ? { changes: { ...p.changes, text: p.changes.en ?? p.changes.text } } : {}),
      // Line for line, or not at all (a step added in Indonesian only: npm run check warns).
      legalBasis: p.legalBasisEn?.length === p.legalBasis.length ? p.legalBasisEn : p.legalBasis,
      procedure: p.procedureEn?.length === p.procedure.length ? p.procedureEn : p.procedure,
      body: p.bodyEn ?? p.body,
    };
    cache.set(p, english);
  }
  return english;
}

const cache = new WeakMap<Permit, Permit>();

function requirementInEnglish(r: DocumentRequirement): DocumentRequirement {
  return { ...r, name: r.nameEn ?? r.name, ...(r.note ? { note: r.noteEn ?? r.note } : {}) };
}

function fieldInEnglish(f: FormField): FormField {
  return {
    ...f,
    label: f.labelEn ?? f.label,
    ...(f.about ? { about: f.aboutEn ?? f.about } : {}),
    ...(f.hint ? { hint: f.hintEn ?? f.hint } : {}),
    // Typed answers: the English other words first, then the Indonesian ones (names such as "PNS" are said in English too).
    ...(f.options ? { options: f.options.map((o) => ({ ...o, label: o.labelEn ?? o.label, ...(o.alsoEn ? { also: [...o.alsoEn, ...(o.also ?? [])] } : {}) })) } : {}),
  };
}

/**
 * The office as a citizen writing in `lang` reads it: for English, its address, complaints,
 * facilities and representation texts from their `_en` keys where office.yaml has them (its names
 * stay as written). Any other language gets the office as it is.
 */
export function officeIn(o: Office, lang: string): Office {
  if (lang !== "en") return o;
  let english = officeCache.get(o);
  if (!english) {
    english = {
      ...o,
      address: o.addressEn ?? o.address,
      ...(o.complaints ? { complaints: o.complaintsEn ?? o.complaints } : {}),
      ...(o.facilities ? { facilities: o.facilitiesEn ?? o.facilities } : {}),
      ...(o.special
        ? {
            special: o.special.map(({ noteEn, addressEn, ...s }) => ({
              ...s,
              ...(s.note ? { note: noteEn ?? s.note } : {}),
              ...(s.address ? { address: addressEn ?? s.address } : {}),
            })),
          }
        : {}),
      ...(o.representation
        ? {
            representation: {
              text: o.representation.textEn ?? o.representation.text,
              notes: o.representation.notes.map((n) => ({ permits: n.permits, text: n.textEn ?? n.text })),
            },
          }
        : {}),
    };
    officeCache.set(o, english);
  }
  return english;
}

const officeCache = new WeakMap<Office, Office>();
