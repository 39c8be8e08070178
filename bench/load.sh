#!/usr/bin/env bash
# Provisions one VM, then 50 at once, with provision-vm on the rehearsal lab (realistic latency table scaled down) and a
# job executor of at most 4 threads; prints both makespans and their ratio (target <= 1.10), the peak of busy
# job-executor threads and of DB connections in use (Hikari). The inventory plans the 50 VMs; 8 clients start them at
# once, as CI would over REST (BENCH_STARTERS).
#   bench/load.sh [scale] [vms] [threads]     e.g. bench/load.sh 0.1 50 4
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-0.1}"
vms="${2:-50}"
threads="${3:-4}"
./mvnw -q -B test -Dtest=ProvisionLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.scale="$scale" -Dbench.vms="$vms" -Dbench.threads="$threads" -Dbench.starters="${BENCH_STARTERS:-8}" -DtrimStackTrace=true 2>&1 \
  | grep -E '^(provision-vm|1 VM|[0-9]+ VMs|ratio|  per step)|ERROR|FAIL' || true
