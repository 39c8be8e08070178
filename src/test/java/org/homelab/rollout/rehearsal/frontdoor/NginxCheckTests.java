package org.homelab.rollout.rehearsal.frontdoor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.homelab.rollout.rehearsal.GuestCommand.Result;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structural check that stands in for nginx -t where nginx is not installed: it finds
 * what it claims to find, in nginx's words — checked against the real nginx on the same
 * files.
 */
class NginxCheckTests {

	static final String SITE = "/etc/nginx/sites-enabled/rollout-x.conf";

	static final String GOOD = """
			map $http_upgrade $connection_upgrade_x {
			    default upgrade;
			    '' close;
			}
			server {
			    listen 443 ssl;
			    server_name x.rehearsal.lan;
			    ssl_certificate /etc/letsencrypt/live/home.rehearsal.lan/fullchain.pem;
			    ssl_certificate_key /etc/letsencrypt/live/home.rehearsal.lan/privkey.pem;
			    location / {
			        proxy_pass http://127.0.10.10:3000;
			    }
			}
			""";

	@Test
	void theSeededFrontendWithAGoodSitePassesAsDoesAMapVariableDefinedTwice(@TempDir Path dir) {
		// nginx 1.22 accepts the second map of a variable: so does the check
		Map<String, byte[]> files = with(GOOD + GOOD.substring(0, GOOD.indexOf("server {")));
		if (Tool.NGINX.installed()) {
			assertThat(new NginxService(dir, "127.0.10.10", 8080, 8443).test(files, false).exitCode()).isZero();
		}
		Result result = NginxCheck.check(files, false);
		assertThat(result.exitCode()).isZero();
		assertThat(result.stderr()).isEqualTo("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
				+ "nginx: configuration file /etc/nginx/nginx.conf test is successful\n");
	}

	@Test
	void itNamesTheFirstFaultAsNginxDoes(@TempDir Path dir) {
		Map<String, String> faults = Map.of("an extra brace", GOOD + "}\n", "a missing semicolon",
				GOOD.replace("proxy_pass http://127.0.10.10:3000;", "proxy_pass http://127.0.10.10:3000"),
				"an unclosed block", GOOD.substring(0, GOOD.lastIndexOf('}')), "a missing certificate",
				GOOD.replace("live/home.rehearsal.lan/fullchain.pem", "live/x.rehearsal.lan/fullchain.pem"));
		NginxService real = Tool.NGINX.installed() ? new NginxService(dir, "127.0.10.10", 8080, 8443) : null;
		faults.forEach((fault, site) -> {
			Result check = NginxCheck.check(with(site), false);
			assertThat(check.exitCode()).as(fault).isEqualTo(1);
			assertThat(check.stderr()).as(fault)
				.startsWith("nginx: [emerg] ")
				.endsWith("nginx: configuration file /etc/nginx/nginx.conf test failed\n");
			if (real != null) {
				String nginxSays = real.test(with(site), false).stderr().lines().findFirst().orElse("");
				assertThat(firstLine(check)).as(fault).isEqualTo(nginxSays.replaceFirst(" \\(SSL:.*", " (SSL:"));
			}
		});
	}

	private static String firstLine(Result result) {
		return result.stderr().lines().findFirst().orElse("").replaceFirst(" \\(SSL:.*", " (SSL:");
	}

	private static Map<String, byte[]> with(String site) {
		Map<String, byte[]> files = new TreeMap<>(FrontendSeed.files(new FrontdoorCa()));
		files.put(SITE, site.getBytes(StandardCharsets.UTF_8));
		return files;
	}

}
