#!/usr/bin/env bash
# The whole test suite: installs the Debian packages the tests need when missing
# (redis-server, chromium and its fonts, zbar-tools for reading QR codes back), type-checks, runs vitest, a short
# run of the benchmark harness and a scan of every log line, and prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-noto-core)
command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
# The emoji in Loket's messages (📝 Langkah, ✅), drawn in the browser tests as the container image draws them.
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need+=(fonts-noto-color-emoji)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing ${need[*]} from Debian packages..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Missing ${need[*]}: install with 'sudo apt-get install ${need[*]}'" >&2
  fi
fi

[ -d node_modules ] || npm ci

echo "== typecheck"
npx tsc --noEmit -p . || { echo "0 passed, 1 failed"; exit 1; }

echo "== vitest"
mkdir -p .test-tmp
rm -rf .test-tmp/logs && mkdir -p .test-tmp/logs
export LOKET_TEST_LOG_DIR="$PWD/.test-tmp/logs"
report=.test-tmp/vitest.json
rm -f "$report"
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?

# The benchmark harness, briefly (whole-suite runs only): it must still run end to end.
bench=0
if [ $# -eq 0 ]; then
  echo "== benchmark harness (short run)"
  node scripts/bench-smoke.mjs
  bench=$?
  [ $bench -ne 0 ] && status=1
fi

# One more check over the whole suite's output: no personal data in any log line.
echo "== log scan"
node scripts/scan-logs.mjs "$LOKET_TEST_LOG_DIR"
scan=$?
[ $scan -ne 0 ] && status=1

if [ -f "$report" ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const scanFailed = process.argv[2] !== "0";
    // The short benchmark run counts as one test when it ran: "skip" when it did not.
    const bench = process.argv[3];
    const passed = r.numPassedTests + (scanFailed ? 0 : 1) + (bench === "0" ? 1 : 0);
    const failed = r.numFailedTests + (scanFailed ? 1 : 0) + (bench !== "0" && bench !== "skip" ? 1 : 0);
    // The last line is exactly "N passed, N failed" (what CI reads); skipped tests (the shared
    // evaluation set when ../shared is not beside the checkout) are said on the line before.
    if (r.numPendingTests) console.log(`(${r.numPendingTests} skipped)`);
    console.log(`${passed} passed, ${failed} failed`);
  ' "$report" "$scan" "$([ $# -eq 0 ] && echo $bench || echo skip)"
else
  echo "0 passed, 1 failed"
  status=1
fi
exit $status
