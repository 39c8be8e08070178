package org.homelab.rollout.rehearsal.monitoring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.homelab.rollout.rehearsal.GuestCommand;

/**
 * natrontech/pbs-exporter's GitHub release as a lab VM fetches it: {@code curl -fsSL -o
 * FILE} (or {@code wget -O FILE}) of the release archive
 * {@code pbs-exporter_v0.9.3_linux_amd64.tar.gz} gives the lab's archive (its bytes are
 * {@link #archive()}, so a pinned SHA-256 checks it as the real one is checked); any
 * other asset is a 404. {@code tar -xzf FILE -C DIR pbs-exporter} of that archive puts
 * the binary {@code DIR/pbs-exporter}; of anything else it fails as tar does on a file
 * that is not gzip.
 */
public final class PbsExporterRelease implements GuestCommand {

	public static final String VERSION = "v0.9.3";

	public static final String BASE = "https://github.com/natrontech/pbs-exporter/releases/download/" + VERSION + "/";

	public static final String ASSET = "pbs-exporter_" + VERSION + "_linux_amd64.tar.gz";

	private static final byte[] ARCHIVE = ("(gzip tar archive: pbs-exporter " + VERSION
			+ " linux/amd64, LICENSE, README.md; rehearsal lab)\n")
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] BINARY = ("(ELF 64-bit LSB executable, x86-64, statically linked: pbs-exporter "
			+ VERSION + "; rehearsal lab)\n")
		.getBytes(StandardCharsets.UTF_8);

	/** The lab's release archive. */
	public static byte[] archive() {
		return ARCHIVE.clone();
	}

	/** Its SHA-256 (lower-case hex), as a release's checksums.txt lists it. */
	public static String archiveSha256() {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ARCHIVE));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public boolean handles(List<String> argv) {
		String program = argv.get(0).replaceAll(".*/", "");
		return switch (program) {
			case "curl", "wget" -> argv.stream().anyMatch(a -> a.startsWith(BASE.replace(VERSION + "/", "")));
			case "tar" -> argv.stream().anyMatch(a -> a.endsWith(ASSET));
			default -> false;
		};
	}

	@Override
	public Result run(Guest guest, List<String> argv, String stdin) {
		String program = argv.get(0).replaceAll(".*/", "");
		if (program.equals("tar")) {
			return extract(guest, argv);
		}
		if (!argv.contains(BASE + ASSET)) {
			return program.equals("wget") ? Result.fail(8, "ERROR 404: Not Found.\n")
					: Result.fail(22, "curl: (22) The requested URL returned error: 404\n");
		}
		for (int i = 1; i + 1 < argv.size(); i++) {
			if (List.of("-O", "-o", "--output", "--output-document").contains(argv.get(i))) {
				guest.files().put(argv.get(i + 1), ARCHIVE.clone());
				return Result.ok("");
			}
		}
		return Result.fail(23, "curl: (23) Failure writing output to destination\n");
	}

	private static Result extract(Guest guest, List<String> argv) {
		String archive = null;
		String directory = "/";
		for (int i = 1; i < argv.size(); i++) {
			String arg = argv.get(i);
			if (arg.equals("-C") && i + 1 < argv.size()) {
				directory = argv.get(++i);
			}
			else if (arg.matches("-?[xzvf]+") && arg.endsWith("f") && i + 1 < argv.size()) {
				archive = argv.get(++i);
			}
		}
		byte[] content = (archive != null) ? guest.files().get(archive) : null;
		if (content == null) {
			return Result.fail(2, "tar: " + archive + ": Cannot open: No such file or directory\n"
					+ "tar: Error is not recoverable: exiting now\n");
		}
		if (!Arrays.equals(content, ARCHIVE)) {
			return Result.fail(2, "\ngzip: stdin: not in gzip format\ntar: Child returned status 1\n"
					+ "tar: Error is not recoverable: exiting now\n");
		}
		guest.files().put(directory.replaceAll("/$", "") + "/pbs-exporter", BINARY.clone());
		return Result.ok("");
	}

}
