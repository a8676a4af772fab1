import { afterEach, describe, expect, it } from "vitest";
import { answerValidly, askingField, lastOf, openFormUntil } from "../support/forms.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

/**
 * Journeys review of 30 November 2026 (c): every permit walked as a citizen would, from the
 * first question to the survey, through the whole runtime. One test per defect found.
 */
describe("journeys review 2026-11-30c", () => {
  let t: TestLoket | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("the example in a date question is a date that question takes: the research permit's start date (from today on) did not offer 17-08-2026 on 30 November 2026", async () => {
    for (const at of ["2026-11-30T03:00:00Z", "2027-09-01T03:00:00Z"]) {
      await t?.close();
      t = await createTestLoket({ now: () => new Date(at) });
      await openFormUntil(t, "saya mau mengajukan izin penelitian", "tanggal_mulai");
      const prompt = lastOf(t.last)!.text;
      const example = /misalnya (\d{2}-\d{2}-\d{4})/.exec(prompt)?.[1];
      expect(example, prompt).toBeTruthy();
      const reply = textOf(await t.say(example!));
      expect(askingField(t), `${at}: ${example} -> ${reply}`).toBe("lama_penelitian");
    }
  });

  it("the receipt and the status check do not say \"Lama proses: Lama proses SLF di Rembang belum …\": a permit whose processing time is not known yet (SLF, research permit) reads once", async () => {
    for (const opening of ["saya mau mengajukan SLF", "saya mau mengajukan izin penelitian"]) {
      await t?.close();
      t = await createTestLoket({ now: () => new Date("2026-11-30T03:00:00Z") });
      await openFormUntil(t, opening, "confirm", { date: "17-12-2026" });
      const receipt = textOf(await t.say("ya"));
      const number = /RBG-\d{4}-\d{6}/.exec(receipt)?.[0];
      expect(number, receipt).toBeTruthy();
      expect(receipt).not.toMatch(/Lama proses:\s*Lama proses/i);
      const status = textOf(await t.say(`cek status ${number} 7890`));
      expect(status).toContain(number);
      expect(status).not.toMatch(/Lama proses:\s*Lama proses/i);
    }
  });

  it("\"saya mau mengajukan permohonan izin\" (no permit named) is asked which permit to apply for (\"… ajukan?\"), not \"Izin apa yang ingin Bapak/Ibu tanyakan?\" as for a question; naming it then opens the application", async () => {
    t = await createTestLoket();
    for (const opening of ["saya mau mengajukan permohonan izin", "mau daftar izin", "mau ajukan izin praktik"]) {
      t.conversationId = `web:${opening}`;
      const asked = textOf(await t.say(opening));
      if (!lastOf(t.last)?.choices?.length) expect(asked).toContain("ajukan?");
      expect(asked).not.toContain("tanyakan");
      // Named, or (not sure which one) tapped among the candidates: the application opens.
      const choice = lastOf(t.last)?.choices?.find((c) => /Bidan/.test(c.label));
      expect(textOf(choice ? await t.tap(choice.id) : await t.say("SIP bidan"))).toContain("Surat Izin Praktik Bidan");
      expect(lastOf(t.last)?.expects?.field).toBe("consent");
    }
  });

  it("an incidental banner (spanduk, umbul-umbul) is not asked for the construction drawing of a billboard; a fixed billboard still is", async () => {
    const documentsAsked = async (jenis: string): Promise<string[]> => {
      await t?.close();
      t = await createTestLoket();
      await openFormUntil(t, "saya mau mengajukan izin reklame", "jenis_reklame");
      await t.tap(lastOf(t.last)!.choices!.find((c) => c.id.endsWith(`.${jenis}`))!.id);
      const asked: string[] = [];
      for (let i = 0; i < 40 && askingField(t) !== "confirm"; i++) {
        if (lastOf(t.last)?.expects?.kind === "file") asked.push(askingField(t)!);
        await answerValidly(t);
      }
      return asked;
    };
    expect(await documentsAsked("insidentil")).not.toContain("gambar_konstruksi");
    expect(await documentsAsked("tetap")).toContain("gambar_konstruksi");
  });

  it("\"setuju\" typed at \"Izin apa yang ingin Bapak/Ibu ajukan?\" (after \"kembali\" at the consent) is not taken for PBG or PKKPR, whose names hold \"Persetujuan\"", async () => {
    t = await createTestLoket();
    await t.say("saya bidan mau urus SIP");
    await t.say("kembali");
    expect(lastOf(t.last)?.expects?.field).toBe("permit");
    for (const word of ["setuju", "ya setuju"]) {
      const reply = await t.say(word);
      const offered = reply.flatMap((r) => r.choices?.map((c) => c.label) ?? []);
      expect(offered.join(" | "), textOf(reply)).not.toMatch(/PBG|PKKPR/);
      expect(lastOf(reply)?.expects?.field).toBe("permit");
    }
    // "SIP" is a yes word too ("oke sip"), but here it names the practice permits.
    const sip = await t.say("SIP");
    expect(sip.flatMap((r) => r.choices?.map((c) => c.label) ?? []).join(" | "), textOf(sip)).toContain("Surat Izin Praktik Bidan");
  });

  it("\"ya\" under \"Nomor registrasi terakhir di percakapan ini: RBG-…\" at \"cek status\" checks that number, instead of \"Format nomor registrasi belum sesuai\"", async () => {
    t = await createTestLoket();
    await openFormUntil(t, "saya mau mengajukan izin reklame", "confirm");
    const number = /RBG-\d{4}-\d{6}/.exec(textOf(await t.say("ya")))![0];
    // The chat that applied is answered at once; another chat that checked the number is shown it.
    expect(textOf(await t.say("cek status"))).toContain(`Permohonan *${number}*`);
    const other = (text: string) => t!.send({ conversationId: "web:another-chat", text });
    await other(`cek status ${number} 7890`);
    expect(textOf(await other("cek status"))).toContain(number);
    const reply = textOf(await other("ya"));
    expect(reply).not.toContain("Format nomor registrasi");
    expect(reply).toContain("4 angka terakhir");
    expect(textOf(await other("7890"))).toContain(`Permohonan *${number}*`);
  });
});
