#!/usr/bin/env bash
# Sequential pointOfSaleDevicePaymentSessionAdjust on PostgreSQL: `till serve` on a fresh database
# (its demo shop, no webhook subscription), one open session, and wrk with one connection sending
# the same adjust again and again, so every request waits for the one before it.
#
#   1. throughput: the server talks to PostgreSQL directly; adjusts/s and latency over DURATION s;
#   2. round trips: the server is started again on the same database behind Till.Ratios pgwire,
#      and the counters read before and after another DURATION s run are divided by the adjusts
#      answered in between.
#
# Usage: PG=postgres://till@127.0.0.1:5432 bench/sequential-adjust.sh
# Settings: PG (a server where DB may be dropped and made again), DB=till_sequential_adjust,
#           PORT=5390 (Till; the wire counter takes PORT+20 and PORT+21), WARMUP=3, DURATION=10,
#           OUT=bench/results/sequential-adjust-<time>, SERVER=<a Till.Server.dll> (default: this checkout's Release build)
# Needs a Release build of src/Till.Server and bench/Till.Ratios, wrk, psql and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
PG=${PG:-postgres://till:till@127.0.0.1:5432}
DB=${DB:-till_sequential_adjust}
PORT=${PORT:-5390}
WARMUP=${WARMUP:-3}
DURATION=${DURATION:-10}
OUT=${OUT:-bench/results/sequential-adjust-$(date -u +%Y%m%dT%H%M%S)}
mkdir -p "$OUT"
server=${SERVER:-src/Till.Server/bin/Release/net10.0/Till.Server.dll}
ratios=bench/Till.Ratios/bin/Release/net10.0/Till.Ratios.dll
BASE=http://127.0.0.1:$PORT

psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
hostport=$(sed -E 's#^[a-z]+://([^@/]*@)?([^/]+).*#\2#' <<<"$PG")
creds=$(sed -E 's#^[a-z]+://(([^@/]*)@)?.*#\2#' <<<"$PG")
wired="postgres://${creds:+$creds@}127.0.0.1:$((PORT + 20))"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start() { # database-url log ready-pattern
  dotnet "$server" serve --database "$1" --urls "$BASE" --throttle-maximum 100000000 --throttle-restore-rate 100000000 >"$2" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do grep -q "$3" "$2" && return 0; sleep 0.5; done
  cat "$2"; exit 1
}
stop() { kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }

start "$PG/$DB" "$OUT/server-direct.log" "^ *BASE=" # the demo banner's last line: the token is above it
token=$(sed -n 's/^ *TOKEN=//p' "$OUT/server-direct.log")
device=$(sed -n 's/^Device: *\([^ ]*\).*/\1/p' "$OUT/server-direct.log")
staff=$(sed -n 's/^Staff member: *//p' "$OUT/server-direct.log")
currency=$(sed -n 's/^Demo shop:.*, \([A-Z]*\))$/\1/p' "$OUT/server-direct.log")
gql() { curl -s "$BASE/admin/api/2026-04/graphql.json" -H 'Content-Type: application/json' -H "X-Shopify-Access-Token: $token" -d "$1"; }
opened=$(gql "{\"query\":\"mutation(\$d: ID!, \$s: ID!) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: \$d, staffMemberId: \$s, balance: { amount: \\\"100.00\\\", currencyCode: $currency }) { pointOfSaleDevicePaymentSession { id } userErrors { code } } }\",\"variables\":{\"d\":\"$device\",\"s\":\"$staff\"}}")
session=$(sed -E 's/.*"id":"([^"]*)".*/\1/' <<<"$opened")
[[ "$session" == gid://* ]] || { echo "open failed: $opened"; exit 1; }
printf 'POST /admin/api/2026-04/graphql.json\t%s\n' \
  "{\"query\":\"mutation(\$id: ID!, \$s: ID!) { pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: \$id, staffMemberId: \$s, cash: { amount: \\\"1.00\\\", currencyCode: $currency }) { pointOfSaleDevicePaymentSession { id } userErrors { field message } } }\",\"variables\":{\"id\":\"$session\",\"s\":\"$staff\"}}" >"$OUT/adjust.req"

run() { # name seconds
  TILL_REQUESTS="$OUT/adjust.req" TILL_TOKEN="$token" wrk -t1 -c1 -d"$2"s --latency -s bench/wrk/till.lua "$BASE" >"$OUT/$1.txt"
}
run warmup "$WARMUP"
run direct "$DURATION"
stop

dotnet "$ratios" pgwire --listen "127.0.0.1:$((PORT + 20))" --upstream "$hostport" --counters "127.0.0.1:$((PORT + 21))" >"$OUT/pgwire.log" 2>&1 &
pids+=($!)
sleep 2
start "$wired/$DB" "$OUT/server-wired.log" "^Till is listening" # the demo shop exists now: no banner
run warmup-wired "$WARMUP"
curl -s "http://127.0.0.1:$((PORT + 21))/" >"$OUT/counters-before.json"
run wired "$DURATION"
curl -s "http://127.0.0.1:$((PORT + 21))/" >"$OUT/counters-after.json"

python3 - "$OUT" <<'EOF'
import json, sys
out = sys.argv[1]
def wrk(name):
    return json.loads(next(l for l in open(f"{out}/{name}.txt") if l.startswith("{")))
direct, wired = wrk("direct"), wrk("wired")
before = json.load(open(f"{out}/counters-before.json"))
after = json.load(open(f"{out}/counters-after.json"))
lat = direct["latencyUs"]
print(f"direct: {direct['requests']} adjusts in {direct['durationUs'] / 1e6:.1f} s = {direct['requests'] / (direct['durationUs'] / 1e6):.0f}/s, "
      f"bad {direct['bad']}, latency p50 {lat['p50'] / 1000:.2f} ms, p99 {lat['p99'] / 1000:.2f} ms")
n = wired["requests"]
print(f"wired:  {n} adjusts, bad {wired['bad']}; per adjust {(after['roundTrips'] - before['roundTrips']) / n:.2f} round trips, "
      f"{(after['statements'] - before['statements']) / n:.2f} statements")
EOF
