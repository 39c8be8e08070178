package org.homelab.rollout.sops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.homelab.rollout.support.Tool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real age (Debian's {@code age}) from the tests: identities from {@code age-keygen},
 * decryption with {@code age -d}.
 */
final class AgeTool {

	private AgeTool() {
	}

	/** An identity file age-keygen wrote, and its public key. */
	record Identity(Path file, AgeRecipient recipient) {
	}

	static void require(String notTested) {
		Tool.AGE.require(notTested);
	}

	static Identity keygen(Path dir, String name) throws IOException, InterruptedException {
		Path file = dir.resolve(name + ".txt");
		Output generated = run(List.of("age-keygen", "-o", file.toString()));
		assertThat(generated.exitCode()).as(generated.error()).isZero();
		Output publicKey = run(List.of("age-keygen", "-y", file.toString()));
		assertThat(publicKey.exitCode()).as(publicKey.error()).isZero();
		return new Identity(file, AgeRecipient.parse(name, new String(publicKey.out()).strip()));
	}

	/** {@code age -d -i identity file}, the age file binary or armored. */
	static Output decrypt(Identity identity, byte[] ageFile) throws IOException, InterruptedException {
		Path file = Files.createTempFile(identity.file().getParent(), "encrypted", ".age");
		Files.write(file, ageFile);
		return run(List.of("age", "-d", "-i", identity.file().toString(), file.toString()));
	}

	record Output(int exitCode, byte[] out, String error) {
	}

	static Output run(List<String> command) throws IOException, InterruptedException {
		Path stderr = Files.createTempFile("age", ".err");
		try {
			Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
			process.getOutputStream().close();
			byte[] out = process.getInputStream().readAllBytes();
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
			return new Output(process.exitValue(), out, Files.readString(stderr));
		}
		finally {
			Files.deleteIfExists(stderr);
		}
	}

}
