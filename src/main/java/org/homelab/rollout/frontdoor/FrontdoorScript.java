package org.homelab.rollout.frontdoor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The script that puts a staged {@link FrontdoorChange} in place on the frontend server,
 * checks it and only then reloads: the previous files are kept in the service's stage
 * directory, {@code nginx -t} checks the whole configuration (and Authelia validates its
 * file when it changed); if either refuses, the previous files go back, nothing is
 * reloaded, and the script fails with their messages on stderr. Plain sh without compound
 * commands (markers instead of if), safe to run again: a retry keeps and checks the same
 * files once more.
 */
public final class FrontdoorScript {

	/** The staged files, after {@link #stage}. */
	public static final String STAGED_SITE = "site.conf";

	public static final String STAGED_AUTHELIA = "configuration.yml";

	public static final String STAGED_HOMEPAGE = "services.yaml";

	private final FrontdoorProperties frontdoor;

	public FrontdoorScript(FrontdoorProperties frontdoor) {
		this.frontdoor = frontdoor;
	}

	/**
	 * Where the service's staged and previous files start on the frontend: hidden files
	 * in a directory only root reads (the guest agent writes files but cannot create a
	 * directory).
	 */
	public String stage(ExposedService service) {
		return this.frontdoor.stageDir() + "/.homelab-rollout-frontdoor-" + service.name() + ".";
	}

	/**
	 * The files {@code change} stages for the script, path on the frontend to content.
	 */
	public Map<String, String> staged(ExposedService service, FrontdoorChange change) {
		String stage = stage(service);
		Map<String, String> staged = new LinkedHashMap<>();
		if (change.site() != null) {
			staged.put(stage + STAGED_SITE, change.site());
		}
		if (change.authelia() != null) {
			staged.put(stage + STAGED_AUTHELIA, change.authelia());
		}
		if (change.homepage() != null) {
			staged.put(stage + STAGED_HOMEPAGE, change.homepage());
		}
		return staged;
	}

	/** The service's nginx site file on the frontend. */
	public String site(ExposedService service) {
		return this.frontdoor.nginxSites() + "/" + NginxServerBlocks.fileName(service);
	}

	/**
	 * The script for {@code change}; {@code certificate} is obtained first when given (an
	 * exposure), since nginx -t refuses a site whose certificate is missing.
	 */
	public String script(String what, ExposedService service, FrontdoorChange change, Certificate certificate) {
		String stage = stage(service);
		String site = site(service);
		String authelia = this.frontdoor.autheliaConfiguration();
		String homepage = this.frontdoor.homepageServices();
		String failed = stage + "failed";
		List<String> lines = new ArrayList<>();
		lines.add("# homelab-rollout: " + what + " " + service.name() + " (" + service.domain()
				+ ") through the front door");
		lines.add("set -e");
		lines.add("umask 077");
		lines.add("rm -f " + failed + " " + stage + "site.before " + stage + "site.absent " + stage + "authelia.before "
				+ stage + "homepage.before");
		if (certificate != null) {
			lines.add("# the certificate: obtained once, reused after");
			lines.addAll(certificate(service, certificate));
		}
		lines.add("# keep the previous files");
		lines.add("test ! -e " + site + " || cp -p " + site + " " + stage + "site.before");
		lines.add("test -e " + site + " || touch " + stage + "site.absent");
		if (change.authelia() != null) {
			lines.add("cp -p " + authelia + " " + stage + "authelia.before");
		}
		if (change.homepage() != null) {
			lines.add("cp -p " + homepage + " " + stage + "homepage.before");
		}
		lines.add("# put the new ones in place");
		if (change.site() != null) {
			lines.add("cp " + stage + STAGED_SITE + " " + site);
		}
		if (change.deleteSite()) {
			lines.add("rm -f " + site);
		}
		if (change.authelia() != null) {
			lines.add("cp " + stage + STAGED_AUTHELIA + " " + authelia);
		}
		if (change.homepage() != null) {
			lines.add("cp " + stage + STAGED_HOMEPAGE + " " + homepage);
		}
		lines.add("# check before any reload: a configuration nginx or Authelia refuses is never loaded");
		lines.add("nginx -t || touch " + failed);
		if (change.authelia() != null) {
			lines
				.add("test -e " + failed + " || authelia validate-config --config " + authelia + " || touch " + failed);
		}
		lines.add("# refused: the previous files go back, and the step fails with the messages above");
		lines.add("test ! -e " + failed + " || test ! -e " + stage + "site.before || cp -p " + stage + "site.before "
				+ site);
		lines.add("test ! -e " + failed + " || test ! -e " + stage + "site.absent || rm -f " + site);
		if (change.authelia() != null) {
			lines.add("test ! -e " + failed + " || cp -p " + stage + "authelia.before " + authelia);
		}
		if (change.homepage() != null) {
			lines.add("test ! -e " + failed + " || cp -p " + stage + "homepage.before " + homepage);
		}
		lines.add("test ! -e " + failed + " || exit 1");
		lines.add("systemctl reload nginx");
		if (change.authelia() != null) {
			lines.add("# Authelia reads configuration.yml when it starts");
			lines.add("systemctl restart authelia");
		}
		return String.join("\n", lines) + "\n";
	}

	private List<String> certificate(ExposedService service, Certificate certificate) {
		return switch (this.frontdoor.certificates()) {
			case CERTBOT -> List.of("test -e " + certificate.certificate() + " || certbot certonly --non-interactive "
					+ "--agree-tos --cert-name " + service.domain() + " -d " + service.domain() + " "
					+ String.join(" ", this.frontdoor.certbotArguments()));
			// the homelab CA issues outside the rollout: cat names a missing file
			case HOMELAB_CA -> List.of("cat " + certificate.certificate() + " " + certificate.key() + " > /dev/null");
		};
	}

}
