import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { clerkFolders } from "../support/clerk-check.js";
import { buildLoket } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";

/**
 * Held-out acceptance (ops2, 2026-12-02): a clerk's first edit session. A question's kind written in
 * Indonesian (`kind: pilihan`), an alias written twice, a holiday with an impossible date: each
 * error says file:line, what was written, and what to write instead. Written before the change;
 * first run on the unchanged code (93776ee): 2/10 (6 and 10 were already said well).
 */
describe("a clerk's first edits (ops2)", () => {
  const copy = clerkFolders("loket-ops2k-");
  const { edit, check, errors, warnings } = copy;

  describe("a question's kind written in Indonesian", () => {
    it("1: a permit's question 'kind: pilihan': the line, the field, the word written, the word meant, and the kinds there are", async () => {
      const line = await edit("knowledge/permits/izin-reklame.md", "    kind: choice", "    kind: pilihan");
      const [e, ...rest] = await errors();
      expect(rest).toEqual([]);
      expect(e).toMatchObject({ file: "knowledge/permits/izin-reklame.md", line });
      expect(e!.message).toContain("jenis_reklame");
      expect(e!.message).toContain('"pilihan"');
      expect(e!.message).toContain("choice");
      expect(e!.message).toMatch(/text.*nik.*phone.*email.*date.*number/);
      expect(e!.message).not.toMatch(/kind: kind/);
    });
    it("2: a flow's question 'kind: pilihan': the word written, and that a flow's question offers no choices (a choose step does)", async () => {
      const line = await edit("flows/apply.yaml", "{ id: alamat, label: field.label.alamat, kind: text", "{ id: alamat, label: field.label.alamat, kind: pilihan");
      const [e, ...rest] = await errors();
      expect(rest).toEqual([]);
      expect(e).toMatchObject({ file: "flows/apply.yaml", line });
      expect(e!.message).toContain("alamat");
      expect(e!.message).toContain('"pilihan"');
      expect(e!.message).toContain("type: choose");
    });
    it("3: a flow's question 'kind: tanggal': the word meant, date", async () => {
      await edit("flows/apply.yaml", "{ id: alamat, label: field.label.alamat, kind: text", "{ id: alamat, label: field.label.alamat, kind: tanggal");
      const [e] = await errors();
      expect(e!.message).toContain('"tanggal"');
      expect(e!.message).toContain('"date"');
    });
    it("4: a permit's question 'kind: teks': the word written and the word meant", async () => {
      await edit("knowledge/permits/izin-reklame.md", "    kind: text\n    pin: true", "    kind: teks\n    pin: true", "kind: teks");
      const [e] = await errors();
      expect(e!.message).toContain('"teks"');
      expect(e!.message).toContain('"text"');
    });
  });

  describe("an alias written twice", () => {
    it("5: the same alias twice in one permit is a warning (nothing is ambiguous), with both lines", async () => {
      const line = await edit("knowledge/permits/pbg.md", "  - izin bangunan\n", "  - izin bangunan\n  - imb\n", "  - imb");
      expect(await errors()).toEqual([]);
      const w = (await warnings()).find((i) => /imb/i.test(i.message));
      expect(w).toMatchObject({ file: "knowledge/permits/pbg.md", line, warning: true });
      expect(w!.message).toMatch(/line 7\b/);
    });
    it("6: one alias on two permits is an error naming both file:line places", async () => {
      await edit("knowledge/permits/slf.md", "  - laik fungsi\n", "  - laik fungsi\n  - izin bangunan\n", "  - izin bangunan");
      const [e] = await errors();
      expect(e!.message).toContain("knowledge/permits/pbg.md:9");
      expect(e!.message).toContain("knowledge/permits/slf.md:10");
    });
    it("7: a keyword twice in one permit is a warning too", async () => {
      await edit("knowledge/permits/pbg.md", "  - buat rumah\n", "  - buat rumah\n  - bangun rumah\n", "  - bangun rumah\n  - membangun");
      expect(await errors()).toEqual([]);
      expect((await warnings()).some((i) => /bangun rumah/.test(i.message))).toBe(true);
    });
    it("8: start-up says the alias written twice (file:line) and starts", async () => {
      await edit("knowledge/permits/pbg.md", "  - izin bangunan\n", "  - izin bangunan\n  - imb\n", "  - imb");
      const lines: string[] = [];
      const logger = pino({ level: "info" }, { write: (s: string) => void lines.push(s) });
      const config = loadConfig({ DATA_DIR: join(copy.dir, "data"), KNOWLEDGE_DIR: join(copy.dir, "knowledge"), FLOWS_DIR: join(copy.dir, "flows"), LOG_LEVEL: "info" });
      const loket = await buildLoket(config, { logger, sweepEveryMs: false, messagesDir: join(copy.dir, "messages") });
      await loket.close();
      const said = lines.map((l) => JSON.parse(l) as { level: number; msg: string; file?: string; line?: number }).find((l) => /imb/i.test(l.msg) && /twice/.test(l.msg));
      expect(said?.level).toBe(40);
      expect(said?.file).toMatch(/pbg\.md$/);
    });
  });

  describe("a holiday added", () => {
    it("9: an impossible date: the date written, and how dates are written", async () => {
      const line = await edit("knowledge/office.yaml", "holidays:\n", 'holidays:\n  - { date: "2026-13-01", name: Hari Jadi Kabupaten }\n', "Hari Jadi Kabupaten");
      const [e, ...rest] = await errors();
      expect(rest).toEqual([]);
      expect(e).toMatchObject({ file: "knowledge/office.yaml", line });
      expect(e!.message).toContain('"2026-13-01"');
      expect(e!.message).toMatch(/YYYY-MM-DD/);
    });
    it("10: a holiday written with 'tanggal:' instead of 'date:': the key meant", async () => {
      await edit("knowledge/office.yaml", "holidays:\n", 'holidays:\n  - { tanggal: "2026-07-27", name: Hari Jadi Kabupaten }\n', "Hari Jadi Kabupaten");
      const all = (await errors()).map((e) => e.message).join("\n");
      expect(all).toMatch(/tanggal/);
      expect(all).toMatch(/date/);
    });
  });
});
