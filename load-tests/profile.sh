#!/usr/bin/env bash
# Profiles every JVM of a running local stack at once with async-profiler (CPU samples,
# kernel frames included), while you put a load on it, e.g. in another terminal:
#
#   ./sagashop bench --checkouts-only --start 30 --max 30 --duration 180    (then, mid-step)
#   load-tests/profile.sh [SECONDS] [OUT]           (default 50 s, load-tests/results/profile-<time>)
#
# Writes, per JVM, its collapsed stacks (<name>.collapsed) and a flame graph (<name>.html),
# and prints what each spent, charged to the innermost library on each sample's stack
# (pgjdbc, the Kafka client, Jackson, Tomcat, ...): what a checkout's time goes through, not
# which method is hot. The profiler's own cost inflates the totals; read the shares.
# async-profiler comes from the Maven repository as tools.profiler:async-profiler (its
# library is loaded into each JVM with jcmd, nothing is restarted). Needs jcmd and unzip.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
run="${SAGASHOP_STATE_DIR:-$root/.sagashop}/run"
seconds="${1:-50}"
out="${2:-$root/load-tests/results/profile-$(date +%Y%m%d-%H%M%S)}"
version=4.1
interval_ms=2

case "$(uname -m)" in
  x86_64) platform=linux-x64 ;;
  aarch64 | arm64) platform=linux-arm64 ;;
  *) echo "async-profiler has no build for $(uname -m) here" >&2; exit 1 ;;
esac
repo="${MAVEN_REPOSITORY:-$HOME/.m2/repository}"
jar="$repo/tools/profiler/async-profiler/$version/async-profiler-$version-$platform.jar"
if [ ! -f "$jar" ]; then
  mvn -q dependency:get -Dartifact="tools.profiler:async-profiler:$version:jar:$platform" >/dev/null
fi
mkdir -p "$out/lib"
unzip -q -o "$jar" "$platform/libasyncProfiler.so" -d "$out/lib"
lib="$out/lib/$platform/libasyncProfiler.so"

# jcmd's own parser splits its arguments at '=': the agent's options go quoted.
agent() { jcmd "$1" JVMTI.agent_load "$lib" "\"$2\"" >/dev/null; }

declare -A jvms=()
for file in "$run"/*.pid; do
  name="$(basename "$file" .pid)"
  pid="$(sed -n 's/^pid=//p' "$file")"
  # jcmd attaches by SIGQUIT, an immediate shutdown to PostgreSQL: only JVMs are asked.
  [ -n "$pid" ] && [ "$(basename "$(readlink "/proc/$pid/exe" 2>/dev/null)")" = java ] || continue
  agent "$pid" "start,event=cpu,interval=${interval_ms}ms" && jvms[$name]=$pid
done
[ ${#jvms[@]} -gt 0 ] || { echo "no JVM of the stack is running (./sagashop status)" >&2; exit 1; }
echo "profiling ${!jvms[*]} for $seconds s ..."
sleep "$seconds"
for name in "${!jvms[@]}"; do
  agent "${jvms[$name]}" "dump,collapsed,file=$out/$name.collapsed"
  agent "${jvms[$name]}" "stop,file=$out/$name.html"
done

echo "CPU in $seconds s (ms), and its share by the innermost library on each stack:"
for name in $(printf '%s\n' "${!jvms[@]}" | sort); do
  awk -v name="$name" -v interval="$interval_ms" '
    BEGIN {
      n = split("pgjdbc=org/postgresql;kafka-client=org/apache/kafka;spring-kafka=org/springframework/kafka;" \
        "jackson=com/fasterxml/jackson|tools/jackson;tomcat=org/apache/(catalina|coyote|tomcat);" \
        "spring-security=org/springframework/security;spring-web=org/springframework/(web|http);" \
        "spring-jdbc=org/springframework/jdbc;spring-tx=org/springframework/transaction;hikari=com/zaxxer;" \
        "observation=io/micrometer/(observation|tracing)|io/opentelemetry;metrics=io/micrometer/core|io/prometheus;" \
        "logging=ch/qos/logback|org/slf4j;netty-reactor=io/netty|reactor/;gateway=org/springframework/cloud;" \
        "sagashop=dev/sagashop;spring-other=org/springframework", rules, ";")
      for (i = 1; i <= n; i++) { split(rules[i], kv, "="); label[i] = kv[1]; pattern[i] = kv[2] }
    }
    {
      count = $NF; $NF = ""; total += count
      frames = split($0, frame, ";"); innermost = "jvm, jdk, kernel only"
      for (f = 1; f <= frames; f++)
        for (i = 1; i <= n; i++)
          if (frame[f] ~ pattern[i]) { innermost = label[i]; break }
      share[innermost] += count
      if (frame[frames] ~ /_\[k\]/) kernel += count
    }
    END {
      if (total == 0) { printf "%-18s no samples\n", name; exit }
      printf "%-18s %8.0f ms, %.0f %% in the kernel:", name, total * interval, 100 * kernel / total
      while (length(share) > 0) {
        best = ""; for (k in share) if (best == "" || share[k] > share[best]) best = k
        if (100 * share[best] / total >= 1) printf " %s %.0f %%;", best, 100 * share[best] / total
        delete share[best]
      }
      printf "\n"
    }' "$out/$name.collapsed"
done
echo "stacks and flame graphs: $out"
