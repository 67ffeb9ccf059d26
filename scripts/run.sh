#!/usr/bin/env bash
# Sets up and runs VanThu. Until the desktop app lands this is the `vanthu` command line:
# with no arguments it builds, creates a demo unit with a year of realistic data in
# ./demo-data and prints the register; with arguments it runs `vanthu ARGS…`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
cargo build --release --locked -p vanthu-cli
bin="$PWD/target/release/vanthu"
if [ "$#" -gt 0 ]; then
  exec "$bin" "$@"
fi
export VANTHU_DATA_DIR="${VANTHU_DATA_DIR:-$PWD/demo-data}"
if [ ! -f "$VANTHU_DATA_DIR/vanthu.db" ]; then
  "$bin" generate --count 2000 --from-year "$(date +%Y)"
fi
"$bin" unit
"$bin" incoming list --limit 15
echo
echo "Dữ liệu ở $VANTHU_DATA_DIR. Thử: scripts/run.sh incoming list --overdue, scripts/run.sh --help"
