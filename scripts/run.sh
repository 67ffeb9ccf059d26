#!/usr/bin/env bash
# Sets up and runs VanThu. With no arguments: builds the UI and the desktop app and starts it
# (scripts/run-app.sh). `scripts/run.sh cli` runs the `vanthu` command line demo instead: it
# builds, creates a demo unit with a year of realistic data in ./demo-data and prints the
# register; `scripts/run.sh cli ARGS…` (or any other arguments) runs `vanthu ARGS…`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
  exec bash scripts/run-app.sh
fi
if [ "$1" = "cli" ]; then
  shift
fi
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
