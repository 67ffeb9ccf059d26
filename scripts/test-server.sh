#!/usr/bin/env bash
# Suites of the provincial server that need services: the PostgreSQL storage suite (a throwaway
# cluster on 127.0.0.1), the fault-injection harness, and the dashboard in headless Chromium.
# Installs what it needs from Debian's packages and npm; stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
need=()
for p in postgresql chromium nodejs; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ "${#need[@]}" -gt 0 ]; then
  echo "==> apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

# --- A throwaway PostgreSQL cluster -------------------------------------------------------
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
PGROOT="$(mktemp -d /tmp/vanthu-pg.XXXXXX)"
PGPORT="$(( 20000 + RANDOM % 20000 ))"
as_pg() {
  # initdb and postgres refuse to run as root: run them as the postgres user.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PGROOT"; fi
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
}
trap cleanup EXIT
echo "==> PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT"
as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U vanthu -A trust -E UTF8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off -c max_connections=200" start >/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U vanthu vanthu_test
export VANTHU_TEST_PG="postgres://vanthu@127.0.0.1:$PGPORT/vanthu_test"

echo "==> storage suite on PostgreSQL"
# --workspace: the same feature set as scripts/test.sh's run, so nothing is compiled again.
cargo test --workspace --locked --test storage_postgres 2>&1 | tee -a "${CARGO_TARGET_DIR:-target}/test-output.txt"

echo "==> fault injection (randomized; the seed is printed; VANTHU_FAULT_SEED=… repeats a run)"
# `cargo test --workspace` (scripts/test.sh) already built both binaries with this feature set.
cargo test --workspace --locked --test faults -- --nocapture 2>&1 | tee -a "${CARGO_TARGET_DIR:-target}/test-output.txt"

echo "==> push decoder fuzzing: how many cases ran (the test itself is counted in cargo test's totals)"
cargo test --workspace --locked --test fuzz_push_decoder -- --nocapture 2>&1 | grep -E "cases ran|test result" || true

echo "==> dashboard in headless Chromium"
(cd tests/dashboard && npm ci --no-audit --no-fund --silent)
TARGET="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)"
VANTHU_SERVER_BIN="$TARGET/debug/vanthu-server" VANTHU_CLI_BIN="$TARGET/debug/vanthu" \
  node --test tests/dashboard/ 2>&1 | tee -a "${CARGO_TARGET_DIR:-target}/test-output.txt"
