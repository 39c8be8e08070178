#!/usr/bin/env bash
# Runs Phase 1 on the rehearsal lab with the realistic latency table scaled down and prints, per run: makespan from
# start to the gate, the critical-path bound of the model computed from the lab's simulated operation times, their
# ratio (target <= 1.05), and Proxmox/Vault/Kubernetes request counts. The engine uses its production wait settings.
#   bench/phase-1.sh [scale] [runs]     e.g. bench/phase-1.sh 0.1 2   (BENCH_TIMELINE=true: each step's start and time)
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-0.1}"
runs="${2:-2}"
./mvnw -q -B test -Dtest=Phase1Benchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.scale="$scale" -Dbench.runs="$runs" -Dbench.timeline="${BENCH_TIMELINE:-false}" -DtrimStackTrace=true 2>&1 \
  | grep -E '^(phase-1-foundation|learned|run [0-9]| +[a-zA-Z(])|ERROR|FAIL' || true
