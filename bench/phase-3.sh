#!/usr/bin/env bash
# Runs Phase 1, Phase 2, then Phase 3 on the rehearsal lab with the realistic latency table scaled down, and prints, per
# run: Phase 3's makespan from start to the gate, the critical-path bound of the model computed from the lab's simulated
# operation times, their ratio (targets 1.10 cold, 1.05 warm), and the requests per system. Run 1 is cold (the engine's
# first Phase 3); later runs reset the lab and run the three phases again on the warm engine.
#   bench/phase-3.sh [scale] [runs]     e.g. bench/phase-3.sh 0.1 2   (BENCH_TIMELINE=true: each step's start and time)
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-0.1}"
runs="${2:-2}"
./mvnw -q -B test -Dtest=Phase3Benchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.scale="$scale" -Dbench.runs="$runs" -Dbench.timeline="${BENCH_TIMELINE:-false}" -DtrimStackTrace=true 2>&1 \
  | grep -E '^(phase-3-gitops|run [0-9]| +[a-zA-Z(])|ERROR|FAIL' || true
