// A clerk renames the applicant's fields in flows/apply.yaml (hp -> telepon, nik -> no_ktp,
// nama -> nama_pemohon): several labelled answers in one message ("nama Budi, nik 3317…, hp
// 0812…") still fill them, read by the field's kind (nik, phone, email) or by its `holds` (name,
// address; `nama` and `alamat` hold them by default), not by the ids Loket shipped with. The check
// names the form when no field holds the applicant's name, which staff find applications by.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applicantFieldIds, loadFlows } from "../../src/engine/flows/load.js";
import { applicationRow, filterApplications } from "../../src/staff/applications.js";
import type { Application } from "../../src/domain/records.js";
import { edit, lines } from "../support/flow-files.js";
import { askingField, openFormUntil, submitForm } from "../support/forms.js";
import { createTestLoket, textOf, type TestLoket } from "../support/loket.js";

const dirs: string[] = [];
let t: TestLoket | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function copiedFlows(): string {
  const dir = mkdtempSync(join(tmpdir(), "loket-renamed-fields-"));
  dirs.push(dir);
  cpSync("flows", dir, { recursive: true });
  return dir;
}

describe("the applicant's fields renamed by a clerk", () => {
  it("'nama Budi, nik 3317…, hp 0812…' fills nik and the phone renamed no_ktp and telepon: the phone is not asked again", async () => {
    const dir = copiedFlows();
    edit(dir, "apply.yaml", "{ id: nik,", "{ id: no_ktp,");
    edit(dir, "apply.yaml", "{ id: hp,", "{ id: telepon,");
    edit(dir, "apply.yaml", "{ id: email,", "{ id: surel,");
    t = await createTestLoket({ env: { FLOWS_DIR: dir } });
    await openFormUntil(t, "saya perawat mau ajukan SIP", "nama");
    const reply = textOf(await t.say("nama Budi Santoso, nik 3317 0145 0790 0001, hp 0812-3456-7890, email budi@gmail.com"));
    expect(reply).toContain("sudah kami catat");
    expect(askingField(t)).toBe("alamat");
    const app = await submitForm(t);
    expect(app.fields).toMatchObject({ nama: "Budi Santoso", no_ktp: "3317014507900001", telepon: "+6281234567890", surel: "budi@gmail.com" });
  });

  it("a name and an address renamed and marked `holds: name` / `holds: address` are filled from their labels", async () => {
    const dir = copiedFlows();
    edit(dir, "apply.yaml", "{ id: nama,", "{ id: nama_pemohon, holds: name,");
    edit(dir, "apply.yaml", "{ id: alamat,", "{ id: alamat_rumah, holds: address,");
    t = await createTestLoket({ env: { FLOWS_DIR: dir } });
    await openFormUntil(t, "saya perawat mau ajukan SIP", "nama_pemohon");
    await t.say("nama saya Siti Aminah, nik 3317014507900001, wa 081234567890, alamat Jl. Pemuda 12 RT 03/RW 05, Sumber");
    expect(askingField(t)).toBe("email");
    await t.say("lewati");
    expect(askingField(t)).toBe("nomor_str");
    const app = await submitForm(t);
    expect(app.fields).toMatchObject({ nama_pemohon: "Siti Aminah", hp: "+6281234567890", alamat_rumah: "Jl. Pemuda 12 RT 03/RW 05, Sumber" });
  });

  it("staff's list shows and finds the applicant by the field that holds the name, whatever it is called", async () => {
    const dir = copiedFlows();
    edit(dir, "apply.yaml", "{ id: nama,", "{ id: nama_pemilik, holds: name,");
    const names = applicantFieldIds(await loadFlows(dir)).name;
    expect(names).toEqual(["nama_pemilik"]);
    expect(applicantFieldIds(await loadFlows("flows")).name).toEqual(["nama"]);
    const app = { number: "RBG-2026-000001", permit: "sip-perawat", status: "received", channel: "web", submittedAt: "2026-12-01T03:00:00.000Z", updatedAt: "2026-12-01T03:00:00.000Z", fields: { nama_pemilik: "Siti Aminah", nik: "3317014507900001" } } as unknown as Application;
    expect(applicationRow(app, names).name).toBe("Siti Aminah");
    expect(filterApplications([app], { q: "aminah" }, names)).toHaveLength(1);
    // Applications stored under the ids used before keep their names.
    const old = { ...app, fields: { nama: "Budi" } } as Application;
    expect(applicationRow(old, names).name).toBe("Budi");
  });

  it("a form that submits an application with no field holding the applicant's name is named at its line", async () => {
    const dir = copiedFlows();
    const line = edit(dir, "apply.yaml", "{ id: nama,", "{ id: nama_pemilik,");
    expect(await lines(dir)).toContainEqual({ file: "apply.yaml", line, message: expect.stringMatching(/no field holds the applicant's name.*holds: name/) });
    edit(dir, "apply.yaml", "{ id: nama_pemilik,", "{ id: nama_pemilik, holds: name,");
    expect(await lines(dir)).toEqual([]);
  });

  it("`holds` is for text questions, one field per value", async () => {
    const dir = copiedFlows();
    const line = edit(dir, "apply.yaml", "{ id: hp,", "{ id: hp, holds: name,");
    expect(await lines(dir)).toContainEqual({ file: "apply.yaml", line, message: expect.stringMatching(/holds: is for a text question \(kind: text\)/) });
    const twice = copiedFlows();
    edit(twice, "apply.yaml", "{ id: nama,", "{ id: nama, holds: name,");
    const second = edit(twice, "apply.yaml", "{ id: alamat,", "{ id: alamat, holds: name,");
    expect(await lines(twice)).toEqual([{ file: "apply.yaml", line: second, message: expect.stringMatching(/field "alamat": "holds: name" is already on field "nama"/) }]);
  });
});
