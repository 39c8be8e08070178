package org.homelab.rollout.rehearsal.frontdoor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.GuestCommand;

/**
 * The homelab's front door on the existing frontend VM: its seeded files
 * ({@link FrontendSeed}), the commands a front-door script runs there ({@code nginx -t},
 * {@code systemctl reload|restart|is-active nginx|authelia},
 * {@code authelia validate-config}, {@code certbot certonly}), the real nginx serving the
 * front door at the frontend's address ({@link NginxService}) and the simulated Authelia
 * behind its auth_request ({@link SimulatedAuthelia}). Tests read back what the engine
 * left there and open sessions.
 */
public final class FrontdoorLab implements GuestCommand, AutoCloseable {

	/** The lab's unprivileged stand-ins for ports 80 and 443 (listen is rewritten). */
	public static final int HTTP_PORT = 8080;

	public static final int HTTPS_PORT = 8443;

	public static final int AUTHELIA_PORT = SimulatedAuthelia.PORT;

	private final int vmid;

	private final String address;

	private final Path caFile;

	private final FrontdoorCa ca = new FrontdoorCa();

	private final NginxService nginx;

	private final SimulatedAuthelia authelia;

	private Supplier<Map<String, byte[]>> files = Map::of;

	public FrontdoorLab(Path labDir, int vmid, String address, Contracts contracts) {
		this(labDir, vmid, address, contracts, NginxService.real());
	}

	/**
	 * {@code realNginx}: whether to run the installed nginx (else the structural check
	 * and the simulated front door, as where nginx is missing).
	 */
	public FrontdoorLab(Path labDir, int vmid, String address, Contracts contracts, boolean realNginx) {
		this.vmid = vmid;
		this.address = address;
		Path dir = labDir.toAbsolutePath().normalize().resolve("frontdoor");
		this.nginx = new NginxService(dir, address, HTTP_PORT, HTTPS_PORT, realNginx);
		try {
			this.authelia = new SimulatedAuthelia(InetAddress.getByName(address), contracts.autheliaSchema());
			Files.createDirectories(dir);
			this.caFile = dir.resolve("frontdoor-ca.pem");
			Files.writeString(this.caFile, this.ca.certificatePem());
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("not an address: " + address, ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the front-door CA under " + dir, ex);
		}
	}

	/**
	 * The frontend's files as the homelab has them before any rollout (new each call).
	 */
	public Map<String, byte[]> seed() {
		return FrontendSeed.files(this.ca);
	}

	/**
	 * The frontend runs with {@code seeded} files: Authelia loads its configuration,
	 * nginx serves (the real one when installed). {@code files} reads the guest's files
	 * later.
	 */
	public void start(Map<String, byte[]> seeded, Supplier<Map<String, byte[]>> guestFiles) {
		this.files = guestFiles;
		this.authelia.sessions().clear();
		this.authelia.restart(text(seeded, FrontendSeed.AUTHELIA_CONF));
		this.nginx.reset();
		this.nginx.start(seeded);
	}

	/** What the engine's inventory says of the front door. */
	public Map<String, Object> inventoryProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("inventory.frontdoor.https-port", HTTPS_PORT);
		properties.put("inventory.frontdoor.http-port", HTTP_PORT);
		properties.put("inventory.frontdoor.ca-file", this.caFile.toString());
		properties.put("inventory.frontdoor.authelia-host", this.address);
		properties.put("inventory.frontdoor.authelia-port", AUTHELIA_PORT);
		// the portal is where the lab's front door serves it: on the lab's HTTPS port
		properties.put("inventory.frontdoor.portal", "https://auth.rehearsal.lan:" + HTTPS_PORT + "/");
		return properties;
	}

	/** PEM of the CA that signs the front door's certificates, as a file. */
	public Path caFile() {
		return this.caFile;
	}

	/**
	 * A logged-in Authelia session (lab-only test hook): the {@code authelia_session}
	 * cookie value.
	 */
	public String session(String user, List<String> groups, boolean twoFactor) {
		return this.authelia.sessions().open(user, groups, twoFactor);
	}

	/** The frontend's /etc/nginx/sites-enabled files now, by file name. */
	public Map<String, String> nginxSites() {
		Map<String, String> sites = new TreeMap<>();
		this.files.get().forEach((path, content) -> {
			if (path.startsWith(FrontendSeed.SITES_ENABLED) && !path.endsWith("/.dir")) {
				sites.put(path.substring(FrontendSeed.SITES_ENABLED.length()),
						new String(content, StandardCharsets.UTF_8));
			}
		});
		return sites;
	}

	/**
	 * Authelia's access-control rules as the running unit loaded them (empty if down).
	 */
	public List<AccessRule> autheliaRules() {
		return Optional.ofNullable(this.authelia.loaded()).map(AutheliaConfig::rules).orElse(List.of());
	}

	public boolean autheliaActive() {
		return this.authelia.active();
	}

	/** Homepage's services.yaml as it is now in the guest. */
	public String homepageServices() {
		return text(this.files.get(), FrontendSeed.HOMEPAGE_SERVICES);
	}

	/** Reloads nginx applied since the lab (re)started. */
	public int nginxReloads() {
		return this.nginx.reloads();
	}

	public boolean nginxRunning() {
		return this.nginx.running();
	}

	/**
	 * Whether the real nginx serves (else only its unit state and a structural check).
	 */
	public static boolean realNginx() {
		return NginxService.real();
	}

	@Override
	public boolean handles(List<String> argv) {
		String program = argv.get(0).replaceAll(".*/", "");
		if (program.equals("systemctl")) {
			return argv.size() >= 3 && unit(argv.get(argv.size() - 1)) != null;
		}
		return List.of("nginx", "authelia", "certbot").contains(program);
	}

	@Override
	public Result run(Guest guest, List<String> argv, String stdin) {
		String program = argv.get(0).replaceAll(".*/", "");
		List<String> args = argv.subList(1, argv.size());
		if (guest.vmid() != this.vmid) {
			return program.equals("systemctl")
					? Result.fail(5,
							"Failed to " + args.get(0) + " " + argv.get(argv.size() - 1) + ": Unit "
									+ unit(argv.get(argv.size() - 1)) + ".service not found.\n")
					: Result.fail(127, "sh: 1: " + program + ": not found\n");
		}
		Map<String, byte[]> files = guest.files();
		return switch (program) {
			case "systemctl" -> FrontdoorUnits.systemctl(args, files, this.nginx, this.authelia);
			case "nginx" -> FrontdoorUnits.nginx(args, files, this.nginx);
			case "authelia" -> FrontdoorUnits.authelia(args, files, this.authelia);
			default -> Certbot.run(args, files, this.ca);
		};
	}

	@Override
	public void poweredOff(int vmid) {
		if (vmid == this.vmid) {
			this.nginx.stop();
			this.authelia.stop();
		}
	}

	@Override
	public void close() {
		this.nginx.close();
		this.authelia.close();
	}

	static String unit(String name) {
		String unit = name.replaceFirst("\\.service$", "");
		return List.of("nginx", "authelia").contains(unit) ? unit : null;
	}

	static String text(Map<String, byte[]> files, String path) {
		byte[] content = files.get(path);
		return (content != null) ? new String(content, StandardCharsets.UTF_8) : null;
	}

}
