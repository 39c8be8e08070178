#!/usr/bin/env bash
# Time-to-ready and resident memory of the packaged engine against a plain Camunda 7.24 Spring Boot app
# (bench/reference: web apps, REST, H2, actuator; same Boot, Camunda, JVM flags), measured side by side:
#   rehearsal  the default profile, with the embedded rehearsal lab
#   homelab    the homelab profile (no lab; bench/startup-homelab-inventory.yaml makes the inventory bind)
#   reference  bench/reference
# Rounds interleave the three (R, H, P, R, H, P, ...) so machine noise hits each alike; each run has a fresh H2
# file database in a new directory. Ready = the first 200 from /actuator/health/readiness (both apps have it),
# timed from the JVM's launch; RSS = VmRSS 2 s after ready. Prints each run, the medians and both ratios.
#
# Usage: [BENCH_APPS="rehearsal homelab"] bench/startup.sh [runs] [--cds | --shipped]
#   runs       rounds (default 3)
#   --cds      like for like: all three from an extracted jar with a CDS archive of their own (Spring Boot's
#              training run, spring.context.exit=onRefresh)
#   --shipped  the engine as deploy/Dockerfile runs it (extracted jar, its CDS archive, deploy/jvm.options), against
#              the reference as a plain Camunda app runs (java -jar); see docs/startup.md
# BENCH_JAR: another build of the engine (e.g. main's, for a before/after). JAVA_OPTS (default "-Xmx256m -XX:+UseSerialGC") applies to all three. A rehearsal run holds the lab lock
# (LAB_LOCK, default /tmp/homelab-lab.lock) from before its launch until it is stopped, so it never shares the
# lab's loopback addresses with a test JVM; waiting for the lock is not timed. LAB_LOCK= (empty) takes no lock, e.g.
# when the whole script runs under `flock /tmp/homelab-lab.lock`.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3; cds=false; shipped=false
for arg in "$@"; do
  case "$arg" in
    --cds) cds=true ;;
    --shipped) shipped=true ;;
    *) runs=$arg ;;
  esac
done
java_opts=${JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}
# BENCH_APPS picks which to run (the reference always runs), e.g. BENCH_APPS=homelab for no lab lock at all
read -r -a apps <<< "${BENCH_APPS:-rehearsal homelab}"
apps+=(reference)
lock=${LAB_LOCK-/tmp/homelab-lab.lock}

jar=${BENCH_JAR:-$(ls target/homelab-rollout-*.jar 2>/dev/null | head -1 || true)}
if [ -z "$jar" ]; then ./mvnw -q -B -DskipTests package; jar=$(ls target/homelab-rollout-*.jar | head -1); fi
ref=$(ls bench/reference/target/camunda-reference-*.jar 2>/dev/null | head -1 || true)
if [ -z "$ref" ]; then ./mvnw -q -B -f bench/reference/pom.xml -DskipTests package; ref=$(ls bench/reference/target/camunda-reference-*.jar | head -1); fi
inventory=$(realpath bench/startup-homelab-inventory.yaml)
# the lab reads the contracts in place (../shared/contracts from the project, as the tests do)
contracts=$(realpath -m "${CONTRACTS_DIR:-../shared/contracts}")
[ -d "$contracts" ] || echo "warning: no contracts at $contracts: the lab runs unchecked (set CONTRACTS_DIR)" >&2
java_opts="$java_opts -Dcontracts.dir=$contracts"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# copies, so a build during the benchmark does not change the jars under running JVMs
cp "$jar" "$scratch/app.jar"; cp "$ref" "$scratch/reference.jar"
jar=$scratch/app.jar; ref=$scratch/reference.jar

