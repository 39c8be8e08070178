#!/bin/sh
# restore-test's check for the prometheus VM: its binary and the configuration the rollout wrote (scrape configs and
# rule files) are in this backup. Reads only. Exits non-zero with stderr naming what is missing.
# Simple sh only (no if/for): the rehearsal lab runs it too.
set -eu
test -x /usr/bin/prometheus || echo "/usr/bin/prometheus is missing" >&2
test -x /usr/bin/prometheus
cat /etc/prometheus/prometheus.yml >/dev/null
grep -q 'scrape_configs' /etc/prometheus/prometheus.yml || echo "/etc/prometheus/prometheus.yml has no scrape_configs" >&2
grep -q 'scrape_configs' /etc/prometheus/prometheus.yml
echo "prometheus: /usr/bin/prometheus and /etc/prometheus/prometheus.yml with its scrape configs present"
