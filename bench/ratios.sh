#!/usr/bin/env bash
# Measures Till side by side with what it is compared to, in one run on one machine, and writes
# the ratios (each with the two figures it divides and the commands that made them) to
# bench/results/<run>/ratios.md:
#
#   1. GraphQL read of a session's status and totals: a session with 100,000 activities vs one
#      with only its opening count (wrk, 50 connections)                        target >= 0.9x
#   2. pointOfSaleDevicePaymentSessionAdjust on one busy session (wrk, 50 connections), payload
#      with totalAdjustments vs without; the p99 of each                    >= 0.9x, p99 < 50 ms
#   3. { __typename } vs GET /till/v1/health (wrk, 50 connections)             >= 0.5x
#   4. one-day cashManagementLocationSummary and cashManagementShopSummary, one client, on a
#      shop with 1,000,000 activities vs one with 10,000: latency          <= 1.5x and < 20 ms
#   5. the load driver's mix on SQLite (GraphQL mutations and control-API sales reported apart)
#      vs bench/Till.RawSqlite doing the same transactions on one thread, 1 and 20 per commit
#                                                                              >= 0.9x (1 per commit)
#   6. PostgreSQL: round trips and statements per driver mutation (counted on the wire by
#      Till.Ratios pgwire), Till's CPU per mutation vs the hand-written baseline's, pgbench
#      running Till's sale statements (bench/pgbench/sale.sql)
#   7. Till vs the hand-written baseline (bench/Till.Baseline) on the same steps: the driver's
#      mix on both backends, and the adjust step alone under wrk                 >= 1.0x
#
# HTTP load comes from wrk (bench/wrk/till.lua), a separate C program, so the load tool does not
# share a runtime with the server; the server's CPU per request is read from /proc/<pid>/stat.
#
# Usage: bench/ratios.sh                 about 11 minutes
#        QUICK=1 bench/ratios.sh         a smoke run of 2-4 minutes (short points, a 100,000-activity history):
#                                        it checks that everything runs; its figures are not for comparing
# Settings (environment), full-run defaults:
#   WARMUP=10 DURATION=10        seconds of warm-up and of measurement per wrk point
#   SERVER_WARMUP=20             seconds of mixed requests after each server starts, before its first point
#   DRIVER_WARMUP=30 DRIVER_DURATION=10 CONCURRENCY=50 READERS=2   the load driver runs (as bench/run.sh)
#   CONNECTIONS=50               wrk connections for the throughput points (summaries use 1)
#   COUNT_CONCURRENCY=5 COUNT_DURATION=5   the driver runs through the PostgreSQL wire counter
#   PGBENCH_DURATION=DURATION    seconds of pgbench (its clients connect within that time; QUICK uses 5)
#   BUSY_ACTIVITIES=100000 HISTORY_ACTIVITIES=1000000 SMALL_ACTIVITIES=10000
#   PG=postgres://till:till@127.0.0.1:5432   (PG=off skips PostgreSQL; databases till_ratios_* are dropped and created)
#   PORT=5380                    Till listens on PORT (ratio 4's second Till on PORT+1), the baseline on PORT+10, the wire counter on PORT+20 and PORT+21
#   OUT=bench/results/ratios-<time>
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. bench/lib.sh

QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  : "${WARMUP:=1}" "${DURATION:=2}" "${SERVER_WARMUP:=2}" "${DRIVER_WARMUP:=2}" "${DRIVER_DURATION:=3}" "${HISTORY_ACTIVITIES:=100000}" "${COUNT_DURATION:=3}" "${PGBENCH_DURATION:=5}"
fi
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-10}
SERVER_WARMUP=${SERVER_WARMUP:-20}
DRIVER_WARMUP=${DRIVER_WARMUP:-30}
DRIVER_DURATION=${DRIVER_DURATION:-10}
COUNT_DURATION=${COUNT_DURATION:-5}
COUNT_CONCURRENCY=${COUNT_CONCURRENCY:-5}
PGBENCH_DURATION=${PGBENCH_DURATION:-$DURATION}
CONCURRENCY=${CONCURRENCY:-50}
READERS=${READERS:-2}
CONNECTIONS=${CONNECTIONS:-50}
BUSY_ACTIVITIES=${BUSY_ACTIVITIES:-100000}
HISTORY_ACTIVITIES=${HISTORY_ACTIVITIES:-1000000}
SMALL_ACTIVITIES=${SMALL_ACTIVITIES:-10000}
PG=${PG:-postgres://till:till@127.0.0.1:5432}
PORT=${PORT:-5380}
OUT=${OUT:-$root/bench/results/ratios-$(date +%Y%m%d-%H%M%S)}
API=2026-04
ADMIN_KEY=bench-admin-key
THREADS=2
TILL=http://127.0.0.1:$PORT
BASE=http://127.0.0.1:$((PORT + 10))
lua=bench/wrk/till.lua
started=$(date +%s)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# ---- tools
missing() { echo "ratios.sh: $1 is needed but was not found. $2" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing wrk (apt-get install -y wrk)"
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y wrk >/dev/null; } || true
  fi
  command -v wrk >/dev/null || missing wrk "Install it (Debian/Ubuntu: sudo apt-get install -y wrk; macOS: brew install wrk)."
fi
command -v curl >/dev/null || missing curl "Install curl."
command -v dotnet >/dev/null || missing dotnet "Install the .NET SDK (see global.json)."

pg_skip=""
if [ "$PG" = off ]; then
  pg_skip="PG=off"
elif ! command -v psql >/dev/null || ! command -v pgbench >/dev/null; then
  pg_skip="psql or pgbench not found (Debian/Ubuntu: sudo apt-get install -y postgresql-client)"
  echo "ratios.sh: $pg_skip; skipping the PostgreSQL measurements." >&2
fi
pg_user=$(sed -E 's#^[a-z]+://([^:@/]+).*#\1#' <<<"$PG")
pg_host=$(sed -E 's#^[a-z]+://[^@]*@([^:/]+).*#\1#' <<<"$PG")
pg_port=$(sed -nE 's#^[a-z]+://[^@]*@[^:/]+:([0-9]+).*#\1#p' <<<"$PG"); pg_port=${pg_port:-5432}
export PGPASSWORD=${PGPASSWORD:-$(pg_password "$PG")}
if [ -z "$pg_skip" ] && ! psql "$(pg_server "$PG")/postgres" -qAtc 'SELECT 1' >/dev/null 2>&1; then
  pg_skip="PostgreSQL at $pg_host:$pg_port did not answer (set PG=postgres://user:password@host:port, or PG=off)"
  echo "ratios.sh: $pg_skip; skipping the PostgreSQL measurements." >&2
fi

mkdir -p "$OUT/requests"
dbdir=$(mktemp -d /tmp/till-ratios-db.XXXXXX)
server_pid=""
wire_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$wire_pid" ] && kill "$wire_pid" 2>/dev/null || true
  rm -rf "$dbdir"
}
trap cleanup EXIT

# ---- build
echo "== build (Release, into $ART)"
# One build of the server and the bench tools (bench/ratios.slnf); the source tree's bin/ and obj/ are left alone.
if ! dotnet build bench/ratios.slnf -c Release --artifacts-path "$ART" -p:TillSkipGraphiQL=true --verbosity quiet -nologo >"$OUT/build.log" 2>&1; then
  tail -30 "$OUT/build.log" >&2
  echo "ratios.sh: the build failed; see $OUT/build.log" >&2
  exit 1
fi
server=$(built Till.Server)
baseline=$(built Till.Baseline)
driver=$(built Till.LoadDriver)
raw=$(built Till.RawSqlite)
ratios=$(built Till.Ratios)

{
  echo "started $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$( [ -n "$(git status --porcelain -- src bench 2>/dev/null)" ] && echo ' with uncommitted changes')"
  echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "tools: .NET SDK $(dotnet --version), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)$( [ -z "$pg_skip" ] && echo ", $(psql --version | head -1)")"
  echo "settings: wrk points ${WARMUP} s warm-up + ${DURATION} s measured, ${CONNECTIONS} connections; ${SERVER_WARMUP} s server warm-up; driver ${CONCURRENCY} devices, ${READERS} readers, ${DRIVER_WARMUP} s warm-up + ${DRIVER_DURATION} s measured; histories ${BUSY_ACTIVITIES} (one session), ${SMALL_ACTIVITIES} and ${HISTORY_ACTIVITIES} activities$( [ "$QUICK" = 1 ] && echo '; QUICK run')"
} | tee "$OUT/machine.txt"
: >"$OUT/ratios.tsv"
row() { local IFS=$'\t'; echo "$*" >>"$OUT/ratios.tsv"; }
rel() { echo "${1#"$root"/}"; }
section() { echo; echo "==== $* ($(( $(date +%s) - started )) s in, load average $(cut -d' ' -f1-3 /proc/loadavg))"; }

