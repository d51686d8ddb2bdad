#!/usr/bin/env bash
# Builds Till, the hand-written baseline, the load driver and the seeder (Release, into
# bench/.artifacts so the source tree's bin/ and obj/ are left alone), then for SQLite and
# PostgreSQL with the same settings:
#   1. the baseline under the driver                       -> baseline.json
#   2. Till under the driver, with the ratio to the baseline -> till.json
#   3. (HISTORY=1) Till on an empty database and on one seeded with 100,000 sessions and
#      1,000,000 activities, readers asking for 250-session pages -> empty-250.json, history-250.json;
#      then one client alone listing 250-session pages on each -> empty-list.json, history-list.json
# Each driver run starts its server itself (--serve) and measures the server's CPU time.
#
# Usage: bench/run.sh [sqlite] [postgres]        (both when none is named)
# Settings (environment): DURATION=20 WARMUP=30 CONCURRENCY=50 READERS=2 HISTORY=1
#   PG=postgres://till:till@127.0.0.1:5432   (databases till_bench_* are dropped and created with psql)
#   OUT=bench/results/<time>                  (reports, JSON and server logs)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. bench/lib.sh

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-30}
CONCURRENCY=${CONCURRENCY:-50}
READERS=${READERS:-2}
HISTORY=${HISTORY:-1}
PG=${PG:-postgres://till:till@127.0.0.1:5432}
OUT=${OUT:-$root/bench/results/$(date +%Y%m%d-%H%M%S)}
ADMIN_KEY=bench-admin-key
backends=("$@")
[ ${#backends[@]} -eq 0 ] && backends=(sqlite postgres)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$OUT"
dbdir=$(mktemp -d /tmp/till-bench-db.XXXXXX)
trap 'rm -rf "$dbdir"' EXIT

echo "== build (Release, into $ART)"
for project in src/Till.Server bench/Till.Baseline bench/Till.LoadDriver; do
  dotnet build "$project" -c Release --artifacts-path "$ART" -p:TillSkipGraphiQL=true --verbosity quiet -nologo >/dev/null
done
server=$(built Till.Server)
baseline=$(built Till.Baseline)
driver=$(built Till.LoadDriver)

{
  echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "settings: duration ${DURATION}s, warm-up ${WARMUP}s, ${CONCURRENCY} devices, ${READERS} readers"
} | tee "$OUT/machine.txt"

# Fresh database for a run: a file in $dbdir, or a PostgreSQL database created with psql.
fresh_db() {
  local backend=$1 name=$2
  if [ "$backend" = sqlite ]; then
    rm -f "$dbdir/$name.db" "$dbdir/$name.db-wal" "$dbdir/$name.db-shm"
    echo "$dbdir/$name.db"
  else
    fresh_pg_db "till_bench_$name"
  fi
}

drive() { # name target port database-url extra-driver-args...
  local name=$1 target=$2 port=$3 db=$4; shift 4
  local serve
  if [ "$target" = till ]; then serve=$(till_serve "$port" "$db"); else serve=$(baseline_serve "$port" "$db"); fi
  echo
  echo "-- $name (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  dotnet "$driver" --url "http://127.0.0.1:$port" --admin-key "$ADMIN_KEY" --target "$target" --database "$backend" \
    --concurrency "$CONCURRENCY" --readers "$READERS" --duration "$DURATION" --warmup "$WARMUP" \
    --serve "$serve" --serve-log "$OUT/$backend-$name.server.log" --out "$OUT/$backend-$name.json" "$@" | tee "$OUT/$backend-$name.txt"
}

for backend in "${backends[@]}"; do
  echo
  echo "==== $backend"
  drive baseline baseline 5090 "$(fresh_db "$backend" baseline)" --label "baseline on $backend"
  drive till till 5080 "$(fresh_db "$backend" till)" --label "Till on $backend" --compare "$OUT/$backend-baseline.json"

  if [ "$HISTORY" = 1 ]; then
    empty_db=$(fresh_db "$backend" empty)
    drive empty-250 till 5080 "$empty_db" --list-first 250 --label "Till on $backend, empty database, 250-session pages"
    history_db=$(fresh_db "$backend" history)
    echo
    echo "-- seeding $history_db"
    # 50 drawers in 5 locations, two shifts a day for 1,000 days: 100,000 sessions, about 1,000,000 activities
    dotnet "$server" seed --database "$history_db" --days 1000 --locations 5 --drawers 10 --sales 9 | tee "$OUT/$backend-seed.txt"
    shop=$(awk '/^shop:/ {print $2}' "$OUT/$backend-seed.txt")
    token=$(awk '/^token:/ {print $2}' "$OUT/$backend-seed.txt")
    drive history-250 till 5080 "$history_db" --shop "$shop" --token "$token" --list-first 250 \
      --label "Till on $backend, 1,000,000-activity history, 250-session pages" --compare "$OUT/$backend-empty-250.json"
    # Page latency alone: one client, no writers, 250-session pages (the empty database now holds
    # the sessions of the empty-250 run, so its pages are full too).
    drive empty-list till 5080 "$empty_db" --shop "gid://shopify/Shop/1" --list-only --readers 1 --reader-pause 0 --list-first 250 \
      --label "Till on $backend, empty database, 250-session pages, one client"
    drive history-list till 5080 "$history_db" --shop "$shop" --token "$token" --list-only --readers 1 --reader-pause 0 --list-first 250 \
      --label "Till on $backend, 1,000,000-activity history, 250-session pages, one client" --compare "$OUT/$backend-empty-list.json"
  fi
done

echo
echo "reports in $OUT"
