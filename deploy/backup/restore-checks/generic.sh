#!/bin/sh
# restore-test's fallback for a VM without a check of its own: the restored guest booted from its disk and runs
# commands through its agent as root. It proves the backup is bootable, not that a service's data is there: give a
# service class its own script when it has data worth checking. Simple sh only: the rehearsal lab runs it too.
set -eu
test -d /root
hostname
echo "generic: booted from its restored disk and runs commands through its guest agent"
