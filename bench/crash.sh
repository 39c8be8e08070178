#!/usr/bin/env bash
# Crash recovery of Phase 1 (issue 13): a standalone lab and one engine process, killed with SIGKILL at each of ten
# points of one run (dispatch of a clone, during a clone, Helm dispatch, boot, install script, Vault init, unseal,
# configuration, each user task; by default all but those with an open bug, CrashRecoveryIntegrationTests.OPEN_BUGS)
# and restarted on the same database: the points alternate between an H2 file and PostgreSQL; points named on the
# command line are killed on both.
# Prints per kill point: the restart (kill to ready) and the recovery (ready until everything the dead node had in
# hand has moved on and an activity finished; target <= 15 s), then the run's total. Runs
# CrashRecoveryIntegrationTests, which also asserts them (docs/testing.md, "The crash test").
#   bench/crash.sh [scale] [points]   e.g. bench/crash.sh 0.05   or   bench/crash.sh 0.05 BOOT,UNSEAL,GATE
# CRASH_CLONE (seconds, default 20) is how long the lab's clones take, whatever the scale.
# CRASH_PATIENCE (seconds, default 400) is how long a restarted node may stay still before the run gives up: long,
# so a slow point is measured rather than cut short. The lab owns 127.0.10.x: run it where no other lab runs (e.g.
# under unshare -n, as docs/rehearsal-lab.md says).
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-0.05}"
points="${2:-}"
./mvnw -q -B test -Dtest=CrashRecoveryIntegrationTests -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcrash.scale="$scale" -Dcrash.points="$points" -Dcrash.patience="${CRASH_PATIENCE:-400}" -Dcrash.clone="${CRASH_CLONE:-20}" -DtrimStackTrace=true 2>&1 \
  | grep -E '^crash |ERROR\]   [A-Z]|Expect|incident|FAIL' || true
