// The applicant's name field renamed by a clerk (flows/apply.yaml: nama -> nama_pemilik, with
// `holds: name`): staff's application list shows the name and finds the application by it.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Application } from "../../src/domain/records.js";
import { edit } from "../support/flow-files.js";
import { startStaffWorld, type StaffWorld } from "./support.js";

let w: StaffWorld | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await w?.close();
  w = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("staff list with the name field renamed", () => {
  it("shows and finds the applicant by the field holding the name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loket-staff-name-"));
    dirs.push(dir);
    cpSync("flows", dir, { recursive: true });
    edit(dir, "apply.yaml", "{ id: nama,", "{ id: nama_pemilik, holds: name,");
    w = await startStaffWorld({ env: { FLOWS_DIR: dir } });
    const permit = w.t.loket.knowledge.permits.find((p) => p.submission.loketCanApply)!.id;
    const at = "2026-03-02T02:00:00.000Z";
    const app: Application = {
      number: "RBG-2026-000201",
      permit,
      conversationId: "web:renamed-name",
      channel: "web",
      fields: { nama_pemilik: "Siti Aminah", nik: "3317014507900001" },
      documents: {},
      phoneLast4: "1234",
      status: "received",
      history: [{ status: "received", at, by: "loket" }],
      submittedAt: at,
      updatedAt: at,
    } as Application;
    await w.t.loket.store.put("applications", app.number, app);
    const budi = await w.login("budi");
    const rows = (q: string) => budi.json<{ applications: { number: string; name?: string }[] }>(`/applications?${q}`);
    expect((await rows("")).applications).toEqual([expect.objectContaining({ number: "RBG-2026-000201", name: "Siti Aminah" })]);
    expect((await rows("q=aminah")).applications.map((a) => a.number)).toEqual(["RBG-2026-000201"]);
  });
});
