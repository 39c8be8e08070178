package org.homelab.rollout.frontdoor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import okhttp3.tls.HeldCertificate;
import org.homelab.rollout.support.Tool;
import org.homelab.rollout.tools.ToolResult;
import org.homelab.rollout.tools.ToolRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code nginx -t} (Debian package nginx) on a frontend configuration in a
 * temporary directory: an {@code http} block holding an existing site of the homelab and
 * the files the front door wrote, as the frontend's nginx.conf includes its sites.
 * Prefix, pid and error log point into the directory, so nothing of the machine's own
 * nginx is read or touched.
 */
final class NginxCheck {

	static final Path BINARY = Path.of("/usr/sbin/nginx");

	/**
	 * A service the homelab served before the rollout: its block must keep passing beside
	 * ours.
	 */
	static final String EXISTING_SITE = """
			server {
			    listen 80;
			    server_name photos.home.example;
			    location / {
			        proxy_pass http://192.168.1.30:2342;
			        proxy_set_header Host $host;
			    }
			}
			""";

	private static final ToolRunner TOOLS = new ToolRunner(Map.of("nginx", BINARY), List.of(), Duration.ofSeconds(30));

	private final Path dir;

	NginxCheck(Path dir) throws Exception {
		this.dir = dir;
		Files.createDirectories(dir.resolve("sites"));
		Files.writeString(dir.resolve("existing-site.conf"), EXISTING_SITE);
		Files.writeString(dir.resolve("nginx.conf"), """
				events {}
				http {
				    access_log off;
				    include existing-site.conf;
				    include sites/*.conf;
				}
				""");
	}

	static void assumeInstalled() {
		Tool.NGINX.require("the generated nginx server blocks are");
	}

	/** A throwaway certificate for the domain, as the homelab CA would issue it. */
	Certificate certificateFor(String domain) throws Exception {
		HeldCertificate held = new HeldCertificate.Builder().addSubjectAlternativeName(domain).build();
		Path certificate = this.dir.resolve(domain + ".pem");
		Path key = this.dir.resolve(domain + ".key");
		Files.writeString(certificate, held.certificatePem());
		Files.writeString(key, held.privateKeyPkcs8Pem());
		return Certificate.homelabCa(certificate.toString(), key.toString());
	}

	/** Writes a site file, as the front door writes it on the frontend. */
	void site(String fileName, String content) throws Exception {
		Files.writeString(this.dir.resolve("sites").resolve(fileName), content);
	}

	/** {@code nginx -t} on the whole configuration. */
	ToolResult test() throws Exception {
		String globals = "pid " + this.dir.resolve("nginx.pid") + "; error_log " + this.dir.resolve("error.log") + ";";
		ToolResult result = TOOLS.run(this.dir, Duration.ofSeconds(30), "nginx",
				List.of("-t", "-p", this.dir + "/", "-c", this.dir.resolve("nginx.conf").toString(), "-g", globals));
		assertThat(result.timedOut()).as(result.output()).isFalse();
		return result;
	}

}
