#!/usr/bin/env bash
# Builds release binaries, generates data and prints every benchmark beside its raw-SQLite
# baseline. Arguments go to vanthu-bench (e.g. --generate 50000 --list-size 1000000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
cargo build --release --locked -p vanthu-bench -p vanthu-cli
target/release/vanthu-bench "$@"
# Report and register render times (vanthu-report, release build).
cargo bench --locked -p vanthu-report --bench render
