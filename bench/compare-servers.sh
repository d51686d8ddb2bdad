#!/usr/bin/env bash
# Two builds of Till's server under the load driver's SQLite mix, side by side: each round runs
# raw SQLite's same transactions on one thread (bench/Till.RawSqlite), then A, B, B, A, each on a
# fresh database, so a drift of the machine's speed falls on both builds alike. It prints every
# run's mutations/s and, at the end, each build's mean and its ratio to raw SQLite's mean.
#
# Usage: bench/compare-servers.sh A.dll B.dll
#   e.g. build another commit with
#   git archive REV | tar -x -C /tmp/rev && dotnet build /tmp/rev/bench/ratios.slnf -c Release --artifacts-path /tmp/rev/art -p:TillSkipGraphiQL=true
#   and give /tmp/rev/art/bin/Till.Server/release/Till.Server.dll as A.
# Settings: ROUNDS=3, PORT=5380, CONCURRENCY=50, READERS=2, WARMUP=15, DURATION=10,
#           OUT=bench/results/compare-<time>, ADMIN_KEY=bench-admin-key
# Needs this checkout's Release build of bench/ratios.slnf in bench/.artifacts (bench/ratios.sh makes it) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { sed -n '2,13p' "$0"; exit 2; }
A=$(realpath "$1")
B=$(realpath "$2")
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-5380}
CONCURRENCY=${CONCURRENCY:-50}
READERS=${READERS:-2}
WARMUP=${WARMUP:-15}
DURATION=${DURATION:-10}
ADMIN_KEY=${ADMIN_KEY:-bench-admin-key}
OUT=${OUT:-bench/results/compare-$(date -u +%Y%m%dT%H%M%S)}
. bench/lib.sh
driver=$(built Till.LoadDriver)
raw=$(built Till.RawSqlite)
mkdir -p "$OUT"
echo "A: $A" | tee "$OUT/summary.txt"
echo "B: $B" | tee -a "$OUT/summary.txt"

run_raw() { # name
  rm -f "$OUT/$1.db"*
  dotnet "$raw" --database "$OUT/$1.db" --per-commit 1 --devices "$CONCURRENCY" --warmup "$WARMUP" --duration "$DURATION" --out "$OUT/$1.json" >"$OUT/$1.txt"
  rm -f "$OUT/$1.db"*
  echo "$1 $(sed -nE 's#^mutations/s: ([0-9.]+);.*#\1#p' "$OUT/$1.txt")" | tee -a "$OUT/summary.txt"
}

run_server() { # name dll
  rm -f "$OUT/$1.db"*
  server=$2
  dotnet "$driver" --serve "$(till_serve "$PORT" "$OUT/$1.db")" --url "http://127.0.0.1:$PORT" \
    --concurrency "$CONCURRENCY" --readers "$READERS" --warmup "$WARMUP" --duration "$DURATION" --out "$OUT/$1.json" >"$OUT/$1.txt"
  rm -f "$OUT/$1.db"*
  echo "$1 $(sed -nE 's#^mutations/s \(both together\): ([0-9.]+).*#\1#p' "$OUT/$1.txt")" | tee -a "$OUT/summary.txt"
}

for round in $(seq 1 "$ROUNDS"); do
  run_raw "raw-$round"
  run_server "a-$round-1" "$A"
  run_server "b-$round-1" "$B"
  run_server "b-$round-2" "$B"
  run_server "a-$round-2" "$A"
done
run_raw "raw-$((ROUNDS + 1))"

awk '
  { side = substr($1, 1, 1); sum[side] += $2; n[side]++ }
  END {
    raw = sum["r"] / n["r"]
    printf "raw SQLite: %.0f mutations/s (mean of %d)\n", raw, n["r"]
    printf "A: %.0f mutations/s (mean of %d), %.2fx raw\n", sum["a"] / n["a"], n["a"], sum["a"] / n["a"] / raw
    printf "B: %.0f mutations/s (mean of %d), %.2fx raw; B/A %.2fx\n", sum["b"] / n["b"], n["b"], sum["b"] / n["b"] / raw, (sum["b"] / n["b"]) / (sum["a"] / n["a"])
  }' <(grep -E '^(raw|a|b)-' "$OUT/summary.txt") | tee -a "$OUT/summary.txt"
