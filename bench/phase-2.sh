#!/usr/bin/env bash
# Runs Phase 1, then Phase 2 on the rehearsal lab with the realistic latency table scaled down, and prints, per run:
# Phase 2's makespan from start to the gate, the critical-path bound of the model computed from the lab's simulated
# operation times, their ratio (targets 1.10 cold, 1.05 warm), and the requests per system. Run 1 is cold (the
# engine's first Phase 2); later runs reset the lab and run both phases again on the warm engine.
#   bench/phase-2.sh [scale] [runs]     e.g. bench/phase-2.sh 0.1 2   (BENCH_TIMELINE=true: each step's start and time)
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-0.1}"
runs="${2:-2}"
./mvnw -q -B test -Dtest=Phase2Benchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.scale="$scale" -Dbench.runs="$runs" -Dbench.timeline="${BENCH_TIMELINE:-false}" -DtrimStackTrace=true 2>&1 \
  | grep -E '^(phase-2-cicd|run [0-9]| +[a-zA-Z(])|ERROR|FAIL' || true