# --cds: extract each jar once and train its archive once (Spring Boot 3.3+: java -Djarmode=tools extract, then a
# run that stops after the context refreshed and writes the classes it loaded), for each profile separately
declare -A launch
launch[reference]="-jar $ref"
launch[rehearsal]="-jar $jar"
launch[homelab]="-jar $jar"
# the engine's own JVM options as shipped (an argument file, as the image passes it)
engine_opts=""
$shipped && engine_opts="@$(realpath deploy/jvm.options)"
if $cds || $shipped; then
  for app in "${apps[@]}"; do
    $shipped && [ "$app" = reference ] && continue
    src=$jar; [ "$app" = reference ] && src=$ref
    dir=$scratch/cds-$app
    java -Djarmode=tools -jar "$src" extract --destination "$dir" >/dev/null
    extracted=$(ls "$dir"/*.jar | head -1)
    train=$(mktemp -d -p "$scratch")
    (
      cd "$train"
      if [ "$app" = rehearsal ] && [ -n "$lock" ]; then exec 9>>"$lock"; flock 9; fi
      env_profile=(); [ "$app" = homelab ] && env_profile=(SPRING_PROFILES_ACTIVE=homelab ROLLOUT_ADMIN_PASSWORD=bench PROXMOX_TOKEN_SECRET=bench)
      env "${env_profile[@]}" java $java_opts $engine_opts -XX:ArchiveClassesAtExit="$dir/app.jsa" \
        -Dspring.context.exit=onRefresh \
        -jar "$extracted" --server.port=0 --spring.config.additional-location="file:$inventory" >"$train/log" 2>&1 \
        || { echo "CDS training of $app failed:"; tail -20 "$train/log"; exit 1; }
    )
    launch[$app]="$engine_opts -XX:SharedArchiveFile=$dir/app.jsa -Xshare:auto -jar $extracted"
  done
fi

declare -A ready_ms rss_mb
run_one() { # app round
  local app=$1 i=$2 work port pid start end rss
  work=$(mktemp -d -p "$scratch")
  port=$((20000 + RANDOM % 20000))
  local env_profile=()
  [ "$app" = homelab ] && env_profile=(SPRING_PROFILES_ACTIVE=homelab ROLLOUT_ADMIN_PASSWORD=bench PROXMOX_TOKEN_SECRET=bench)
  [ "$app" = rehearsal ] && [ -n "$lock" ] && { exec 9>>"$lock"; flock 9; }
  start=$(date +%s%N)
  (cd "$work" && exec env "${env_profile[@]}" java $java_opts ${launch[$app]} --server.port=$port \
      --spring.config.additional-location="file:$inventory" >"$work/log" 2>&1) &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; do
    if ! kill -0 $pid 2>/dev/null || grep -q 'Application run failed' "$work/log" \
        || [ $(( $(date +%s%N) - start )) -gt 300000000000 ]; then
      echo "$app did not get ready:"; grep -m1 -A12 'ERROR' "$work/log" || tail -30 "$work/log"
      kill -9 $pid 2>/dev/null; exit 1
    fi
    sleep 0.1
  done
  end=$(date +%s%N)
  sleep 2 # let start-up work (job acquisition, deployment, a lab starting behind the engine) settle
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status" 2>/dev/null || echo 0)
  kill $pid; wait $pid 2>/dev/null || true
  [ "$app" = rehearsal ] && [ -n "$lock" ] && exec 9>&-
  ready_ms[$app]+="$(( (end - start) / 1000000 )) "; rss_mb[$app]+="$rss "
  printf 'round %d %-9s ready %6d ms  RSS %4d MiB\n' "$i" "$app" $(( (end - start) / 1000000 )) "$rss"
}

for i in $(seq 1 "$runs"); do
  for app in "${apps[@]}"; do run_one "$app" "$i"; done
done

median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mode="plain: all three java -jar"
$cds && mode="like for like: all three with a CDS archive of their own"
$shipped && mode="shipped: the engine as deploy/Dockerfile runs it ($engine_opts, CDS), the reference plain"
echo "medians of $runs (JAVA_OPTS: $java_opts; $mode):"
for app in "${apps[@]}"; do
  printf '  %-9s ready %6s ms  RSS %4s MiB\n' "$app" "$(median "${ready_ms[$app]}")" "$(median "${rss_mb[$app]}")"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
for app in "${apps[@]}"; do
  [ "$app" = reference ] && continue
  target=1.0; [ "$app" = homelab ] && target=0.8
  echo "$app/reference: ready $(ratio "$(median "${ready_ms[$app]}")" "$(median "${ready_ms[reference]}")")x," \
    "RSS $(ratio "$(median "${rss_mb[$app]}")" "$(median "${rss_mb[reference]}")")x (target <= ${target}x)"
done
