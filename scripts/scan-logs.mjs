// Scans every log line the test suite wrote (LOKET_TEST_LOG_DIR) for personal data and secrets:
// NIKs, phone numbers, Telegram user ids, e-mail addresses, bearer tokens, passwords and the names used in tests.
// Also a key written twice in one line ({"channel":"x","channel":"x"}: log shippers may refuse it).
// Prints one line and exits 1 on any hit.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const patterns = [
  ["NIK", /(?<!\d)\d{16}(?!\d)/],
  ["phone", /(?<![\d.])(?:\+62|62|0)8\d{8,11}(?!\d)/],
  ["e-mail", /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}/],
  ["bearer token", /Bearer\s+[A-Za-z0-9_-]{16,}/],
  ["password", /"password"\s*:\s*"(?!\[redacted\])/],
  ["name", /Siti Rahmawati|Budi Santoso|Siti Aminah/],
  // A citizen's Telegram user id in a conversation id (hashed: "telegram:#…").
  ["Telegram user id", /"telegram:\d+/],
];
const LOG_ID = /\b(whatsapp|telegram):#[0-9a-f]{12}\b/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HEX = /\b[0-9a-f]{24,}\b/gi;
/** The first key that appears twice at the top level of a JSON object line, or undefined. */
function duplicateKey(line) {
  if (!line.startsWith("{")) return undefined;
  const keys = new Set();
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === "\\" ? 2 : 1;
      if (depth === 1 && line[j + 1] === ":") {
        const key = line.slice(i + 1, j);
        if (keys.has(key)) return key;
        keys.add(key);
      }
      i = j;
    } else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
  }
  return undefined;
}
let lines = 0;
const hits = [];
for (const f of readdirSync(dir)) {
  for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
    if (!line) continue;
    lines++;
    // Random ids and hashes are not personal data, but their digits can look like a phone number
    // (a case id ending in "-08749937762b" once failed a run) or a NIK: take them out first. So
    // are conversation ids as logged (src/log.ts logSafeId: 12 hex digits, which may all be
    // decimal: "whatsapp:#089714013436" once failed a run as a phone number).
    const text = line.replace(LOG_ID, "$1:#<hash>").replace(UUID, "<uuid>").replace(HEX, "<hex>");
    for (const [what, re] of patterns) if (re.test(text)) hits.push(`${f}: ${what}: ${line.slice(0, 200)}`);
    const dup = duplicateKey(line);
    if (dup) hits.push(`${f}: key "${dup}" twice in one line: ${line.slice(0, 200)}`);
  }
}
for (const h of hits.slice(0, 20)) console.log(h);
console.log(`log scan: ${lines} log lines from the whole suite, ${hits.length} with personal data, secrets or a key written twice`);
process.exit(hits.length ? 1 : 0);
