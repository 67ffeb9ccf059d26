#!/usr/bin/env bash
# Desktop app tests: svelte-check and Vitest over the UI, then the end-to-end tests driving the
# real app (debug build) in its WebKitGTK webview under Xvfb through tauri-driver.
# Screenshots of every screen: target/e2e-screenshots/*.png. Called by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
source scripts/setup-ui.sh

mkdir -p target
log="$PWD/target/ui-test-output.txt"
: > "$log"

echo "==> ui: npm ci, svelte-check, vitest, build"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run --silent check)
(cd ui && NO_COLOR=1 npx vitest run) 2>&1 | tee -a "$log"
(cd ui && npm run --silent build)

echo "==> build the app (debug), and the provincial server and CLI the sync spec runs against"
cargo build --locked -p vanthu-app -p vanthu-server -p vanthu-cli
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"

echo "==> end-to-end tests in the real webview (Xvfb)"
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
rm -rf target/e2e-screenshots
mkdir -p target/e2e-screenshots
# A private session bus lets the single-instance check run as on a desktop.
# NO_AT_BRIDGE: no accessibility bus in a headless session (only noise in the log).
# The cap: a webview that stops answering (a screenshot that never returns) must fail the run
# in minutes, not hold CI for hours; the whole e2e suite takes about 10 minutes here.
VANTHU_APP="$target_dir/debug/vanthu-app" NO_AT_BRIDGE=1 \
  timeout --kill-after=30s "${VANTHU_E2E_TIMEOUT:-30m}" xvfb-run -a -s "-screen 0 1920x1080x24" dbus-run-session -- \
  node --test --test-concurrency=1 --test-reporter=tap tests/e2e/specs/ 2>&1 | tee -a "$log"
echo "Screenshots: target/e2e-screenshots/"

# One closing line for the UI tests (Vitest's "Tests  N passed" plus node's "# pass N").
awk '/^ *Tests +[0-9]+ (passed|failed)/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
     /^# pass / { p += $3 } /^# fail / { f += $3 }
     END { printf "UI: %d passed, %d failed\n", p, f }' <(sed 's/\x1b\[[0-9;]*m//g' "$log")
