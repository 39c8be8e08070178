package org.homelab.rollout.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import okhttp3.tls.HeldCertificate;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.vault.VaultLab;

/**
 * A rehearsal Vault served over TLS by a CA of its own, whose certificate is written to a
 * file as the install step would, so the client verifies TLS exactly as against the
 * homelab's Vault.
 */
public final class VaultLabFixture implements AutoCloseable {

	private final RequestJournal journal = new RequestJournal();

	private final VaultLab lab = new VaultLab(FaultInjector.none(), this.journal);

	private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0)
		.commonName("rehearsal vault CA")
		.duration(1, TimeUnit.DAYS)
		.build();

	private final Path caFile;

	public VaultLabFixture(Path dir) {
		try {
			this.caFile = Files.writeString(dir.resolve("vault-ca.pem"), this.ca.certificatePem());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		serve(0);
	}

	/**
	 * A restart: Vault comes back sealed, with its storage, as after a reboot. On a new
	 * port: the lab's listener binds without SO_REUSEADDR, so its old port stays taken
	 * while closed connections linger in TIME_WAIT.
	 */
	public void restart() {
		this.lab.close();
		serve(0);
	}

	private void serve(int port) {
		HeldCertificate server = new HeldCertificate.Builder().signedBy(this.ca)
			.commonName("vault.rehearsal.lan")
			.addSubjectAlternativeName("vault.rehearsal.lan")
			.addSubjectAlternativeName("127.0.0.1")
			.build();
		this.lab.start(InetAddress.getLoopbackAddress(), port, server, this.ca.certificate());
	}

	public VaultTarget target() {
		return new VaultTarget(this.lab.url(), this.caFile);
	}

	public Path caFile() {
		return this.caFile;
	}

	public VaultLab lab() {
		return this.lab;
	}

	public RequestJournal journal() {
		return this.journal;
	}

	/**
	 * The requests Vault answered that change something (not GET/LIST), e.g. to show a
	 * re-run wrote nothing.
	 */
	public List<String> writesSince(int entries) {
		return this.journal.entries("vault")
			.stream()
			.skip(entries)
			.filter(e -> !"GET".equals(e.method()) && !"LIST".equals(e.method()))
			.map(e -> e.method() + " " + e.path())
			.toList();
	}

	@Override
	public void close() {
		this.lab.close();
	}

}
