#!/bin/sh
# restore-test's check for the ansible VM: the project's clone (site.yml, the Proxmox inventory) and what the inventory
# plugin reads (the Proxmox CA, the API token's secret file) are in this backup. Reads only; never prints the token
# file. Exits non-zero with stderr naming what is missing. Simple sh only (no if/for): the rehearsal lab runs it too.
set -eu
cat /srv/ansible/site.yml >/dev/null
cat /srv/ansible/inventory/proxmox.yml >/dev/null
cat /etc/homelab-ansible/pve-root-ca.pem >/dev/null
test -s /etc/homelab-ansible/proxmox-token-secret || echo "/etc/homelab-ansible/proxmox-token-secret is missing or empty" >&2
test -s /etc/homelab-ansible/proxmox-token-secret
echo "ansible: /srv/ansible (site.yml, inventory/proxmox.yml), the Proxmox CA and the token file present"
