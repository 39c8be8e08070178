package org.homelab.rollout.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * Hands the unseal shares over: each encrypted share to its holder's file
 * ({@code <holder>.share.gpg}, decrypt with {@code gpg -d}), or all plain shares into one
 * 0600 file under the state directory. The root token is never written.
 */
@Component
class ShareHandout {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

	private static final String SHARE_PREFIX = "share: ";

	private final VaultProperties properties;

	private final Clock clock = Clock.systemUTC();

	ShareHandout(VaultProperties properties) {
		this.properties = properties;
	}

	SharesHandedOut handOut(VaultTarget target, InitResult init, List<PgpKeys.Holder> holders) {
		if (init.encrypted()) {
			List<Path> files = new ArrayList<>();
			for (int i = 0; i < holders.size(); i++) {
				Path file = this.properties.pgpSharesDir().resolve(holders.get(i).name() + ".share.gpg");
				OwnerOnlyFiles.write(file, Base64.getDecoder().decode(init.shares().get(i)));
				files.add(file.toAbsolutePath());
			}
			return new SharesHandedOut(true, files);
		}
		String stamp = STAMP.format(this.clock.instant().atZone(this.clock.getZone()));
		Path file = this.properties.stateDir().resolve("unseal-shares-" + stamp + ".txt").toAbsolutePath();
		OwnerOnlyFiles.write(file, plainText(target, init).getBytes(StandardCharsets.UTF_8));
		return new SharesHandedOut(false, List.of(file));
	}

	/**
	 * The shares of a plain shares file this class wrote, for the engine's own recovery
	 * (unseal or root generation after a restart lost them from memory).
	 */
	static List<String> readPlain(Path file) {
		try {
			return Files.readAllLines(file, StandardCharsets.UTF_8)
				.stream()
				.filter(line -> line.startsWith(SHARE_PREFIX))
				.map(line -> line.substring(SHARE_PREFIX.length()).trim())
				.toList();
		}
		catch (IOException ex) {
			throw new VaultSetupException(
					"Cannot read the shares file " + file + " (" + ex.getClass().getSimpleName()
							+ "). It must stay readable by the engine's OS user until the shares are moved offline.",
					ex);
		}
	}

	private String plainText(VaultTarget target, InitResult init) {
		StringBuilder text = new StringBuilder();
		text.append("# Unseal shares of Vault at ")
			.append(target)
			.append(" (any ")
			.append(this.properties.secretThreshold())
			.append(" of ")
			.append(init.shares().size())
			.append(" unseal it).\n# Give one share to each holder, keep them offline, then delete this file.\n");
		text.append(init.shares().stream().map(share -> SHARE_PREFIX + share).collect(Collectors.joining("\n")));
		return text.append('\n').toString();
	}

}
