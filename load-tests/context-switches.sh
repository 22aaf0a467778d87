#!/usr/bin/env bash
# How often each process of a running local stack gives up the CPU per checkout, beside
# the CPU it uses: every message, statement and request wakes a thread somewhere (a
# listener, a PostgreSQL backend, the broker's network and request threads), and the CPU
# between two wake-ups is what changes with the rate (docs/performance.md, "The floor at
# the checkout's own rate"). Reads /proc/<pid>/task/*/{comm,status,stat} of every process
# (PostgreSQL: the postmaster and its children) at the start and the end of a window, and
# divides by the orders that became final in it. Run it while a steady load runs, for example in a second terminal:
#
#   ./sagashop bench --reuse --checkouts-only --start 40 --max 40 --duration 120 --warmup 10 --warmup-checkouts 0
#   load-tests/context-switches.sh 60            (or --threads 60: per thread group too)
#
# Nothing is subtracted for the idle stack: run it idle for that figure (it then divides
# by nothing and prints the window's counts a second). Needs psql.
set -euo pipefail

threads=false
if [ "${1:-}" = "--threads" ]; then threads=true; shift; fi
seconds="${1:?usage: load-tests/context-switches.sh [--threads] SECONDS}"
root="$(cd "$(dirname "$0")/.." && pwd)"
state="${SAGASHOP_STATE_DIR:-$root/.sagashop}"
export PGPASSWORD
PGPASSWORD="$(cat "$state/postgres/superuser-password")"

# One line per thread: process, thread group (its name, each run of digits as #), voluntary and
# involuntary switches, CPU ticks.
snapshot() {
  for file in "$state"/run/*.pid; do
    name="$(basename "$file" .pid)"
    pid="$(sed -n 's/^pid=//p' "$file")"
    [ -n "$pid" ] && [ -d "/proc/$pid" ] || continue
    pids="$pid"
    if [ "$name" = postgres ]; then pids="$pid $(ps -o pid= --ppid "$pid" | tr '\n' ' ')"; fi
    for p in $pids; do
      # One awk for all of a process's threads: each file is read as it is at that moment.
      awk -v process="$name" '
        { split(FILENAME, path, "/"); task = path[5] }
        FILENAME ~ /comm$/ { group[task] = $0; gsub(/[0-9]+/, "#", group[task]) }
        FILENAME ~ /status$/ && /^voluntary_ctxt_switches/ { v[task] = $2 }
        FILENAME ~ /status$/ && /^nonvoluntary_ctxt_switches/ { i[task] = $2 }
        FILENAME ~ /stat$/ { sub(/^.*\) /, ""); split($0, f, " "); c[task] = f[12] + f[13] }
        END { for (task in v) printf "%s\t%s\t%d\t%d\t%d\n", process, group[task], v[task], i[task], c[task] }
      ' /proc/"$p"/task/*/comm /proc/"$p"/task/*/status /proc/"$p"/task/*/stat 2> /dev/null || true
    done
  done
}

final_between() {
  psql -h localhost -p "${POSTGRES_PORT:-5432}" -U postgres -d orders -Atqc \
    "SELECT count(*) FROM orders WHERE status IN ('CONFIRMED', 'REJECTED', 'CANCELLED')
       AND updated_at >= to_timestamp($1) AND updated_at < to_timestamp($2)"
}

before="$(mktemp)"; after="$(mktemp)"
trap 'rm -f "$before" "$after"' EXIT
started=$(date +%s.%N)
snapshot > "$before"
sleep "$seconds"
snapshot > "$after"
ended=$(date +%s.%N)
checkouts=$(final_between "$started" "$ended")
ticks=$(getconf CLK_TCK)
echo "$checkouts orders final in $(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }') s;" \
  "per checkout$([ "$checkouts" -gt 0 ] || echo ' (none: per second instead)'):"
# A thread that ended in the window drops out; one that began in it counts from zero.
awk -F'\t' -v n="$checkouts" -v secs="$seconds" -v tick="$ticks" -v threads="$threads" '
  NR == FNR { v0[$1 FS $2] += $3; i0[$1 FS $2] += $4; c0[$1 FS $2] += $5; next }
  { v1[$1 FS $2] += $3; i1[$1 FS $2] += $4; c1[$1 FS $2] += $5 }
  END {
    per = (n > 0) ? n : secs
    printf "%-18s %8s %10s %10s\n", "process", "CPU ms", "voluntary", "preempted"
    for (key in v1) {
      split(key, k, FS)
      dv[key] = v1[key] - v0[key]; di[key] = i1[key] - i0[key]; dc[key] = (c1[key] - c0[key]) * 1000 / tick
      pv[k[1]] += dv[key]; pi[k[1]] += di[key]; pc[k[1]] += dc[key]
    }
    for (p in pv) { printf "%-18s %8.2f %10.1f %10.1f\n", p, pc[p] / per, pv[p] / per, pi[p] / per | "sort"
      tc += pc[p]; tv += pv[p]; ti += pi[p] }
    close("sort")
    printf "%-18s %8.2f %10.1f %10.1f\n", "total", tc / per, tv / per, ti / per
    if (threads != "true") exit
    byCpu = "sort -t \"\t\" -k1,1 -k2,2nr | cut -f3"
    printf "\n%-18s %-22s %8s %10s %10s\n", "process", "threads", "CPU ms", "voluntary", "preempted"
    for (key in dv) {
      split(key, k, FS)
      if (dc[key] / per >= 0.02 || dv[key] / per >= 0.2)
        printf "%s\t%.4f\t%-18s %-22s %8.2f %10.1f %10.1f\n", k[1], dc[key], k[1], k[2], dc[key] / per, dv[key] / per,
          di[key] / per | byCpu
    }
    close(byCpu)
  }' "$before" "$after"
