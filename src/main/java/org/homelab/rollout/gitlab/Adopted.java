package org.homelab.rollout.gitlab;

/**
 * What a find-or-create answered: the thing, and whether this call created it (a step
 * records that, so its undo removes only what its run created).
 */
public record Adopted<T>(T value, boolean created) {

	static <T> Adopted<T> existing(T value) {
		return new Adopted<>(value, false);
	}

	static <T> Adopted<T> created(T value) {
		return new Adopted<>(value, true);
	}

}
