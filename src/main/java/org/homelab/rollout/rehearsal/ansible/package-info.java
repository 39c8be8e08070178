/**
 * The ansible VM of the rehearsal lab: Debian's ansible installed through the guest
 * agent, and {@code ansible-inventory} / {@code ansible-playbook} run on what the engine
 * wrote into the guest (docs/ansible.md).
 */
package org.homelab.rollout.rehearsal.ansible;
