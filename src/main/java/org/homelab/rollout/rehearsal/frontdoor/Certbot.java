package org.homelab.rollout.rehearsal.frontdoor;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.homelab.rollout.rehearsal.GuestCommand.Result;

/**
 * {@code certbot certonly --non-interactive --agree-tos --cert-name D -d D ...}: the
 * lab's CA stands in for the ACME server (any challenge method passes), taking an order's
 * realistic time ({@code frontdoor.certbot}); a certificate already there is kept.
 */
final class Certbot {

	private static final String DOMAIN = "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}";

	private Certbot() {
	}

	static Result run(List<String> args, Map<String, byte[]> files, FrontdoorCa ca) {
		if (!args.contains("certonly")) {
			return Result.fail(1, "The rehearsal lab's certbot knows only 'certonly'.\n");
		}
		if (!args.contains("--non-interactive") && !args.contains("-n")) {
			return Result.fail(1, "Missing command line flag or config entry for this setting:\n"
					+ "Please read and agree to the Terms of Service (run non-interactively: --non-interactive)\n");
		}
		if (!args.contains("--agree-tos")) {
			return Result.fail(1, "Missing command line flag or config entry for this setting:\n"
					+ "You must agree to the ACME server's Terms of Service (--agree-tos)\n");
		}
		String domains = value(args, "-d", "--domains", "--domain");
		if (domains == null) {
			return Result.fail(1, "No domain was given: certonly needs -d DOMAIN in non-interactive mode.\n");
		}
		String domain = domains.split(",")[0];
		String name = Objects.requireNonNullElse(value(args, "--cert-name", null, null), domain);
		if (!domain.matches(DOMAIN) || !name.matches(DOMAIN)) {
			return Result.fail(1, "Requested name " + domain + " is an invalid domain name.\n");
		}
		String live = FrontdoorCa.LIVE + name + "/";
		String log = "Saving debug log to /var/log/letsencrypt/letsencrypt.log\n";
		if (files.containsKey(live + "fullchain.pem") && files.containsKey(live + "privkey.pem")) {
			return new Result(0, "Certificate not yet due for renewal; no action taken.\n", log, null);
		}
		// the files go to the certificate's name, the certificate is for the domain
		ca.issue(domain)
			.forEach((path, content) -> files.put(live + path.substring(path.lastIndexOf('/') + 1), content));
		return new Result(0,
				"Successfully received certificate.\nCertificate is saved at: " + live + "fullchain.pem\n"
						+ "Key is saved at:         " + live + "privkey.pem\nThis certificate expires on "
						+ LocalDate.now().plusDays(90) + ".\n",
				log + "Requesting a certificate for " + domain + "\n", "frontdoor.certbot");
	}

	private static String value(List<String> args, String shortName, String longName, String alias) {
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			for (String name : new String[] { shortName, longName, alias }) {
				if (name == null) {
					continue;
				}
				if (arg.equals(name) && i + 1 < args.size()) {
					return args.get(i + 1);
				}
				if (arg.startsWith(name + "=")) {
					return arg.substring(name.length() + 1);
				}
			}
		}
		return null;
	}

}
