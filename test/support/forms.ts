import { expect } from "vitest";
import type { Outbound } from "../../src/domain/message.js";
import type { Application } from "../../src/domain/records.js";
import { answerFor, REGISTRATION } from "./citizen.js";
import { ownFile } from "./fixtures.js";
import { textOf, type TestLoket } from "./loket.js";

/** The last reply of a turn, and the field it asks for. */
export const lastOf = (replies: Outbound[]): Outbound | undefined => replies[replies.length - 1];
export const askingField = (loket: TestLoket): string | undefined => lastOf(loket.last)?.expects?.field;

/**
 * A valid answer to the question a test Loket asked last: a number in a "Nomor …" field, a JPG
 * where only photos are taken, else `answerFor`'s; `date` for date questions when given.
 */
export async function answerValidly(loket: TestLoket, opts: { date?: string } = {}): Promise<Outbound[]> {
  const last = lastOf(loket.last);
  if (!last?.expects) throw new Error(`nothing asked: ${textOf(loket.last)}`);
  const { field, kind } = last.expects;
  if (kind === "text" && /^nomor/.test(field)) return loket.say("3317/12345/2024");
  if (kind === "file" && /foto/.test(field) && !/denah|produksi|lokasi|sarana/.test(field)) return loket.upload(ownFile("jpg", field), `${field}.jpg`);
  if (kind === "date" && opts.date) return loket.say(opts.date);
  const a = answerFor(last)!;
  return "file" in a ? loket.upload(a.file, a.filename) : "choice" in a ? loket.tap(a.choice) : loket.say(a.text);
}

/** Opens an application, agrees, and answers validly (or with `answers` by field) until `field` is asked. */
export async function openFormUntil(loket: TestLoket, opening: string, field: string, opts: { answers?: Record<string, string>; date?: string } = {}): Promise<void> {
  await loket.say(opening);
  await loket.say("setuju");
  for (let i = 0; i < 60; i++) {
    const asked = askingField(loket);
    if (!asked) throw new Error(`nothing asked: ${textOf(loket.last)}`);
    if (asked === field) return;
    if (opts.answers?.[asked] !== undefined) await loket.say(opts.answers[asked]!);
    else await answerValidly(loket, opts);
  }
  throw new Error(`${field} never asked`);
}

/** Answers validly up to the summary, confirms, and returns the application stored. */
export async function submitForm(loket: TestLoket, opts: { date?: string } = {}): Promise<Application> {
  for (let i = 0; i < 40 && askingField(loket) !== "confirm"; i++) await answerValidly(loket, opts);
  const receipt = textOf(await loket.say("ya"));
  const number = REGISTRATION.exec(receipt)?.[0];
  expect(number, receipt).toBeTruthy();
  return (await loket.loket.store.get<Application>("applications", number!))!;
}
