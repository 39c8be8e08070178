#!/usr/bin/env bash
# Runs Phase 1 on the rehearsal lab (realistic latency table scaled down) without faults, then with about 10 % of the
# calls to every system failing (seeded 500s, 503s, timeouts, locked VMs); prints both makespans to the gate, their
# ratio, and what the engine retried: failed jobs and failed looks by process, server errors answered per system.
#   bench/faults.sh [scale] [seed]     e.g. bench/faults.sh 0.1 42
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-0.1}"
seed="${2:-42}"
./mvnw -q -B test -Dtest=FaultsBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.scale="$scale" -Dbench.seed="$seed" -DtrimStackTrace=true 2>&1 \
  | grep -E '^(phase-1-foundation|fault-free|10 % faults|makespan ratio)|ERROR|FAIL' || true
