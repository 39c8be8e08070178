package org.homelab.rollout.rehearsal.frontdoor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The frontend server's files as the homelab set them up by hand, in Debian's layout:
 * nginx with the homelab's sites, Authelia 4.38's configuration (secrets in files named
 * by the unit's environment), Homepage's services, and certificates for the existing
 * sites.
 */
final class FrontendSeed {

	static final String NGINX_CONF = "/etc/nginx/nginx.conf";

	static final String SITES_ENABLED = "/etc/nginx/sites-enabled/";

	static final String AUTHELIA_CONF = "/etc/authelia/configuration.yml";

	static final String HOMEPAGE_SERVICES = "/opt/homepage/config/services.yaml";

	static final String NGINX_BINARY = "/usr/sbin/nginx";

	static final String AUTHELIA_BINARY = "/usr/bin/authelia";

	private FrontendSeed() {
	}

	static Map<String, byte[]> files(FrontdoorCa ca) {
		Map<String, byte[]> files = new TreeMap<>();
		files.put(NGINX_BINARY, new byte[0]);
		files.put(AUTHELIA_BINARY, new byte[0]);
		files.put(NGINX_CONF, resource("nginx.conf"));
		files.put("/etc/nginx/mime.types", resource("mime.types"));
		files.put("/etc/nginx/conf.d/.dir", new byte[0]);
		files.put("/etc/nginx/modules-enabled/.dir", new byte[0]);
		// Debian links sites-enabled to sites-available; the file store has no links
		files.put("/etc/nginx/sites-available/homelab.conf", resource("homelab.conf"));
		files.put(SITES_ENABLED + "homelab.conf", resource("homelab.conf"));
		files.put(AUTHELIA_CONF, resource("configuration.yml"));
		files.put("/etc/authelia/secrets.env", resource("authelia.env"));
		files.put("/etc/authelia/secrets/.dir", new byte[0]);
		files.put(HOMEPAGE_SERVICES, resource("services.yaml"));
		files.putAll(ca.issue("home.rehearsal.lan"));
		files.putAll(ca.issue("auth.rehearsal.lan"));
		return files;
	}

	private static byte[] resource(String name) {
		try (InputStream in = FrontendSeed.class.getResourceAsStream("/rehearsal/frontdoor/" + name)) {
			if (in == null) {
				throw new IllegalStateException("the lab's frontend seed lacks " + name);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
