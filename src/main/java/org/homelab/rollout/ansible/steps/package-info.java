/**
 * Phase 3.2's steps for the ansible VM (docs/ansible.md): Ansible from Debian through the
 * guest agent, the inventory's read-only Proxmox token and the project's read-only deploy
 * token straight into Vault, {@code deploy/ansible/} committed into GitLab signed by the
 * run, the VM's files written from Vault, the two success criteria and the undo. Thin
 * delegates over the Proxmox, GitLab and Vault clients; the models in
 * {@code processes/ansible-*.bpmn} hold the order.
 */
package org.homelab.rollout.ansible.steps;
