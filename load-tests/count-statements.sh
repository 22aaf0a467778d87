#!/usr/bin/env bash
# Counts the SQL statements a checkout makes, per database and per statement, against a
# stack that `./sagashop up` runs: logs every statement for a while (ALTER SYSTEM as the
# local stack's superuser, undone at the end), places N checkouts one after the other
# through the gateway, then logs an idle window as long for comparison (what runs on a
# timer: the outbox sweep, admission control's reading, pings).
#
#   load-tests/count-statements.sh [N]      (default 50; needs psql and curl)
#
# Logging every statement costs PostgreSQL CPU: this counts, it does not time.
set -euo pipefail

checkouts="${1:-50}"
root="$(cd "$(dirname "$0")/.." && pwd)"
state="${SAGASHOP_HOME:-$root/.sagashop}"
log="$state/logs/postgres.log"
gateway="http://localhost:${GATEWAY_PORT:-8080}"
auth="http://localhost:${AUTH_SERVER_PORT:-9000}"
export PGPASSWORD
PGPASSWORD="$(cat "$state/postgres/superuser-password")"

sql() { psql -h localhost -p "${POSTGRES_PORT:-5432}" -U postgres -d postgres -Atqc "$1" > /dev/null; }
json_field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }

token="$(curl -fsS -u alice:alice-secret -d grant_type=client_credentials -d scope=orders "$auth/oauth2/token" |
  json_field access_token)"
sku="$(curl -fsS -H "Authorization: Bearer $token" "$gateway/api/products?size=1" | json_field sku | head -1)"
order="{\"items\":[{\"sku\":\"$sku\",\"quantity\":1}],\"payment\":{\"cardToken\":\"tok_visa\"},"
order+="\"shippingAddress\":{\"name\":\"Ada\",\"line1\":\"1 Main St\",\"city\":\"Berlin\","
order+="\"postalCode\":\"10115\",\"country\":\"DE\"}}"

restore() {
  sql "ALTER SYSTEM RESET log_statement"
  sql "ALTER SYSTEM RESET log_line_prefix"
  sql "SELECT pg_reload_conf()"
}
trap restore EXIT
sql "ALTER SYSTEM SET log_line_prefix = '%m [%p] %d '"
sql "ALTER SYSTEM SET log_statement = 'all'"
sql "SELECT pg_reload_conf()"
sleep 1

start_line=$(wc -l < "$log")
started=$SECONDS
confirmed=0
for _ in $(seq "$checkouts"); do
  status=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Prefer: wait=10' \
    -H 'Content-Type: application/json' -d "$order" "$gateway/api/orders")
  if [ "$status" = 201 ]; then confirmed=$((confirmed + 1)); fi
done
sleep 2 # the last outbox deletes
load_line=$(wc -l < "$log")
window=$((SECONDS - started))
sleep "$window"
idle_line=$(wc -l < "$log")

echo "$checkouts checkouts placed ($confirmed final at once) in $window s, then $window s idle."
echo "Statements per checkout (under load | in an idle window as long), by database:"
count() {
  sed -n "$1,$2p" "$log" |
    sed -n 's/^[^ ]* [^ ]* [^ ]* \[[0-9]*\] \([a-z]*\) LOG:  \(statement\|execute [^:]*\): \(.*\)$/\1\t\3/p' |
    sed -e 's/\$[0-9]*/?/g' -e "s/'[^']*'/'?'/g" | cut -c1-110
}
join -t $'\t' -a 1 -e 0 -o 0,1.2,2.2 \
  <(count $((start_line + 1)) "$load_line" | sort | uniq -c | sed 's/^ *\([0-9]*\) /\1\t/' |
    awk -F'\t' '{print $2 " | " $3 "\t" $1}' | sort) \
  <(count $((load_line + 1)) "$idle_line" | sort | uniq -c | sed 's/^ *\([0-9]*\) /\1\t/' |
    awk -F'\t' '{print $2 " | " $3 "\t" $1}' | sort) |
  awk -F'\t' -v n="$checkouts" '{
      split($1, key, " \\| "); db = key[1]
      load[db] += $2; idle[db] += $3
      printf "%-10s %6.2f | %5.2f  %s\n", db, $2 / n, $3 / n, substr($1, length(db) + 4)
    }
    END { for (db in load) { printf "%-10s %6.2f | %5.2f  (all)\n", db, load[db] / n, idle[db] / n
      total += load[db]; itotal += idle[db] }
      printf "%-10s %6.2f | %5.2f  (all)\n", "total", total / n, itotal / n }' |
  sort -k1,1 -k2,2nr
