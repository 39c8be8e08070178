#!/usr/bin/env bash
# Runs homelab-rollout on the rehearsal lab with the realistic latency table scaled down, and prints, per run: the
# makespan from its start to its last gate less the time tasks waited for a person, the critical-path bound (the sum
# of the four phases' bounds, each phase run alone after the one before in the same engine), their ratio (targets
# 1.10 cold, 1.05 warm) and the requests per system. Run 1 is cold (the engine's first rollout); later runs reset
# the lab and roll out again on the warm engine.
#   bench/rollout.sh [scale] [runs]     e.g. bench/rollout.sh 0.1 2
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-0.1}"
runs="${2:-2}"
./mvnw -q -B test -Dtest=RolloutBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.scale="$scale" -Dbench.runs="$runs" -DtrimStackTrace=true 2>&1 \
  | grep -E '^(homelab-rollout|run [0-9]| +[a-zA-Z(])|ERROR|FAIL' || true
