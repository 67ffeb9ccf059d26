#!/usr/bin/env bash
# Sets up and runs every test: formatting, lints (warnings denied), and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

echo "==> cargo fmt --check"
cargo fmt --all -- --check
echo "==> cargo clippy (warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "==> cargo test"
cargo test --workspace --locked 2>&1 | tee target/test-output.txt
echo "==> desktop app: Vitest and end-to-end in the real webview"
bash scripts/test-ui.sh
echo "==> provincial server: PostgreSQL suite, fault injection, dashboard in headless Chromium"
bash scripts/test-server.sh
# One closing line over all test binaries, for people and CI.
awk '/^test result:/ { p += $4; f += $6; i += $8 } END { printf "\nTOTAL: %d passed, %d failed, %d skipped\n", p, f, i }' target/test-output.txt
