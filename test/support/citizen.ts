import type { Outbound } from "../../src/domain/message.js";
import { ownFile } from "./fixtures.js";

/** What a simulated citizen sends next. */
export type CitizenInput = { text: string } | { choice: string } | { file: Buffer; filename: string };

export const SAMPLE = {
  nama: "Siti Rahmawati",
  nik: "3317014508900002",
  hp: "081234567890",
  alamat: "Jl. Pemuda No. 10, Sumber, Rembang",
};

/**
 * A polite, valid answer to whatever the bot asked last (by its `expects`): the first choice,
 * a valid NIK/phone, a PDF of its own for each document. Drives whole applications in HTTP, browser,
 * Telegram, multi-instance tests and benchmarks.
 */
export function answerFor(last: Outbound | undefined): CitizenInput | undefined {
  if (!last?.expects) return undefined;
  const { field, kind } = last.expects;
  switch (kind) {
    case "choice":
    case "confirm":
      return last.choices?.[0] ? { choice: last.choices[0].id } : { text: "1" };
    case "file":
      return { file: ownFile("pdf", field), filename: `${field}.pdf` };
    case "nik":
      return { text: SAMPLE.nik };
    case "phone":
      return { text: SAMPLE.hp };
    case "email":
      return { text: "lewati" };
    case "date":
      return { text: "17-08-1990" };
    case "number":
      return { text: "2" };
    default:
      if (field === "nama") return { text: SAMPLE.nama };
      if (field === "alamat") return { text: SAMPLE.alamat };
      return { text: `Jawaban untuk ${field.replace(/_/g, " ")} di Rembang` };
  }
}

export const REGISTRATION = /\b[A-Z]{2,8}-\d{4}-\d{6}\b/;

/**
 * Applies for a permit from the first message to the registration number, answering every
 * question with `answerFor`. Returns the number and how many messages it took.
 */
export async function completeApplication(
  send: (input: CitizenInput) => Promise<Outbound[]>,
  opening = "saya mau mengajukan izin reklame",
  maxTurns = 80,
): Promise<{ number: string; turns: number }> {
  let replies = await send({ text: opening });
  for (let turns = 1; turns <= maxTurns; turns++) {
    const found = replies.map((r) => REGISTRATION.exec(r.text)?.[0]).find(Boolean);
    if (found) return { number: found, turns };
    const next = answerFor(replies[replies.length - 1]);
    if (!next) throw new Error(`the bot asked nothing answerable: ${JSON.stringify(replies.slice(-1))}`);
    replies = await send(next);
  }
  throw new Error("no registration number after many turns");
}
