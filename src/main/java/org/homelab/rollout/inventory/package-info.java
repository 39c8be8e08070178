/**
 * The inventory: the typed description of the homelab the rollout acts on (Proxmox,
 * network plan, K3s nodes, frontend server, the plan's VMs and their sizes). Bound from
 * YAML and environment, validated at start-up so a broken inventory fails before anything
 * is touched, naming the property that is wrong.
 */
package org.homelab.rollout.inventory;
