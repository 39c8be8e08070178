package org.homelab.rollout.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

	/** A plain shares file's first line begins so, naming its Vault. */
	private static final String HEADER = "# Unseal shares of Vault at ";

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
	 * What an earlier {@link #handOut} of this engine left for {@code target}: the newest
	 * plain shares file naming it, or every holder's encrypted share. A crash after the
	 * hand-out but before its step ended re-runs the step against an initialised Vault:
	 * this is how it recognises its own.
	 */
	Optional<SharesHandedOut> existing(VaultTarget target, List<PgpKeys.Holder> holders) {
		if (!holders.isEmpty()) {
			List<Path> files = holders.stream()
				.map(holder -> this.properties.pgpSharesDir().resolve(holder.name() + ".share.gpg").toAbsolutePath())
				.toList();
			return files.stream().allMatch(Files::isRegularFile) ? Optional.of(new SharesHandedOut(true, files))
					: Optional.empty();
		}
		String header = HEADER + target + " ";
		try (Stream<Path> listed = Files.list(this.properties.stateDir())) {
			return listed.filter(file -> file.getFileName().toString().startsWith("unseal-shares-"))
				.sorted(Comparator.comparing((Path file) -> file.getFileName().toString()).reversed())
				.filter(file -> firstLine(file).startsWith(header))
				.findFirst()
				.map(file -> new SharesHandedOut(false, List.of(file.toAbsolutePath())));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list " + this.properties.stateDir(), ex);
		}
	}

	private static String firstLine(Path file) {
		try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
			return lines.findFirst().orElse("");
		}
		catch (IOException | UncheckedIOException ex) {
			return "";
		}
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
		text.append(HEADER)
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
