import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { replaceAll } from "./clerk-copy.js";
import { createTestLoket, textOf } from "./loket.js";

/**
 * The office's special hours and days of the ninth and tenth clerk reviews (knowledge/office.yaml
 * special_hours, docs/knowledge.md section 5): Ramadan hours for a period, a one-off closure, an
 * extra Saturday service somewhere else, a month in a temporary building.
 * INVENTED TEST DATA: the dates, the temporary building and the services are made up for the tests
 * and must never be copied into knowledge/.
 */

/** What the clerk adds after the last holiday, as docs/knowledge.md shows it. */
export const SPECIAL = `special_hours:
  - from: "2027-02-08"
    to: "2027-03-09"
    note: Ramadan 1448 H
    note_en: Ramadan 1448 H
    hours:
      mon: [{ open: "08:00", close: "14:00" }]
      tue: [{ open: "08:00", close: "14:00" }]
      wed: [{ open: "08:00", close: "14:00" }]
      thu: [{ open: "08:00", close: "14:00" }]
      fri: [{ open: "08:00", close: "11:00" }, { open: "13:00", close: "14:30" }]
  - date: "2027-01-12"
    hours: []
    note: kantor tutup untuk stock opname
    note_en: the office is closed for stocktaking
  - date: "2026-12-19"
    hours: [{ open: "08:00", close: "12:00" }]
    note: layanan jemput bola di alun-alun
    note_en: mobile service at the town square (alun-alun)
    address: Alun-alun Rembang (data uji)
  - from: "2027-04-01"
    to: "2027-04-30"
    note: kantor pindah sementara selama renovasi
    note_en: the office has moved for the renovation
    address: Gedung Eks Kawedanan, Jl. Pemuda No. 9 Rembang (data uji)
    address_en: Former Kawedanan building, Jl. Pemuda No. 9 Rembang (test data)
`;
/** The last holiday of the shipped office.yaml: SPECIAL goes after it. */
export const LAST_HOLIDAY = '  - { date: "2027-12-25", name: Hari Raya Natal }\n';
/** The last line of SPECIAL: more special days go after it. */
export const LAST_SPECIAL = "    address_en: Former Kawedanan building, Jl. Pemuda No. 9 Rembang (test data)\n";
/** 09:00 WIB (02:00 UTC) on a date, or another hour and minute. */
export const wib = (date: string, hour = 9, minute = 0) =>
  new Date(`${date}T${String(hour - 7).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00Z`);

/** The shipped Christmas holiday of 2026, and the cuti bersama the tenth review adds before it. */
const NATAL_2026 = '  - { date: "2026-12-25", name: Hari Raya Natal }\n';
const CUTI_2026 = '  - { date: "2026-12-24", name: Cuti Bersama Hari Raya Natal }\n';

/** knowledge/, flows/ and messages/ copied to a new temporary folder, with the cuti bersama of 24 December 2026 and SPECIAL added. */
export async function specialOfficeCopy(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  for (const d of ["knowledge", "flows", "messages"]) await cp(resolve(d), join(dir, d), { recursive: true });
  const office = join(dir, "knowledge/office.yaml");
  replaceAll(office, NATAL_2026, CUTI_2026 + NATAL_2026);
  replaceAll(office, LAST_HOLIDAY, LAST_HOLIDAY + SPECIAL);
  return dir;
}

/** A Loket on `dir()`'s files at a fixed clock: the reply to the last of `texts`, said one after another in one conversation at `at`. */
export const askerIn =
  (dir: () => string) =>
  async (at: Date, ...texts: string[]): Promise<string> => {
    const t = await createTestLoket({
      env: { KNOWLEDGE_DIR: join(dir(), "knowledge"), FLOWS_DIR: join(dir(), "flows") },
      messagesDir: join(dir(), "messages"),
      now: () => at,
    });
    try {
      let said = "";
      for (const text of texts) said = textOf(await t.say(text));
      return said;
    } finally {
      await t.close();
    }
  };

/** The first line with words on it: where a question about one day must find its answer. */
export const firstLine = (text: string) => text.split("\n").find((l) => l.trim() !== "") ?? "";
