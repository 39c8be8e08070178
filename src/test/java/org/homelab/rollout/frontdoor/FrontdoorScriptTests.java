package org.homelab.rollout.frontdoor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The script that puts a front-door change in place, run by the real sh with the real
 * {@code nginx -t} on a frontend configuration in a temporary directory (the frontend's
 * {@code systemctl} and {@code authelia} are recorded stand-ins on the PATH): a good
 * change is checked and reloaded, its undo gives every file back byte for byte, and a
 * change nginx or Authelia refuses puts the previous files back and reloads nothing.
 */
class FrontdoorScriptTests {

	@TempDir
	Path dir;

	private NginxCheck nginx;

	private FrontdoorProperties properties;

	private FrontdoorScript script;

	private final ExposedService grafana = FrontdoorServices.GRAFANA;

	@BeforeEach
	void frontend() throws Exception {
		NginxCheck.assumeInstalled();
		this.nginx = new NginxCheck(this.dir);
		this.nginx.certificateFor(this.grafana.domain());
		Files.writeString(this.dir.resolve("configuration.yml"), AutheliaAccessControlTests.CONFIGURATION);
		Files.writeString(this.dir.resolve("services.yaml"), HomepageServicesTests.SERVICES);
		Path bin = Files.createDirectories(this.dir.resolve("bin"));
		String globals = "pid " + this.dir.resolve("nginx.pid") + "; error_log " + this.dir.resolve("error.log") + ";";
		executable(bin.resolve("nginx"), "exec " + NginxCheck.BINARY + " -p " + this.dir + "/ -c "
				+ this.dir.resolve("nginx.conf") + " -g '" + globals + "' \"$@\"");
		executable(bin.resolve("systemctl"), "echo \"$@\" >> " + this.dir.resolve("systemctl.log"));
		executable(bin.resolve("authelia"), "test ! -e " + this.dir.resolve("authelia-refuses")
				+ " || { echo 'Configuration: access_control: rule #1: invalid' >&2; exit 1; }");
		this.properties = properties(Path.of("deploy/nginx"));
		this.script = new FrontdoorScript(this.properties);
	}

	@Test
	void aGoodChangeIsCheckedThenReloadedAndItsUndoGivesEveryFileBackByteForByte() throws Exception {
		Map<Path, byte[]> before = snapshot();
		FrontdoorChange exposure = stage(expose(files(Path.of("deploy/nginx"))));

		Run run = run(this.script.script("expose", this.grafana, exposure, null));

		assertThat(run.exit()).as(run.stderr()).isZero();
		assertThat(this.dir.resolve("sites/" + NginxServerBlocks.fileName(this.grafana))).exists();
		assertThat(Files.readString(this.dir.resolve("configuration.yml"))).contains(this.grafana.domain());
		assertThat(Files.readString(this.dir.resolve("services.yaml"))).contains(this.grafana.href());
		assertThat(systemctl()).containsExactly("reload nginx", "restart authelia");
		assertThat(exposure.siteAdded() && exposure.ruleAdded() && exposure.entryAdded()).isTrue();

		FrontdoorChange undo = stage(FrontdoorChange.unexpose(this.grafana, files(Path.of("deploy/nginx")), true, true,
				true, Files.readString(this.dir.resolve("configuration.yml")),
				Files.readString(this.dir.resolve("services.yaml"))));
		Run back = run(this.script.script("unexpose", this.grafana, undo, null));

		assertThat(back.exit()).as(back.stderr()).isZero();
		assertThat(snapshot()).as("the frontend's files after undo").containsExactlyInAnyOrderEntriesOf(before);
		assertThat(this.nginx.test().exitCode()).isZero();
	}

	@Test
	void aSecondExposureAddsNothingSoItsUndoRemovesNothing() throws Exception {
		FrontdoorChange first = stage(expose(files(Path.of("deploy/nginx"))));
		assertThat(run(this.script.script("expose", this.grafana, first, null)).exit()).isZero();

		FrontdoorChange second = expose(files(Path.of("deploy/nginx")));

		assertThat(second.siteAdded() || second.ruleAdded() || second.entryAdded()).isFalse();
		assertThat(second.authelia()).as("Authelia unchanged").isNull();
		assertThat(second.homepage()).as("Homepage unchanged").isNull();
	}

