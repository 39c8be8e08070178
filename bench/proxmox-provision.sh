#!/usr/bin/env bash
# Provisions one VM on the rehearsal lab with the realistic latency table scaled down and prints Proxmox requests per
# VM and makespan / sum of the simulated operation times (targets: <= 25 requests, ratio <= 1.05).
#   bench/proxmox-provision.sh [scale] [runs]     e.g. bench/proxmox-provision.sh 0.1 3
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-0.1}"
runs="${2:-3}"
./mvnw -q -B test -Dtest=ProvisionVmBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.scale="$scale" -Dbench.runs="$runs" -Dbench.timeline="${BENCH_TIMELINE:-false}" \
  -Dbench.profiles="${BENCH_PROFILES:-production,tuned}" -DtrimStackTrace=true 2>&1 \
  | grep -E "^(provision-vm|production|tuned|timeline)|ERROR|FAIL" || true
