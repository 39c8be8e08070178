package org.homelab.rollout.rehearsal.vault;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import okhttp3.tls.Certificates;
import okhttp3.tls.HeldCertificate;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.LabNetwork;

/**
 * The {@code vault} systemd unit inside a VM: once the install script enables or starts
 * it, a {@link VaultLab} listens at the VM's address on the port of
 * {@code /etc/vault.d/vault.hcl}, with TLS from the PEM files it names. Each VM keeps one
 * lab, so a restarted unit finds its storage again (sealed).
 */
public final class VaultService implements GuestCommand {

	static final String CONFIG = "/etc/vault.d/vault.hcl";

	private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----.*?-----END \\1-----", Pattern.DOTALL);

	private final Supplier<VaultLab> labs;

	private final Map<Integer, VaultLab> byVmid = new ConcurrentHashMap<>();

	// the file store of the VM each lab belongs to: a new VM that reuses a deleted one's
	// VMID gets a new Vault
	private final Map<Integer, Map<String, byte[]>> disks = new ConcurrentHashMap<>();

	/**
	 * {@code labs} makes the lab of a VM the first time its unit starts (with the lab's
	 * faults and journal).
	 */
	public VaultService(Supplier<VaultLab> labs) {
		this.labs = labs;
	}

	/**
	 * Reads the Vault contract ahead of the first unit start, on a background thread
	 * (once per JVM; later calls find it read): a real Vault does not parse 1.5 MB of
	 * OpenAPI when it starts, so neither should the lab's first one, on the path of a
	 * run.
	 */
	public static void prepare(Contracts contracts) {
		Thread loader = new Thread(() -> VaultSchema.load(contracts), "vault-contract-loader");
		loader.setDaemon(true);
		loader.setPriority(Thread.MIN_PRIORITY);
		loader.start();
	}

	/** The Vault of a VM, once its unit has been started there. */
	public Optional<VaultLab> lab(int vmid) {
		return Optional.ofNullable(this.byVmid.get(vmid));
	}

	/** Every Vault this service started, by the VMID of its VM. */
	public Map<Integer, VaultLab> labs() {
		return Map.copyOf(this.byVmid);
	}

	/** Stops every Vault this service started; their storage stays with the labs. */
	public void stopAll() {
		this.byVmid.values().forEach(VaultLab::close);
	}

	@Override
	public boolean handles(List<String> argv) {
		if (argv.size() >= 2 && "vault".equals(argv.get(0)) && "status".equals(argv.get(1))) {
			return true;
		}
		return argv.size() >= 3 && "systemctl".equals(argv.get(0)) && unit(argv.get(argv.size() - 1));
	}

	@Override
	public Result run(Guest guest, List<String> argv, String stdin) {
		if ("vault".equals(argv.get(0))) {
			return VaultStatus.of(this.byVmid.get(guest.vmid()));
		}
		List<String> args = argv.subList(1, argv.size() - 1);
		String verb = args.get(0);
		boolean now = args.contains("--now");
		return switch (verb) {
			case "enable" -> now ? start(guest) : Result.ok("");
			case "start" -> start(guest);
			case "restart" -> {
				lab(guest.vmid()).ifPresent(VaultLab::close);
				yield start(guest);
			}
			case "stop" -> {
				lab(guest.vmid()).ifPresent(VaultLab::close);
				yield Result.ok("");
			}
			case "disable" -> {
				if (now) {
					lab(guest.vmid()).ifPresent(VaultLab::close);
				}
				yield Result.ok("");
			}
			case "is-active" -> active(guest) ? Result.ok("active\n") : new Result(3, "inactive\n", "", null);
			case "status" -> active(guest)
					? Result.ok("● vault.service - \"HashiCorp Vault\"\n     Active: active (running)\n")
					: new Result(3, "○ vault.service - \"HashiCorp Vault\"\n     Active: inactive (dead)\n", "", null);
			default -> Result.fail(1, "Unknown command verb " + verb + ".");
		};
	}

	private boolean active(Guest guest) {
		return this.disks.get(guest.vmid()) == guest.files() && lab(guest.vmid()).map(VaultLab::running).orElse(false);
	}

	private Result start(Guest guest) {
		if (active(guest)) {
			return Result.ok("");
		}
		byte[] hcl = guest.files().get(CONFIG);
		Optional<VaultConfig> config = (hcl != null) ? VaultConfig.parse(new String(hcl, StandardCharsets.UTF_8))
				: Optional.empty();
		if (config.isEmpty()) {
			return failed();
		}
		HeldCertificate certificate = null;
		List<X509Certificate> chain = new ArrayList<>();
		if (config.get().tls()) {
			byte[] cert = file(guest, config.get().certFile());
			byte[] key = file(guest, config.get().keyFile());
			if (cert == null || key == null) {
				return failed();
			}
			List<String> certs = pems(new String(cert, StandardCharsets.UTF_8));
			List<String> keys = pems(new String(key, StandardCharsets.UTF_8));
			if (certs.isEmpty() || keys.isEmpty()) {
				return failed();
			}
			certificate = HeldCertificate.decode(certs.get(0) + "\n" + keys.get(0));
			certs.subList(1, certs.size()).forEach(pem -> chain.add(Certificates.decodeCertificatePem(pem)));
		}
		if (this.disks.put(guest.vmid(), guest.files()) != guest.files()) {
			VaultLab old = this.byVmid.remove(guest.vmid());
			if (old != null) {
				old.close();
			}
		}
		releaseAddress(guest);
		VaultLab lab = this.byVmid.computeIfAbsent(guest.vmid(), vmid -> this.labs.get());
		try {
			lab.metrics(config.get().unauthenticatedMetrics(), config.get().prometheusMetrics());
			lab.start(guest.address(), config.get().port(), certificate, chain.toArray(X509Certificate[]::new));
			LabNetwork.listening(guest.address().getHostAddress() + ":" + config.get().port(), lab);
		}
		catch (UncheckedIOException ex) {
			// e.g. the address is already in use: the unit fails as Vault's listener
			// would
			return failed();
		}
		return Result.ok("");
	}

	/**
	 * A Vault still listening at this VM's address belongs to a VM that is gone (the lab
	 * does not tell its commands of deletions): addresses are unique, so it stops, as it
	 * would have with its VM.
	 */
	private void releaseAddress(Guest guest) {
		this.byVmid.forEach((vmid, lab) -> {
			if (vmid != guest.vmid() && lab.running() && guest.address().getHostAddress().equals(lab.url().getHost())) {
				lab.close();
			}
		});
	}

	private static byte[] file(Guest guest, String path) {
		return (path != null) ? guest.files().get(path) : null;
	}

	private static List<String> pems(String text) {
		List<String> blocks = new ArrayList<>();
		Matcher block = PEM.matcher(text);
		while (block.find()) {
			blocks.add(block.group());
		}
		return blocks;
	}

	private static Result failed() {
		return Result.fail(1, "Job for vault.service failed because the control process exited with error code.\n"
				+ "See \"systemctl status vault.service\" and \"journalctl -xeu vault.service\" for details.\n");
	}

	private static boolean unit(String name) {
		return "vault".equals(name) || "vault.service".equals(name);
	}

}
