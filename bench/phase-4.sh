#!/usr/bin/env bash
# Runs Phases 1 to 3, then Phase 4 on the rehearsal lab with the realistic latency table scaled down, and prints, per
# run: Phase 4's makespan from start to the gate (less the restore-procedure task's wait for a person), the
# critical-path bound of the model computed from the lab's simulated operation times, their ratio (targets 1.10 cold,
# 1.05 warm), the restore tests' span side by side, and the requests per system. Run 1 is cold (the engine's first
# Phase 4); later runs reset the lab and run the four phases again on the warm engine.
#   bench/phase-4.sh [scale] [runs]     e.g. bench/phase-4.sh 0.1 2   (BENCH_TIMELINE=true: each step's start and time)
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-0.1}"
runs="${2:-2}"
./mvnw -q -B test -Dtest=Phase4Benchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.scale="$scale" -Dbench.runs="$runs" -Dbench.timeline="${BENCH_TIMELINE:-false}" -DtrimStackTrace=true 2>&1 \
  | grep -E '^(phase-4-backup|run [0-9]| +[a-zA-Z(])|ERROR|FAIL' || true
