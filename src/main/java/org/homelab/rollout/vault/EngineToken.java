package org.homelab.rollout.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.vault.support.VaultToken;

/**
 * The engine's own Vault token: in memory, and in a 0600 file under the state directory
 * so a restarted engine finds it. Never a process variable.
 */
@Component
class EngineToken {

	private final Path file;

	private volatile VaultToken token;

	EngineToken(VaultProperties properties) {
		this.file = properties.engineTokenFile();
	}

	synchronized Optional<VaultToken> current() {
		if (this.token == null && Files.isRegularFile(this.file)) {
			try {
				String text = Files.readString(this.file, StandardCharsets.UTF_8).trim();
				this.token = text.isEmpty() ? null : VaultToken.of(text);
			}
			catch (IOException ex) {
				throw new VaultSetupException("Cannot read the engine's Vault token file " + this.file + " ("
						+ ex.getMessage() + "). It must be readable by the engine's OS user.", ex);
			}
		}
		return Optional.ofNullable(this.token);
	}

	synchronized void store(VaultToken token) {
		OwnerOnlyFiles.write(this.file, token.getToken().getBytes(StandardCharsets.UTF_8));
		this.token = token;
	}

	/**
	 * Drops the cached token, e.g. when Vault refused it, so an operator's replacement
	 * file is read next time.
	 */
	synchronized void forget() {
		this.token = null;
	}

	Path file() {
		return this.file;
	}

}
