#!/bin/sh
# restore-test's check for the vault VM: what Vault needs to come back from this backup is in it: its config naming
# the storage path, the storage directory itself, and the TLS certificate, key and CA the listener serves (the paths
# vault-install writes).
# Reads only; prints no file's content (the key and Vault's data are secrets). Exits non-zero with stderr naming
# what is missing. Simple sh only (no if/for): the rehearsal lab runs it too.
set -eu
cat /etc/vault.d/vault.hcl >/dev/null
grep -q '/opt/vault/data' /etc/vault.d/vault.hcl || echo "vault.hcl names no storage under /opt/vault/data" >&2
grep -q '/opt/vault/data' /etc/vault.d/vault.hcl
test -d /opt/vault/data || echo "Vault's data directory /opt/vault/data is missing" >&2
test -d /opt/vault/data

grep -q '/opt/vault/tls/vault.crt' /etc/vault.d/vault.hcl || echo "vault.hcl names no /opt/vault/tls/vault.crt" >&2
grep -q '/opt/vault/tls/vault.crt' /etc/vault.d/vault.hcl
cat /opt/vault/tls/vault.crt >/dev/null
cat /opt/vault/tls/ca.crt >/dev/null
test -s /opt/vault/tls/vault.key || echo "Vault's TLS key /opt/vault/tls/vault.key is missing or empty" >&2
test -s /opt/vault/tls/vault.key
echo "vault: /etc/vault.d/vault.hcl, data directory /opt/vault/data and TLS certificate, key and CA present"
