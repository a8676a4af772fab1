/** Minimal valid files, judged by their bytes. */
export const fixtures = {
  pdf: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
  png: Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d6c6a10000000049454e44ae426082", "hex"),
  jpg: Buffer.from("ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffd9", "hex"),
  exe: Buffer.from("4d5a90000300000004000000ffff0000", "hex"),
};

/**
 * A fixture made a file of its own: a marker after its end (where a PDF, a JPEG and a PNG allow
 * trailing bytes; sniffing reads the start). Two documents of one application are two different
 * files, as a citizen's are: the very same bytes sent again right after they were taken are told
 * "already received" and not filed as the next document.
 */
export const ownFile = (kind: "pdf" | "jpg" | "png", tag: string): Buffer => Buffer.concat([fixtures[kind], Buffer.from(`\n%loket-test-file-${tag}\n`, "latin1")]);
