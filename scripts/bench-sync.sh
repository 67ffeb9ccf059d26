#!/usr/bin/env bash
# Sync benchmarks (issue #6): bytes per change, 10,000 changes through an emulated slow link
# (256 kbit/s, 300 ms round trip), and server ingest with 100 devices pushing at once on SQLite
# and PostgreSQL. Builds the release binaries, starts a throwaway PostgreSQL cluster on
# 127.0.0.1 (stopped at exit), prints Markdown rows for docs/benchmarks.md. Arguments go to
# vanthu-syncbench (e.g. --skip-link, --devices 100 --units 50 --per-device 2000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
cargo build --release --locked -p vanthu-bench -p vanthu-server
TARGET="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if ! dpkg -s postgresql >/dev/null 2>&1; then
  echo "==> apt-get install postgresql"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql
fi

# A throwaway cluster with PostgreSQL's durable defaults (fsync and synchronous_commit on):
# the ingest figure must be the one a province would get.
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
PGROOT="$(mktemp -d /tmp/vanthu-pgbench.XXXXXX)"
PGPORT="$(( 20000 + RANDOM % 20000 ))"
as_pg() {
  # initdb and postgres refuse to run as root: run them as the postgres user.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PGROOT"; fi
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
}
trap cleanup EXIT
echo "==> PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT" >&2
as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U vanthu -A trust -E UTF8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c max_connections=200" start >/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U vanthu vanthu_bench

echo "==> load before the run: $(uptime)" >&2
"$TARGET/release/vanthu-syncbench" --pg "postgres://vanthu@127.0.0.1:$PGPORT/vanthu_bench" \
  --pg-data "$PGROOT/data" "$@"
echo "==> load after the run: $(uptime)" >&2
