import { describe, expect, it } from "vitest";
import { isOpen, nextOpening } from "../../src/domain/hours.js";
import { sniff } from "../../src/domain/upload.js";
import type { Office } from "../../src/knowledge/types.js";
import { fixtures } from "../support/fixtures.js";

const office: Office = {
  name: "DPMPTSP",
  shortName: "DPMPTSP",
  address: "-",
  timezone: "Asia/Jakarta",
  hours: {
    mon: [{ open: "08:00", close: "15:30" }],
    fri: [{ open: "08:00", close: "11:00" }, { open: "13:00", close: "15:30" }],
  },
  holidays: [{ date: "2026-12-07", name: "Libur" }],
  contacts: {},
  registrationPrefix: "RBG",
  source: "knowledge/office.yaml",
};
// Jakarta is UTC+7: 08:00 WIB = 01:00Z.
const at = (iso: string) => new Date(iso);

describe("office hours (Asia/Jakarta)", () => {
  it("is open inside an interval and closed outside, on weekends and on holidays", () => {
    expect(isOpen(office, at("2026-11-30T01:00:00Z"))).toBe(true); // Mon 08:00 WIB
    expect(isOpen(office, at("2026-11-30T00:59:00Z"))).toBe(false); // Mon 07:59 WIB
    expect(isOpen(office, at("2026-11-30T08:30:00Z"))).toBe(false); // Mon 15:30 WIB (closed)
    expect(isOpen(office, at("2026-12-04T04:30:00Z"))).toBe(false); // Fri 11:30 WIB (break)
    expect(isOpen(office, at("2026-12-04T06:30:00Z"))).toBe(true); // Fri 13:30 WIB
    expect(isOpen(office, at("2026-11-29T03:00:00Z"))).toBe(false); // Sunday
    expect(isOpen(office, at("2026-12-07T03:00:00Z"))).toBe(false); // Monday holiday
  });

  it("finds the next opening across the break, the weekend and a holiday", () => {
    expect(nextOpening(office, at("2026-12-04T04:30:00Z"))?.toISOString()).toBe("2026-12-04T06:00:00.000Z");
    // Saturday 28 Nov 2026 -> Monday 30 Nov 08:00 WIB
    expect(nextOpening(office, at("2026-11-28T10:00:00Z"))?.toISOString()).toBe("2026-11-30T01:00:00.000Z");
    // Friday 4 Dec after closing -> Monday 7 Dec is a holiday -> Friday 11 Dec (no Tue-Thu hours here)
    expect(nextOpening(office, at("2026-12-04T09:00:00Z"))?.toISOString()).toBe("2026-12-11T01:00:00.000Z");
    // Sunday 23:30 WIB = Sunday 16:30Z -> Monday 08:00 WIB
    expect(nextOpening(office, at("2026-11-29T16:30:00Z"))?.toISOString()).toBe("2026-11-30T01:00:00.000Z");
    expect(nextOpening({ ...office, hours: {} }, at("2026-11-29T16:30:00Z"))).toBeUndefined();
  });
});

describe("file sniffing by bytes", () => {
  it("recognises PDF, JPEG and PNG and nothing else", () => {
    expect(sniff(fixtures.pdf)).toBe("application/pdf");
    expect(sniff(fixtures.jpg)).toBe("image/jpeg");
    expect(sniff(fixtures.png)).toBe("image/png");
    expect(sniff(fixtures.exe)).toBeNull();
    expect(sniff(Buffer.from("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniff(Buffer.alloc(0))).toBeNull();
  });
});

describe("file sniffing: what looks almost right is still refused", () => {
  it("refuses truncated signatures, other formats and a PDF marker buried past 1 KB", () => {
    expect(sniff(fixtures.png.subarray(0, 7))).toBeNull();
    expect(sniff(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(sniff(Buffer.from("PK\u0003\u0004word/document.xml"))).toBeNull(); // .docx / .zip
    expect(sniff(Buffer.from("GIF89a\u0001\u0000"))).toBeNull();
    expect(sniff(Buffer.concat([Buffer.alloc(1100, 0x20), fixtures.pdf]))).toBeNull();
    // Readers allow a little junk before the PDF header; so do we.
    expect(sniff(Buffer.concat([Buffer.from("\r\n"), fixtures.pdf]))).toBe("application/pdf");
  });
});

describe("office hours with the real knowledge file", () => {
  it("Friday break and a national holiday from knowledge/office.yaml", async () => {
    const { loadKnowledge } = await import("../../src/knowledge/load.js");
    const kb = await loadKnowledge("knowledge");
    expect(isOpen(kb.office, at("2026-12-01T02:00:00Z"))).toBe(true); // Tue 09:00 WIB
    expect(isOpen(kb.office, at("2026-01-01T02:00:00Z"))).toBe(false); // Thu 1 Jan 2026, Tahun Baru
    expect(nextOpening(kb.office, at("2026-01-01T02:00:00Z"))?.toISOString()).toBe("2026-01-02T01:00:00.000Z");
  });
});
