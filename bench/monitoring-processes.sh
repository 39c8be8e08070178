#!/usr/bin/env bash
# Runs each monitoring process once on the rehearsal lab (production waits) and prints how long it took.
#   bench/monitoring-processes.sh [scale]     e.g. bench/monitoring-processes.sh 0.05
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-0.01}"
./mvnw -q -B test -Dtest=MonitoringProcessesBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.scale="$scale" -DtrimStackTrace=true 2>&1 \
  | grep -E '^(monitoring processes|  [a-z0-9-]+ +[0-9.]+ s)|ERROR|FAIL' || true
