package org.homelab.rollout.engine;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How this engine runs. Passwords come from the environment
 * ({@code ROLLOUT_ADMIN_PASSWORD}, {@code ROLLOUT_CI_PASSWORD}); only in rehearsal mode
 * do demo users exist. {@link #toString()} hides them.
 */
@Validated
@ConfigurationProperties("rollout")
public record RolloutProperties(@NotNull Mode mode, String adminPassword, String ciPassword) {

	public enum Mode {

		/** The embedded rehearsal lab stands in for the homelab. */
		REHEARSAL,
		/** The real homelab of the inventory. */
		HOMELAB

	}

	public boolean rehearsal() {
		return this.mode == Mode.REHEARSAL;
	}

	@AssertTrue(message = "is not set: outside rehearsal mode the admin password must come from the environment "
			+ "variable ROLLOUT_ADMIN_PASSWORD (demo users exist only in rehearsal mode)")
	boolean isAdminPassword() {
		return rehearsal() || (this.adminPassword != null && !this.adminPassword.isBlank());
	}

	@Override
	public String toString() {
		return "RolloutProperties[mode=" + this.mode + "]";
	}

}
