#!/usr/bin/env bash
# PostgreSQL round trips and statements per mutation, one kind at a time: `till serve` on a fresh
# database (its demo shop), behind Till.Ratios pgwire, and one client that runs the benchmark
# driver's loop on the demo device CYCLES times: open, three cash sales (control API), adjust,
# count, close 0.50 short (so a closing adjustment is booked too). The wire counters are read just
# before and after each request; the background work's round trips (the revocation marker read
# every 250 ms; the webhook and bulk pollers are slowed to once an hour here) are measured while
# idle before and after the loop and subtracted at that rate for the time each request took.
#
# Usage: PG=postgres://till@127.0.0.1:5432 bench/mutation-round-trips.sh
# Settings: PG (a server where DB may be dropped and made again), DB=till_mutation_round_trips,
#           PORT=5590 (Till; the wire counter takes PORT+20 and PORT+21), CYCLES=20,
#           OUT=bench/results/mutation-round-trips-<time>, SERVER=<a Till.Server.dll> (default: this checkout's Release build)
# Needs a Release build of src/Till.Server and bench/Till.Ratios, python3 and psql.
set -euo pipefail
cd "$(dirname "$0")/.."
PG=${PG:-postgres://till:till@127.0.0.1:5432}
DB=${DB:-till_mutation_round_trips}
PORT=${PORT:-5590}
CYCLES=${CYCLES:-20}
OUT=${OUT:-bench/results/mutation-round-trips-$(date -u +%Y%m%dT%H%M%S)}
mkdir -p "$OUT"
server=${SERVER:-src/Till.Server/bin/Release/net10.0/Till.Server.dll}
ratios=bench/Till.Ratios/bin/Release/net10.0/Till.Ratios.dll

psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
hostport=$(sed -E 's#^[a-z]+://([^@/]*@)?([^/]+).*#\2#' <<<"$PG")
creds=$(sed -E 's#^[a-z]+://(([^@/]*)@)?.*#\2#' <<<"$PG")
wired="postgres://${creds:+$creds@}127.0.0.1:$((PORT + 20))"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

dotnet "$ratios" pgwire --listen "127.0.0.1:$((PORT + 20))" --upstream "$hostport" --counters "127.0.0.1:$((PORT + 21))" >"$OUT/pgwire.log" 2>&1 &
pids+=($!)
TILL_WEBHOOK_POLL=3600 TILL_BULK_POLL_MS=3600000 dotnet "$server" serve --database "$wired/$DB" --urls "http://127.0.0.1:$PORT" \
  --throttle-maximum 100000000 --throttle-restore-rate 100000000 >"$OUT/server.log" 2>&1 &
pids+=($!)
log="$OUT/server.log"
for _ in $(seq 1 240); do grep -qs "^ *BASE=" "$log" && break; sleep 0.5; done # the demo banner's last line
grep -q "^ *BASE=" "$log" || { cat "$log"; exit 1; }

python3 - "http://127.0.0.1:$PORT" "$(sed -n 's/^ *TOKEN=//p' "$log")" "$(sed -n 's/^ *ADMIN_KEY=//p' "$log")" \
  "$(sed -n 's/^Demo shop: *\([^ ]*\).*/\1/p' "$log")" "$(sed -n 's/^Device: *\([^ ]*\).*/\1/p' "$log")" "$(sed -n 's/^Staff member: *//p' "$log")" \
  "http://127.0.0.1:$((PORT + 21))/" "$CYCLES" <<'EOF' | tee "$OUT/summary.txt"
import json, sys, time, urllib.parse, urllib.request
base, token, admin, shop, device, staff, counters, cycles = sys.argv[1:8] + [int(sys.argv[8])]

def post(path, body, headers):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", **headers}, method="POST")
    with urllib.request.urlopen(request) as answer:
        return answer.status, json.loads(answer.read() or b"null")

def gql(query, variables):
    status, doc = post("/admin/api/2026-04/graphql.json", {"query": query, "variables": variables}, {"X-Shopify-Access-Token": token})
    payload = next(iter(doc["data"].values())) if status == 200 and "errors" not in doc else None
    if payload is None or payload.get("userErrors"):
        sys.exit(f"mutation failed: {doc}")
    return payload

def read_counters():
    with urllib.request.urlopen(counters) as answer:
        return json.loads(answer.read())

def money(amount):
    return {"amount": amount, "currencyCode": "USD"}

session_payload = "{ pointOfSaleDevicePaymentSession { id } userErrors { field message } }"
OPEN = "mutation($d: ID!, $s: ID!, $b: MoneyInput!) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, staffMemberId: $s, balance: $b) " + session_payload + " }"
ADJUST = "mutation($id: ID!, $s: ID!, $c: MoneyInput!) { pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: $id, staffMemberId: $s, cash: $c, note: \"bank run\") " + session_payload + " }"
COUNT = "mutation($id: ID!, $s: ID!, $b: MoneyInput!) { pointOfSaleDevicePaymentSessionCount(pointOfSaleDevicePaymentSessionId: $id, staffMemberId: $s, balance: $b) " + session_payload + " }"
CLOSE = "mutation($id: ID!, $s: ID!, $b: MoneyInput!) { pointOfSaleDevicePaymentSessionClose(pointOfSaleDevicePaymentSessionId: $id, staffMemberId: $s, balance: $b) " + session_payload + " }"
transactions = "/till/v1/shops/" + urllib.parse.quote(shop, safe="") + "/transactions"

kinds = {kind: {"trips": 0, "statements": 0, "seconds": 0.0, "n": 0} for kind in ["open", "sale", "adjust", "count", "close"]}

def measured(kind, call):
    before, started = read_counters(), time.monotonic()
    result = call()
    seconds, after = time.monotonic() - started, read_counters()
    row = kinds[kind]
    row["trips"] += after["roundTrips"] - before["roundTrips"]
    row["statements"] += after["statements"] - before["statements"]
    row["seconds"] += seconds
    row["n"] += 1
    return result

def sale():
    status, doc = post(transactions, {"deviceId": device, "kind": "SALE", "gateway": "cash", "amount": money("5.00"), "staffMemberId": staff}, {"Authorization": "Bearer " + admin})
    if status != 201:
        sys.exit(f"sale failed: {doc}")

def idle(seconds=5):
    first = read_counters()
    time.sleep(seconds)
    last = read_counters()
    return (last["roundTrips"] - first["roundTrips"]) / seconds, (last["statements"] - first["statements"]) / seconds

idle_before = idle()
cents = 10000
for cycle in range(cycles + 1):
    if cycle == 1:
        kinds = {kind: {"trips": 0, "statements": 0, "seconds": 0.0, "n": 0} for kind in kinds}  # the first loop warms up
    session = measured("open", lambda: gql(OPEN, {"d": device, "s": staff, "b": money(f"{cents / 100:.2f}")}))["pointOfSaleDevicePaymentSession"]["id"]
    for _ in range(3):
        measured("sale", sale)
        cents += 500
    measured("adjust", lambda: gql(ADJUST, {"id": session, "s": staff, "c": money("-1.00")}))
    cents -= 100
    measured("count", lambda: gql(COUNT, {"id": session, "s": staff, "b": money(f"{cents / 100:.2f}")}))
    cents -= 50
    measured("close", lambda: gql(CLOSE, {"id": session, "s": staff, "b": money(f"{cents / 100:.2f}")}))
idle_after = idle()
trip_rate = (idle_before[0] + idle_after[0]) / 2
statement_rate = (idle_before[1] + idle_after[1]) / 2
print(f"background while idle: {idle_before[0]:.1f} and {idle_after[0]:.1f} round trips/s (subtracted at {trip_rate:.1f}/s for each request's time)")
print("mutation  count  round trips  statements  (counted, background included)")
for kind, row in kinds.items():
    n = row["n"]
    print(f"{kind:8s}  {n:5d}  {(row['trips'] - trip_rate * row['seconds']) / n:11.2f}  {(row['statements'] - statement_rate * row['seconds']) / n:10.2f}  ({row['trips'] / n:.2f} / {row['statements'] / n:.2f})")
EOF
