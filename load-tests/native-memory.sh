#!/usr/bin/env bash
# What each JVM of a running local stack spends, from the JVM's own native memory
# tracking, beside its resident memory: the Java heap against everything outside it
# (classes and metaspace, thread stacks, compiled code, the collector, malloc'd and
# other native memory). Tracking must be on from each JVM's start:
#
#   JAVA_TOOL_OPTIONS=-XX:NativeMemoryTracking=summary ./sagashop up     (then some load)
#   load-tests/native-memory.sh
#
# Figures are committed memory in MB (what the JVM asked of the system; RSS is what of it,
# and of the mapped class-data archives and jars, is in memory).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
run="${SAGASHOP_STATE_DIR:-$root/.sagashop}/run"

printf '%-18s %7s %7s %7s %7s %7s %7s %7s %7s %7s %7s\n' process RSS total heap outside class+meta threads code GC shared other
for file in "$run"/*.pid; do
  name="$(basename "$file" .pid)"
  pid="$(sed -n 's/^pid=//p' "$file")"
  [ -n "$pid" ] && [ -r "/proc/$pid/status" ] || continue
  rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  # jcmd attaches by sending SIGQUIT, which is an immediate shutdown to PostgreSQL:
  # only JVMs are asked.
  if [ "$(basename "$(readlink "/proc/$pid/exe")")" != java ]; then
    printf '%-18s %7s   (not a JVM)\n' "$name" "$rss"
    continue
  fi
  summary="$(jcmd "$pid" VM.native_memory summary scale=KB 2>/dev/null || true)"
  if ! grep -q "committed=" <<< "$summary"; then
    printf '%-18s %7s   (started without native memory tracking)\n' "$name" "$rss"
    continue
  fi
  committed() { # the committed KB of a category, 0 when absent
    grep -E "^-? *$1 \(reserved=" <<< "$summary" | sed -n 's/.*committed=\([0-9]*\)KB.*/\1/p' | head -1 | awk '{print $1 + 0}'
  }
  total=$(sed -n 's/^Total: .*committed=\([0-9]*\)KB.*/\1/p' <<< "$summary")
  heap=$(committed "Java Heap"); class=$(committed "Class"); meta=$(committed "Metaspace")
  thread=$(committed "Thread"); code=$(committed "Code"); gc=$(committed "GC")
  shared=$(committed "Shared class space")
  known=$((heap + class + meta + thread + code + gc + shared))
  mb() { awk -v kb="$1" 'BEGIN { printf "%.0f", kb / 1024 }'; }
  printf '%-18s %7s %7s %7s %7s %7s %7s %7s %7s %7s %7s\n' "$name" "$rss" "$(mb "$total")" "$(mb "$heap")" \
    "$(mb $((total - heap)))" "$(mb $((class + meta)))" "$(mb "$thread")" "$(mb "$code")" "$(mb "$gc")" \
    "$(mb "$shared")" "$(mb $((total - known)))"
done
