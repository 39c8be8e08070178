package org.homelab.rollout.plan;

/**
 * One thing a run of {@code phase} would touch: the {@code system} holding it (e.g.
 * {@code proxmox}, {@code k3s}), its {@code kind} (e.g. {@code vm}, {@code helm-release})
 * and {@code name}, the {@code action} and, for anything but a plain create or adopt,
 * why. Names and paths only, never a secret's value.
 */
public record PlannedChange(int phase, String system, String kind, String name, PlanAction action, String detail) {

	public PlannedChange {
		detail = (detail == null) ? "" : detail;
	}

}