	@Test
	void aBrokenTemplateIsCaughtByNginxTestThePreviousFilesComeBackAndNothingIsReloaded() throws Exception {
		Path templates = Files.createDirectories(this.dir.resolve("templates"));
		try (Stream<Path> shipped = Files.list(Path.of("deploy/nginx"))) {
			for (Path file : shipped.toList()) {
				Files.copy(file, templates.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		Path server = templates.resolve("server.conf.template");
		Files.writeString(server, Files.readString(server).replace("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocols"));
		Map<Path, byte[]> before = snapshot();
		FrontdoorChange broken = stage(expose(files(templates)));

		Run run = run(this.script.script("expose", this.grafana, broken, null));

		assertThat(run.exit()).isNotZero();
		assertThat(run.stderr()).contains("[emerg]").contains(NginxServerBlocks.fileName(this.grafana));
		assertThat(snapshot()).as("the frontend's files").containsExactlyInAnyOrderEntriesOf(before);
		assertThat(systemctl()).as("reloads").isEmpty();
	}

	@Test
	void aConfigurationAutheliaRefusesIsTakenBackBeforeAnyReload() throws Exception {
		Files.writeString(this.dir.resolve("authelia-refuses"), "");
		Map<Path, byte[]> before = snapshot();
		FrontdoorChange exposure = stage(expose(files(Path.of("deploy/nginx"))));

		Run run = run(this.script.script("expose", this.grafana, exposure, null));

		assertThat(run.exit()).isNotZero();
		assertThat(run.stderr()).contains("access_control: rule #1: invalid");
		assertThat(snapshot()).containsExactlyInAnyOrderEntriesOf(before);
		assertThat(systemctl()).isEmpty();
	}

	private FrontdoorChange expose(FrontdoorFiles files) throws Exception {
		Path site = this.dir.resolve("sites/" + NginxServerBlocks.fileName(this.grafana));
		return FrontdoorChange.expose(this.grafana,
				Certificate.homelabCa(this.dir.resolve(this.grafana.domain() + ".pem").toString(),
						this.dir.resolve(this.grafana.domain() + ".key").toString()),
				files, Files.exists(site) ? Optional.of(Files.readString(site)) : Optional.empty(),
				Files.readString(this.dir.resolve("configuration.yml")),
				Files.readString(this.dir.resolve("services.yaml")));
	}

	private FrontdoorChange stage(FrontdoorChange change) throws Exception {
		for (Map.Entry<String, String> staged : this.script.staged(this.grafana, change).entrySet()) {
			Files.writeString(Path.of(staged.getKey()), staged.getValue());
		}
		return change;
	}

	private static FrontdoorFiles files(Path templates) {
		return new FrontdoorFiles(new NginxServerBlocks(templates, "127.0.0.1", 9091), new AutheliaAccessControl(null),
				new HomepageServices());
	}

	private FrontdoorProperties properties(Path templates) throws IOException {
		return new FrontdoorProperties("home.example", 443, 80, "127.0.0.1", 9091, null,
				this.dir.resolve("sites").toString(), this.dir.resolve("configuration.yml").toString(),
				this.dir.resolve("services.yaml").toString(), FrontdoorProperties.CertificateMethod.HOMELAB_CA,
				List.of(), this.dir + "/{domain}.pem", this.dir + "/{domain}.key", List.of("admins"), List.of(),
				Files.createDirectories(this.dir.resolve("stage")).toString(), templates, null, null);
	}

	/** The frontend's files the front door edits: sites, Authelia, Homepage. */
	private Map<Path, byte[]> snapshot() throws Exception {
		try (Stream<Path> sites = Files.list(this.dir.resolve("sites"))) {
			return Stream
				.concat(sites, Stream.of(this.dir.resolve("configuration.yml"), this.dir.resolve("services.yaml")))
				.collect(Collectors.toMap(path -> path, FrontdoorScriptTests::bytes));
		}
	}

	private static byte[] bytes(Path path) {
		try {
			return Files.readAllBytes(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private List<String> systemctl() throws Exception {
		Path log = this.dir.resolve("systemctl.log");
		return Files.exists(log) ? Files.readAllLines(log) : List.of();
	}

	private Run run(String text) throws Exception {
		Path file = this.dir.resolve("apply.sh");
		Files.writeString(file, text);
		ProcessBuilder builder = new ProcessBuilder("sh", file.toString()).directory(this.dir.toFile());
		builder.environment().put("PATH", this.dir.resolve("bin") + ":" + System.getenv("PATH"));
		Process process = builder.start();
		process.getOutputStream().close();
		String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Run(process.exitValue(), stdout, stderr);
	}

	private static void executable(Path file, String body) throws Exception {
		Files.writeString(file, "#!/bin/sh\n" + body + "\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

	private record Run(int exit, String stdout, String stderr) {
	}

}
