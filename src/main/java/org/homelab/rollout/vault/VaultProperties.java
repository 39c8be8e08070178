package org.homelab.rollout.vault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the rollout sets Vault up. Holds paths to secrets (the engine token file, where
 * shares go), never secrets.
 *
 * @param address Vault's URL; empty means {@code https://vault.<dns-domain>:8200}
 * @param caFile PEM of the CA that issued Vault's certificate; empty trusts the JVM's
 * trust store (homelab CA)
 * @param stateDir where the engine keeps its Vault token and the plain shares file, both
 * mode 0600
 * @param pgpKeyFiles one public key per share holder (armoured or binary); when set,
 * shares are encrypted to them
 * @param sharesDir where encrypted shares are handed out, one file per holder
 * @param services the plan's services that get a policy reading their own secrets
 * @param esoServices the services on K3s whose secrets the External Secrets Operator may
 * read
 * @param homelabCaCert the homelab CA's certificate (PEM) that issues Vault's TLS
 * certificate; empty: the install creates a CA of its own under the state directory
 * @param homelabCaKey that CA's private key (PEM, PKCS#8), readable only by the engine's
 * OS user
 */
@Validated
@ConfigurationProperties("rollout.vault")
public record VaultProperties(String address, Path caFile, @NotNull @DefaultValue("./data/vault") Path stateDir,
		@DefaultValue("5") @Min(1) int secretShares, @DefaultValue("3") @Min(1) int secretThreshold,
		@DefaultValue List<Path> pgpKeyFiles, Path sharesDir, @NotBlank @DefaultValue("homelab") String kvMount,
		@NotBlank @DefaultValue("kubernetes") String kubernetesAuthPath, @DefaultValue( {
				"prometheus", "grafana", "gitlab-ce", "gitlab-runner", "argocd", "ansible",
				"proxmox-backup" }) List<String> services,
		@DefaultValue({ "gitlab-runner", "grafana" }) List<String> esoServices,
		@NotBlank @DefaultValue("external-secrets") String esoNamespace,
		@NotBlank @DefaultValue("external-secrets") String esoServiceAccount,
		@NotNull @DefaultValue("768h") Duration engineTokenTtl, Path homelabCaCert, Path homelabCaKey){

	@AssertTrue(message = "must not exceed secret-shares, and be at least 2 when there are several shares")
	boolean isSecretThreshold() {
		return this.secretThreshold <= this.secretShares && (this.secretShares == 1 || this.secretThreshold > 1);
	}

	@AssertTrue(message = "must list one key per share (secret-shares) when set")
	boolean isPgpKeyFiles() {
		return this.pgpKeyFiles.isEmpty() || this.pgpKeyFiles.size() == this.secretShares;
	}

	/** The file holding the engine's own Vault token (0600). */
	public Path engineTokenFile() {
		return this.stateDir.resolve("engine-token");
	}

	/**
	 * Where PGP-encrypted shares go: {@code sharesDir}, else {@code <stateDir>/shares}.
	 */
	public Path pgpSharesDir() {
		return (this.sharesDir != null) ? this.sharesDir : this.stateDir.resolve("shares");
	}

	public boolean pgp() {
		return !this.pgpKeyFiles.isEmpty();
	}

}
