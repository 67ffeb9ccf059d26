#!/usr/bin/env bash
# Builds the UI and the desktop app (release) and starts it. Data: the OS's per-user folder
# (~/.local/share/VanThu on Linux), or VANTHU_DATA_DIR. Extra arguments are ignored by the app.
# Without a display (a server, CI) it runs under Xvfb so the window still exists.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
source scripts/setup-ui.sh

(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
cargo build --release --locked -p vanthu-app
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/vanthu-app"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "Không có màn hình (DISPLAY): chạy VanThu trong Xvfb."
  exec xvfb-run -a -s "-screen 0 1366x768x24" "$bin"
fi
exec "$bin"
