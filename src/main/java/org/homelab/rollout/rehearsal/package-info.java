/**
 * The rehearsal lab: a simulated homelab that speaks the real Proxmox VE, Vault and
 * Kubernetes APIs, so a whole rollout can run without owning a homelab. Part of the
 * product (the embedded default), but nothing outside this package may depend on it: the
 * product reaches the lab only through the inventory's endpoints, as it would reach real
 * systems.
 */
package org.homelab.rollout.rehearsal;
