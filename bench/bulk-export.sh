#!/usr/bin/env bash
# Bulk export benchmark: seeds one shop's history (100,000 sessions, 1,000,000 activities by
# default) with `till seed`, starts Till on it, runs one bulk operation exporting every session with
# its activities, and reports rows (JSONL lines) per second and the server's peak memory.
#
#   bench/bulk-export.sh [DATABASE] [extra till seed options]
#
# DATABASE is a SQLite path (default: a temporary file) or a postgres:// URL to a database the
# seeder may fill. Needs the Release build of src/Till.Server.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
server="$root/src/Till.Server/bin/Release/net10.0/Till.Server.dll"
work=$(mktemp -d)
database=${1:-$work/history.db}
shift || true
port=${PORT:-18480}
base="http://127.0.0.1:$port"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "seeding $database ..."
dotnet "$server" seed --database "$database" --days 1000 --locations 5 --drawers 10 --sales 9 "$@" | tee "$work/seed.txt"
token=$(awk '/^token:/ {print $2}' "$work/seed.txt")

dotnet "$server" serve --database "$database" --urls "$base" --no-demo --admin-key bench-admin-key > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do curl -sf "$base/till/v1/health" > /dev/null && break; sleep 0.1; done

gql() { curl -sf "$base/admin/api/2026-04/graphql.json" -H 'Content-Type: application/json' -H "X-Shopify-Access-Token: $token" -d "$1"; }
query='{ pointOfSaleDevicePaymentSessions { edges { node { id status openingTime closingTime cashCountedAtOpen { amount currencyCode } cashCountedAtClose { amount } totalDiscrepancy { amount } cashActivities { edges { node { __typename time cash { amount currencyCode } } } } } } } }'
before=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
start=$(date +%s.%N)
id=$(gql "$(jq -nc --arg q "$query" '{query: "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { message } } }", variables: {q: $q}}')" | jq -r '.data.bulkOperationRunQuery.bulkOperation.id')
echo "operation $id"
peak=0
while true; do
  status=$(gql "$(jq -nc --arg id "$id" '{query: "query($id: ID!) { bulkOperation(id: $id) { status objectCount rootObjectCount fileSize url } }", variables: {id: $id}}')")
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  (( rss > peak )) && peak=$rss
  case $(jq -r '.data.bulkOperation.status' <<< "$status") in
    COMPLETED|FAILED|CANCELED) break ;;
  esac
  sleep 0.5
done
end=$(date +%s.%N)
hwm=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
echo "$status" | jq -c '.data.bulkOperation | del(.url)'
url=$(jq -r '.data.bulkOperation.url' <<< "$status")
curl -sf "$url" -o "$work/export.jsonl"
lines=$(wc -l < "$work/export.jsonl")
seconds=$(echo "$end - $start" | bc -l)
printf 'export: %d lines (%s bytes) in %.1f s = %.0f rows/s\n' "$lines" "$(stat -c %s "$work/export.jsonl")" "$seconds" "$(echo "$lines / $seconds" | bc -l)"
printf 'server memory: %d MiB resident before, %d MiB peak while polling, %d MiB high-water mark (VmHWM, whole process life)\n' $((before / 1024)) $((peak / 1024)) $((hwm / 1024))
