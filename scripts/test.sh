#!/usr/bin/env bash
# The whole test suite: installs the Debian packages the tests need when missing
# (redis-server, chromium), type-checks, runs vitest and prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-noto-core)
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
report=.test-tmp/vitest.json
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
if [ -f "$report" ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
  ' "$report"
else
  echo "0 passed, 1 failed"
  status=1
fi
exit $status
