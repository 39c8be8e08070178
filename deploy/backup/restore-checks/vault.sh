#!/bin/sh
# restore-test's check for the vault VM: what Vault needs to come back from this backup is in it: its config naming
# the storage path, the storage directory itself, and the TLS certificate and key the listener serves.
# Reads only; prints no file's content (the key and Vault's data are secrets). Exits non-zero with stderr naming
# what is missing. Simple sh only (no if/for): the rehearsal lab runs it too.
set -eu
cat /etc/vault.d/vault.hcl >/dev/null
grep -q '/opt/vault/data' /etc/vault.d/vault.hcl || echo "vault.hcl names no storage under /opt/vault/data" >&2
grep -q '/opt/vault/data' /etc/vault.d/vault.hcl
test -d /opt/vault/data || echo "Vault's data directory /opt/vault/data is missing" >&2
test -d /opt/vault/data
test -s /opt/vault/tls/tls.crt || echo "Vault's TLS certificate /opt/vault/tls/tls.crt is missing or empty" >&2
test -s /opt/vault/tls/tls.crt
test -s /opt/vault/tls/tls.key || echo "Vault's TLS key /opt/vault/tls/tls.key is missing or empty" >&2
test -s /opt/vault/tls/tls.key
echo "vault: /etc/vault.d/vault.hcl, data directory /opt/vault/data and TLS certificate and key present"
