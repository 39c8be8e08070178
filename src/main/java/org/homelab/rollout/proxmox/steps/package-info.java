/**
 * The Proxmox steps of the process models: thin delegates that read variables, make one
 * or two client calls and write variables ({@code ${findVmDelegate}} ...), and wait
 * conditions for the external tasks that wait for Proxmox tasks, the guest agent and
 * scripts ({@code proxmox-task}, {@code proxmox-guest-agent}, {@code proxmox-script}).
 *
 * <p>
 * Failures: a transient fault (5xx, timeout, lock) propagates, so the job is retried with
 * the back-off of {@code rollout.proxmox.steps.retry-cycle} and the poller retries a
 * wait; everything Proxmox refused or a task that failed becomes the BPMN error
 * {@code PROXMOX_FAILED} with Proxmox's words, which the models route to "Report the
 * Proxmox failure": an incident without retries, whose Retry (after the operator fixed
 * the cause) starts the step over from finding the VM.
 */
package org.homelab.rollout.proxmox.steps;
