#!/usr/bin/env bash
# Desktop app benchmark: cold start to interactive and resident memory at idle, release build,
# with N generated documents in the store (default 50,000). Each run starts a fresh process,
# waits until the home screen has its data (the UI calls `ui_ready`, which writes
# VANTHU_READY_FILE), then lets the app sit idle and sums the resident memory of the app and its
# WebKit helper processes. Usage: scripts/bench-app.sh [N] (RUNS=5 runs by default).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
source scripts/setup-ui.sh

count="${1:-50000}"
runs="${RUNS:-5}"
idle="${IDLE_SECONDS:-5}"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
cargo build --release --locked -p vanthu-app -p vanthu-cli
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
app="$target_dir/release/vanthu-app"
cli="$target_dir/release/vanthu"

data="$PWD/bench-data/app-$count"
if [ ! -f "$data/vanthu.db" ]; then
  echo "==> generating $count documents into $data"
  "$cli" --data-dir "$data" generate --count "$count" --from-year "$(( $(date +%Y) - 3 ))"
fi
work="$(mktemp -d)"
trap 'kill "${xvfb_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

display=":$(( 90 + RANDOM % 100 ))"
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1

# Resident memory (kB) of a process and all its descendants: VmRSS (counts shared libraries
# in each process) and Pss (shares them out, the fairer total).
tree_pids() {
  local p=$1
  echo "$p"
  for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do tree_pids "$c"; done
}
sum_field() {
  local field=$1 total=0 v
  for p in $(tree_pids "$2"); do
    v=$(awk -v f="$field:" '$1 == f { print $2 }' /proc/"$p"/"$3" 2>/dev/null || true)
    total=$(( total + ${v:-0} ))
  done
  echo "$total"
}

# PSS of each process in the tree, named, so a change shows where the memory went.
pss_by_process() {
  local out="" p v
  for p in $(tree_pids "$1"); do
    v=$(awk '$1 == "Pss:" { print $2 }' /proc/"$p"/smaps_rollup 2>/dev/null || true)
    out+="$(cat /proc/"$p"/comm 2>/dev/null || echo "?") $(( ${v:-0} / 1024 )) MB, "
  done
  echo "${out%, }"
}

starts=() rss=() pss=()
for i in $(seq 1 "$runs"); do
  # Cold as far as the app goes: a new process, new webview; the OS file cache is dropped when
  # allowed (root on a real machine), otherwise it stays warm and this is noted in the output.
  if sync && echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then cache="dropped"; else cache="warm"; fi
  ready="$work/ready-$i"
  t0=$(date +%s%N)
  DISPLAY="$display" VANTHU_DATA_DIR="$data" VANTHU_READY_FILE="$ready" XDG_CONFIG_HOME="$work/config" \
    VANTHU_LOG=warn setsid "$app" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    [ -s "$ready" ] && break
    sleep 0.01
  done
  t1=$(date +%s%N)
  if [ ! -s "$ready" ]; then
    echo "run $i: the app did not become interactive within 30 s" >&2
    kill -- -"$pid" 2>/dev/null || true
    exit 1
  fi
  ms=$(( (t1 - t0) / 1000000 ))
  sleep "$idle"
  r=$(sum_field VmRSS "$pid" status)
  s=$(sum_field Pss "$pid" smaps_rollup)
  split=$(pss_by_process "$pid")
  kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  printf 'run %d: interactive after %d ms (app says %s ms), idle RSS %d MB, PSS %d MB, file cache %s\n' \
    "$i" "$ms" "$(tr -d '\n' < "$ready")" $(( r / 1024 )) $(( s / 1024 )) "$cache"
  echo "  PSS by process: $split"
  starts+=("$ms") rss+=("$r") pss+=("$s")
done

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo
echo "VanThu desktop, $count documents, $runs runs (median):"
echo "  cold start to interactive: $(median "${starts[@]}") ms (goal ≤ 1000 ms)"
echo "  resident memory at idle:   RSS $(( $(median "${rss[@]}") / 1024 )) MB, PSS $(( $(median "${pss[@]}") / 1024 )) MB (goal ≤ 150 MB)"
