#!/usr/bin/env bash
# Installs what VanThu needs on a fresh Debian/Ubuntu machine (idempotent; skips what is there).
# Sourced by run.sh and test.sh. Needs root or sudo for apt.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

apt_packages=(build-essential pkg-config curl ca-certificates)
# The desktop app (src-tauri, a workspace member) links WebKitGTK 4.1 and librsvg (Tauri 2 on Linux).
apt_packages+=(libwebkit2gtk-4.1-dev librsvg2-dev)
# Report tests read the PDFs they render: pdftotext, pdffonts, pdfinfo, pdftoppm (poppler).
apt_packages+=(poppler-utils)
# Token signing tests: SoftHSM2 stands in for a PKCS#11 USB token (vanthu-sign/tests/token.rs).
apt_packages+=(softhsm2)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "==> installing the Rust toolchain with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --default-toolchain 1.95.0
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
# rust-toolchain.toml pins 1.95.0 with rustfmt and clippy; rustup installs it on first use.

# A one-off build (CI, a fresh machine) gains nothing from incremental caches and they cost
# gigabytes of disk; developers keep them.
if [ "${CI:-}" = "true" ]; then export CARGO_INCREMENTAL=0; fi
