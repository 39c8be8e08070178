#!/usr/bin/env bash
# Time-to-ready and resident memory of the packaged app (rehearsal mode, fresh H2 file database each run).
# Prints each run and the median; the 2-core machines are noisy, so compare medians from one run of this script.
# Usage: bench/startup.sh [runs]   (builds the jar if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
jar=$(ls target/homelab-rollout-*.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ]; then ./mvnw -q -B -DskipTests package; jar=$(ls target/homelab-rollout-*.jar | head -1); fi
jar=$(realpath "$jar")

port=$((20000 + RANDOM % 20000))
ready_ms=(); rss_mb=()
for i in $(seq 1 "$runs"); do
  work=$(mktemp -d)
  start=$(date +%s%N)
  (cd "$work" && exec java -jar "$jar" --server.port=$port >"$work/log" 2>&1) &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; do
    kill -0 $pid 2>/dev/null || { echo "app died, see $work/log"; tail -20 "$work/log"; exit 1; }
    sleep 0.1
  done
  end=$(date +%s%N)
  sleep 2 # let start-up work (job acquisition, deployment) settle before reading memory
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$(pgrep -P $pid java || echo $pid)/status" 2>/dev/null || echo 0)
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$work"
  ready_ms+=($(( (end - start) / 1000000 ))); rss_mb+=("$rss")
  echo "run $i: ready ${ready_ms[-1]} ms, RSS ${rss} MiB"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "median of $runs: time-to-ready $(median "${ready_ms[@]}") ms, resident memory $(median "${rss_mb[@]}") MiB"
