#!/usr/bin/env bash
# Installs what the desktop app's end-to-end tests and its run command need beyond
# scripts/setup.sh (which already installs the libraries to compile it): Node.js and npm if
# missing, WebKitWebDriver, Xvfb, fonts with every Vietnamese glyph, and tauri-driver.
# Sourced by scripts/test-ui.sh, scripts/run-app.sh and scripts/bench-app.sh. Idempotent.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

ui_packages=(webkit2gtk-driver xvfb xauth dbus dbus-x11 fonts-noto-core)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  ui_packages+=(nodejs npm)
fi
missing=()
for p in "${ui_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

export PATH="$HOME/.cargo/bin:$PATH"
# tauri-driver 2.x bridges WebDriver clients to WebKitWebDriver (Linux) / msedgedriver (Windows).
if ! tauri-driver --help >/dev/null 2>&1; then
  echo "==> cargo install tauri-driver (^2)"
  cargo install tauri-driver --locked --version '^2'
fi