# ---- servers and points
start_till() { # name database [port]
  local log="$OUT/$1.server.log" port=${3:-$PORT}
  # The command line is split into words on purpose (as the load driver splits its --serve).
  $(till_serve "$port" "$2") >"$log" 2>&1 &
  server_pid=$!
  wait_health "http://127.0.0.1:$port/till/v1/health" "$server_pid" "$log"
}

stop_server() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

seed_db() { # name database extra-args...
  local name=$1 db=$2; shift 2
  echo "-- seeding $name: $*"
  printf '%q ' dotnet "$server" seed --database "$db" "$@" | sed "s#$root/##g" >"$OUT/seed-$name.cmd"
  dotnet "$server" seed --database "$db" "$@" 2>/dev/null | tee "$OUT/seed-$name.txt"
}
seeded() { awk -v key="$2:" '$1 == key {print $2}' "$OUT/seed-$1.txt" | sed -n "${3:-1}p"; }

# A GraphQL request line for bench/wrk/till.lua: the query (no double quotes in it) and its variables as JSON.
gql() { printf 'POST /admin/api/%s/graphql.json\t{"query":"%s","variables":%s}\n' "$API" "$1" "$2"; }

# Sends a request file's first line once with curl and prints the answer.
send_once() { # file url token [token-header]
  local line head body
  line=$(head -1 "$1"); head=${line%%$'\t'*}; body=""
  [[ "$line" == *$'\t'* ]] && body=${line#*$'\t'}
  local args=(-s -X "${head%% *}" -H "Content-Type: application/json" -H "${4:-X-Shopify-Access-Token}: $3")
  [ -n "$body" ] && args+=(--data-binary "$body")
  curl "${args[@]}" "$2${head#* }"
}

# One wrk point: a check request, WARMUP seconds of load, then DURATION seconds measured with the
# server's CPU -> $OUT/<name>.json. point_db names the PostgreSQL database whose backends count
# as the database's CPU ("" on SQLite: no database processes).
point_db=""
point() { # name requests-file connections url token [token-header]
  local name=$1 requests=$(rel "$2") connections=$3 url=$4 token=$5 header=${6:-X-Shopify-Access-Token}
  local threads=$THREADS
  [ "$connections" -lt "$threads" ] && threads=$connections
  echo
  echo "-- $name: $(head -c 160 "$requests" | head -1 | tr '\t' ' ')"
  send_once "$requests" "$url" "$token" "$header" >"$OUT/$name.answer.json" || true
  if ! grep -q '"data"\|"status":"ok"\|"id"' "$OUT/$name.answer.json" || grep -q '"errors"\|"userErrors":\[{' "$OUT/$name.answer.json"; then
    echo "   warning: the check request got $(head -c 300 "$OUT/$name.answer.json")" >&2
  fi
  [ "$WARMUP" -gt 0 ] && env TILL_REQUESTS="$requests" TILL_TOKEN="$token" TILL_TOKEN_HEADER="$header" \
    wrk -t"$threads" -c"$connections" -d"${WARMUP}s" --timeout 10s -s "$lua" "$url" >/dev/null
  local db=(--db-process "")
  [ -n "$point_db" ] && db=(--db-name "$point_db")
  dotnet "$ratios" measure --name "$name" --out "$OUT/$name.json" --pid "$server_pid" "${db[@]}" -- \
    env TILL_REQUESTS="$requests" TILL_TOKEN="$token" TILL_TOKEN_HEADER="$header" \
    wrk -t"$threads" -c"$connections" -d"${DURATION}s" --timeout 10s -s "$lua" "$url" >"$OUT/$name.txt"
  tail -1 "$OUT/$name.txt"
}

server_warmup() { # requests-file connections url token [token-header]
  [ "$SERVER_WARMUP" -gt 0 ] || return 0
  echo "-- server warm-up, ${SERVER_WARMUP} s"
  env TILL_REQUESTS="$(rel "$1")" TILL_TOKEN="$4" TILL_TOKEN_HEADER="${5:-X-Shopify-Access-Token}" \
    wrk -t"$THREADS" -c"$2" -d"${SERVER_WARMUP}s" --timeout 10s -s "$lua" "$3" >/dev/null
}

# A load driver run; the driver starts the server itself and measures its CPU -> $OUT/<name>.json
drive() { # name target backend database [driver args...]
  local name=$1 target=$2 backend=$3 db=$4; shift 4
  local serve port
  if [ "$target" = till ]; then
    port=$PORT serve=$(till_serve "$PORT" "$db")
  else
    port=$((PORT + 10)) serve=$(baseline_serve "$port" "$db")
  fi
  local db_cpu=(--db-process "")
  [ "$backend" = postgres ] && db_cpu=(--db-name "${db##*/}")
  local command=(dotnet "$driver" --url "http://127.0.0.1:$port" --admin-key "$ADMIN_KEY" --target "$target" --database "$backend" "${db_cpu[@]}"
    --concurrency "$CONCURRENCY" --readers "$READERS" --duration "$DRIVER_DURATION" --warmup "$DRIVER_WARMUP"
    --serve "$serve" --serve-log "$OUT/$name.server.log" --out "$OUT/$name.json" "$@")
  echo
  echo "-- $name (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  printf '%q ' "${command[@]}" | sed "s#$root/##g" >"$OUT/$name.cmd"
  "${command[@]}" | tee "$OUT/$name.txt"
}

# ==== 1-3 and 2: one Till on SQLite with a busy open session (BUSY_ACTIVITIES activities) and two
# sessions that hold only their opening count
section "1-3: session reads, adjust on a busy session, __typename vs health (SQLite)"
# The seeder's shape for every history here: 50 drawers in 5 locations, two shifts a day, about
# 10 activities a session, so 1,000 activities a day whatever the number of days.
shape=(--locations 5 --drawers 10 --sales 9)
seed_db sessions "$dbdir/sessions.db" "${shape[@]}" --days 10 --open-session "$BUSY_ACTIVITIES" --fresh-sessions 2
token=$(seeded sessions token)
staff=$(seeded sessions staff)
busy=$(seeded sessions open)
empty=$(seeded sessions fresh 1)
spare=$(seeded sessions fresh 2)
start_till sessions "$dbdir/sessions.db"

R=$OUT/requests
read_query='query Read($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { id status totalCashSales { amount } totalCashRefunds { amount } netCashSales { amount } totalAdjustments { amount } totalDiscrepancy { amount } } }'
gql "$read_query" "{\"id\":\"$empty\"}" >"$R/read-empty.req"
gql "$read_query" "{\"id\":\"$busy\"}" >"$R/read-busy.req"
gql '{ __typename }' '{}' >"$R/typename.req"
printf 'GET /till/v1/health\n' >"$R/health.req"

# The adjust payloads. 2026-04's adjust payload lists UserError, which has no code field; if the
# server refuses userErrors { code }, both payloads ask for field and message instead.
adjust() { # session selection
  gql "mutation Adjust(\$session: ID!, \$staff: ID!, \$cash: MoneyInput!) { pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: \$session, staffMemberId: \$staff, cash: \$cash) { pointOfSaleDevicePaymentSession { $2 } $errors } }" \
    "{\"session\":\"$1\",\"staff\":\"$staff\",\"cash\":{\"amount\":\"1.00\",\"currencyCode\":\"USD\"}}"
}
errors='userErrors { code }'
adjust "$spare" id >"$R/adjust-probe.req"
if send_once "$R/adjust-probe.req" "$TILL" "$token" | grep -q '"errors"'; then
  errors='userErrors { field message }'
  row note 2 "the server refused \`userErrors { code }\` in the adjust payload (in $API it is [UserError!]!, which has no code), so both payloads select \`userErrors { field message }\`"
fi
adjust "$busy" id >"$R/adjust-id.req"
adjust "$busy" 'id totalAdjustments { amount }' >"$R/adjust-totals.req"
cat "$R/read-empty.req" "$R/read-busy.req" "$R/typename.req" "$R/health.req" >"$R/warm-sessions.req"
adjust "$spare" id >>"$R/warm-sessions.req"
adjust "$spare" 'id totalAdjustments { amount }' >>"$R/warm-sessions.req"

server_warmup "$R/warm-sessions.req" "$CONNECTIONS" "$TILL" "$token"
# The two points of each of these ratios run in the order A B B A (a-1, b-1, b-2, a-2), and each
# ratio divides the means of the two runs of each point: a drift of the machine's speed over the
# four runs (this machine's moves by a quarter from one minute to the next) then cancels.
pair() { # name-a requests-a name-b requests-b
  point "$1-1" "$2" "$CONNECTIONS" "$TILL" "$token"
  point "$3-1" "$4" "$CONNECTIONS" "$TILL" "$token"
  point "$3-2" "$4" "$CONNECTIONS" "$TILL" "$token"
  point "$1-2" "$2" "$CONNECTIONS" "$TILL" "$token"
}
both() { echo "$1-1.json+$1-2.json"; }
pair read-empty "$R/read-empty.req" read-busy "$R/read-busy.req"
pair typename "$R/typename.req" health "$R/health.req"
pair adjust-id "$R/adjust-id.req" adjust-totals "$R/adjust-totals.req"
stop_server

row ratio 1 "session read (status and totals): ${BUSY_ACTIVITIES} activities vs only the opening count, reads/s" "$(both read-busy)" rate "$(both read-empty)" rate ">=" 0.9 /s
row ratio 2 "adjust on one busy session, payload with totalAdjustments vs without, mutations/s" "$(both adjust-totals)" rate "$(both adjust-id)" rate ">=" 0.9 /s
row limit 2 "adjust with totalAdjustments: p99" "$(both adjust-totals)" latencyMs.p99 "<" 50 ms
row limit 2 "adjust without totals: p99" "$(both adjust-id)" latencyMs.p99 "<" 50 ms
row ratio 3 "{ __typename } vs GET /till/v1/health, requests/s" "$(both typename)" rate "$(both health)" rate ">=" 0.5 /s
row note 1-7 "each pair of points ran in the order A B B A (ratio 4's summaries, ratio 5's driver and raw SQLite runs, and the PostgreSQL driver runs of 6 and 7 too), and a figure named a-1 + a-2 is the mean of its two runs, so a steady drift of the machine's speed cancels"
row note 2 "both payloads adjust the same session, which starts with ${BUSY_ACTIVITIES} activities and gains one per mutation (the run without totals goes first and last)"

# ==== 7 (adjust alone): the hand-written baseline's adjust step on one session, same load
section "7: the adjust step alone on the hand-written baseline (SQLite)"
dotnet "$baseline" --urls "$BASE" --database "$dbdir/baseline-adjust.db" --admin-key "$ADMIN_KEY" >"$OUT/baseline-adjust.server.log" 2>&1 &
server_pid=$!
wait_health "$BASE/baseline/health" "$server_pid" "$OUT/baseline-adjust.server.log"
setup=$(curl -s -X POST -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' --data-binary '{"devices":1}' "$BASE/baseline/setup")
field() { sed -nE "s/.*\"$1\":\"([^\"]*)\".*/\1/p" <<<"$2"; }
b_shop=$(field shop "$setup"); b_staff=$(field staff "$setup"); b_token=$(field token "$setup"); b_device=$(field device "$setup")
b_session=$(field id "$(curl -s -X POST -H "X-Token: $b_token" -H 'Content-Type: application/json' \
  --data-binary "{\"deviceId\":\"$b_device\",\"staffId\":\"$b_staff\",\"balance\":{\"amount\":\"100.00\",\"currencyCode\":\"USD\"}}" "$BASE/baseline/shops/$b_shop/sessions")")
printf 'POST /baseline/shops/%s/sessions/%s/adjust\t{"staffId":"%s","cash":{"amount":"1.00","currencyCode":"USD"}}\n' "$b_shop" "$b_session" "$b_staff" >"$R/baseline-adjust.req"
server_warmup "$R/baseline-adjust.req" "$CONNECTIONS" "$BASE" "$b_token" X-Token
point baseline-adjust "$R/baseline-adjust.req" "$CONNECTIONS" "$BASE" "$b_token" X-Token
stop_server
row ratio 7 "adjust step alone, Till (GraphQL, payload id only) vs the baseline (JSON), mutations/s" "$(both adjust-id)" rate baseline-adjust.json rate ">=" 1.0 /s

# ==== 4: one-day summaries on a small and a large history
section "4: one-day summaries, ${SMALL_ACTIVITIES} vs ${HISTORY_ACTIVITIES} activities (SQLite, one client)"
# Two servers at once, one per database (the one not measured is idle), so the points can run
# A B B A like ratios 1-3: small, large, large, small.
summary_requests() { # name
  local location day
  location=$(seeded "$1" location)
  day=$(awk '$1 == "days:" {print $3}' "$OUT/seed-$1.txt")
  gql 'query Location($location: ID!, $day: Date!) { cashManagementLocationSummary(locationId: $location, startDate: $day, endDate: $day) { cashBalanceAtStart { amount } cashBalanceAtEnd { amount } netCash { amount } sessionsOpened sessionsClosed totalDiscrepancies { amount } } }' \
    "{\"location\":\"$location\",\"day\":\"$day\"}" >"$R/location-$1.req"
  gql 'query Shop($day: Date!) { cashManagementShopSummary(currencyCode: USD, startDate: $day, endDate: $day) { cashBalanceAtStart { amount } cashBalanceAtEnd { amount } netCash { amount } sessionsOpened sessionsClosed totalDiscrepancies { amount } } }' \
    "{\"day\":\"$day\"}" >"$R/shop-$1.req"
  cat "$R/location-$1.req" "$R/shop-$1.req" >"$R/warm-$1.req"
}
seed_db small "$dbdir/small.db" "${shape[@]}" --days $((SMALL_ACTIVITIES / 1000))
seed_db large "$dbdir/large.db" "${shape[@]}" --days $((HISTORY_ACTIVITIES / 1000))
summary_requests small
summary_requests large
small_port=$((PORT + 1))
SMALL_URL=http://127.0.0.1:$small_port
start_till large "$dbdir/large.db"
large_pid=$server_pid
start_till small "$dbdir/small.db" "$small_port"
small_pid=$server_pid
server_warmup "$R/warm-small.req" 2 "$SMALL_URL" "$(seeded small token)"
server_pid=$large_pid
server_warmup "$R/warm-large.req" 2 "$TILL" "$(seeded large token)"
summary_point() { # kind size run
  local url=$TILL
  server_pid=$large_pid
  [ "$2" = small ] && { url=$SMALL_URL; server_pid=$small_pid; }
  point "$1-$2-$3" "$R/$1-$2.req" 1 "$url" "$(seeded "$2" token)"
}
for kind in location shop; do
  summary_point "$kind" small 1
  summary_point "$kind" large 1
  summary_point "$kind" large 2
  summary_point "$kind" small 2
done
stop_server
server_pid=$large_pid
stop_server
rm -f "$dbdir"/large.db*
row ratio 4 "one-day location summary, ${HISTORY_ACTIVITIES} vs ${SMALL_ACTIVITIES} activities: p50 latency" "$(both location-large)" latencyMs.p50 "$(both location-small)" latencyMs.p50 "<=" 1.5 ms
row limit 4 "one-day location summary, ${HISTORY_ACTIVITIES} activities: p50" "$(both location-large)" latencyMs.p50 "<" 20 ms
row ratio 4 "one-day shop summary, ${HISTORY_ACTIVITIES} vs ${SMALL_ACTIVITIES} activities: p50 latency" "$(both shop-large)" latencyMs.p50 "$(both shop-small)" latencyMs.p50 "<=" 1.5 ms
row limit 4 "one-day shop summary, ${HISTORY_ACTIVITIES} activities: p50" "$(both shop-large)" latencyMs.p50 "<" 20 ms
row note 4 "the day is each shop's last day with sessions: two shifts of 50 drawers, about 1,000 activities, in both shops; the location holds 10 of the 50 drawers; one wrk connection, so the latency is a request's own, not a queue's"

# ==== 5 and 7: the driver's mix on SQLite, the baseline, raw SQLite
section "5, 7: the driver's mix on SQLite; the baseline; raw SQLite on one thread"
raw_sqlite() { # name per-commit
  local command=(dotnet "$raw" --database "$dbdir/$1.db" --per-commit "$2" --devices "$CONCURRENCY" --warmup "$WARMUP" --duration "$DURATION" --out "$OUT/$1.json")
  echo
  echo "-- $1"
  printf '%q ' "${command[@]}" | sed "s#$root/##g" >"$OUT/$1.cmd"
  "${command[@]}" | tee "$OUT/$1.txt"
}
drive baseline-sqlite baseline sqlite "$dbdir/baseline.db" --label "baseline on sqlite"
# Ratio 5's two sides A B B A too: raw, Till, Till (a second shop in the same database), raw (a new file).
raw_sqlite raw-1-1 1
drive till-sqlite-1 till sqlite "$dbdir/till.db" --label "Till on sqlite" --compare "$OUT/baseline-sqlite.json"
drive till-sqlite-2 till sqlite "$dbdir/till.db" --label "Till on sqlite, second run"
raw_sqlite raw-1-2 1
raw_sqlite raw-20 20
row ratio 5 "driver's mix on SQLite (GraphQL mutations and control-API sales together) vs raw SQLite, 1 mutation per commit" "$(both till-sqlite)" mutationsPerSecond "$(both raw-1)" mutationsPerSecond ">=" 0.9 /s
row ratio 5 "GraphQL mutations (open, adjust, count, close): Till vs raw SQLite's same steps" "$(both till-sqlite)" sessionStepsPerSecond "$(both raw-1)" sessionStepsPerSecond ">=" 0.9 /s
row ratio 5 "control-API sales: Till vs raw SQLite's sales" "$(both till-sqlite)" salesPerSecond "$(both raw-1)" salesPerSecond ">=" 0.9 /s
row ratio 5 "driver's mix vs raw SQLite, 20 mutations per commit (what group commit could reach)" "$(both till-sqlite)" mutationsPerSecond raw-20.json mutationsPerSecond "" "" /s
row figure 5 "raw SQLite: statements per mutation (BEGIN and COMMIT included)" "$(both raw-1)" statementsPerMutation ""
row figure 5 "raw SQLite: CPU per mutation, 1 per commit" "$(both raw-1)" cpuMicrosPerMutation µs
row figure 5 "Till on SQLite: server CPU per mutation" "$(both till-sqlite)" serverCpuMicrosPerMutation µs
row ratio 7 "driver's mix on SQLite: Till vs the baseline, GraphQL mutations vs the baseline's same steps" "$(both till-sqlite)" sessionStepsPerSecond baseline-sqlite.json sessionStepsPerSecond ">=" 1.0 /s
row ratio 7 "driver's mix on SQLite: Till vs the baseline, all mutations" "$(both till-sqlite)" mutationsPerSecond baseline-sqlite.json mutationsPerSecond ">=" 1.0 /s

# ==== 6 and 7: PostgreSQL
section "6, 7: PostgreSQL"
if [ -n "$pg_skip" ]; then
  row skip 6 "PostgreSQL" "$pg_skip"
else
  # Two databases, made once (DROP DATABASE makes PostgreSQL checkpoint); later runs add shops of their own.
  baseline_url=$(fresh_pg_db till_ratios_baseline)
  till_url=$(fresh_pg_db till_ratios_till)
  # A B B A, as ratios 1-3: the second run of each adds a shop of its own to the same database.
  drive baseline-pg-1 baseline postgres "$baseline_url" --label "baseline on postgres"
  drive till-pg-1 till postgres "$till_url" --label "Till on postgres" --compare "$OUT/baseline-pg-1.json"
  drive till-pg-2 till postgres "$till_url" --label "Till on postgres, second run"
  drive baseline-pg-2 baseline postgres "$baseline_url" --label "baseline on postgres, second run"

  # PostgreSQL alone: Till's sale statements from 50 clients on the database Till just used.
  mkdir -p "$OUT/pgbench"
  echo
  echo "-- pgbench-sale"
  dotnet "$ratios" measure --name pgbench-sale --out "$OUT/pgbench-sale.json" --db-name till_ratios_till --pgbench-log "$(rel "$OUT/pgbench/sale")" -- \
    pgbench -h "$pg_host" -p "$pg_port" -U "$pg_user" -n -M prepared -c "$CONCURRENCY" -j "$THREADS" -T "$PGBENCH_DURATION" \
    -l --log-prefix="$(rel "$OUT/pgbench/sale")" -f bench/pgbench/sale.sql till_ratios_till | tee "$OUT/pgbench-sale.txt"

  # Round trips and statements per mutation: the driver's mix again, short, with a few devices and
  # no readers (so the window holds several whole loops of each device), through the wire counter.
  dotnet "$ratios" pgwire --listen "127.0.0.1:$((PORT + 20))" --upstream "$pg_host:$pg_port" --counters "127.0.0.1:$((PORT + 21))" >"$OUT/pgwire.log" 2>&1 &
  wire_pid=$!
  wait_health "http://127.0.0.1:$((PORT + 21))/" "$wire_pid" "$OUT/pgwire.log"
  wire=$(sed -E "s#^([a-z]+://[^@]*@)[^/]+#\1127.0.0.1:$((PORT + 20))#" <<<"$PG")
  for target in baseline till; do
    db="till_ratios_$target"
    CONCURRENCY=$COUNT_CONCURRENCY READERS=0 DRIVER_WARMUP=3 DRIVER_DURATION=$COUNT_DURATION drive "$target-pg-wire" "$target" postgres "$wire/$db" \
      --counters-url "http://127.0.0.1:$((PORT + 21))/" --label "$target on postgres, through the wire counter"
  done
  kill "$wire_pid" 2>/dev/null || true
  wait "$wire_pid" 2>/dev/null || true
  wire_pid=""

  row figure 6 "Till on PostgreSQL: round trips per mutation (driver's mix, ${COUNT_CONCURRENCY} devices, no readers)" till-pg-wire.json countersPerMutation.roundTrips ""
  row figure 6 "Till on PostgreSQL: statements per mutation" till-pg-wire.json countersPerMutation.statements ""
  row ratio 6 "round trips per mutation, Till vs the baseline (lower is better)" till-pg-wire.json countersPerMutation.roundTrips baseline-pg-wire.json countersPerMutation.roundTrips "" "" ""
  row ratio 6 "statements per mutation, Till vs the baseline (lower is better)" till-pg-wire.json countersPerMutation.statements baseline-pg-wire.json countersPerMutation.statements "" "" ""
  row ratio 6 "server CPU per mutation on PostgreSQL, Till vs the baseline (lower is better)" "$(both till-pg)" serverCpuMicrosPerMutation "$(both baseline-pg)" serverCpuMicrosPerMutation "" "" µs
  row ratio 6 "PostgreSQL CPU per mutation, Till vs the baseline (lower is better)" "$(both till-pg)" databaseCpuMicrosPerMutation "$(both baseline-pg)" databaseCpuMicrosPerMutation "" "" µs
  row figure 6 "pgbench, Till's sale statements, ${CONCURRENCY} clients: transactions/s" pgbench-sale.json rate /s
  row figure 6 "pgbench sale: p99" pgbench-sale.json latencyMs.p99 ms
  row ratio 6 "Till's sales/s in the driver's mix vs pgbench's sales/s (PostgreSQL alone)" "$(both till-pg)" salesPerSecond pgbench-sale.json rate "" "" /s
  row ratio 7 "driver's mix on PostgreSQL: Till vs the baseline, GraphQL mutations vs the baseline's same steps" "$(both till-pg)" sessionStepsPerSecond "$(both baseline-pg)" sessionStepsPerSecond ">=" 1.0 /s
  row ratio 7 "driver's mix on PostgreSQL: Till vs the baseline, all mutations" "$(both till-pg)" mutationsPerSecond "$(both baseline-pg)" mutationsPerSecond ">=" 1.0 /s
  row note 6 "round trips are the bursts a client sent after an answer from PostgreSQL (pipelined messages count once), statements the Execute and simple Query messages (BEGIN and COMMIT included); Till.Ratios pgwire counts them between the server and PostgreSQL over the driver's measured window, divided by the mutations in it (the per-mutation Sync, Parse and Bind counts are in the -wire.json files). pg_stat_statements would need shared_preload_libraries and a restart of the shared PostgreSQL server; the wire count needs neither"
fi

echo
dotnet "$ratios" report --dir "$OUT" >/dev/null
cat "$OUT/ratios.md"
echo
echo "ratios in $OUT/ratios.md ($(( $(date +%s) - started )) s)"
