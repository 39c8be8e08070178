#!/usr/bin/env bash
# Runs Phases 1 to 4 on the rehearsal lab with the realistic latency table scaled down, then previews the plan of all
# four phases on that finished homelab, and prints per preview: the time of its "Compute the plan" step (target: under
# 5 s at scale 0.1), its summary (a finished homelab: only adopt), the writes it made (0) and the requests per system.
#   bench/plan-preview.sh [scale] [runs]     e.g. bench/plan-preview.sh 0.1 2
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-0.1}"
runs="${2:-2}"
./mvnw -q -B test -Dtest=PlanPreviewBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.scale="$scale" -Dbench.runs="$runs" -DtrimStackTrace=true 2>&1 \
  | grep -E '^(plan-preview|run [0-9]| +[a-zA-Z(])|ERROR|FAIL' || true
