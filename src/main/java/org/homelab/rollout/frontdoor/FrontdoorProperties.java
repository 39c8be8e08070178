package org.homelab.rollout.frontdoor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The homelab's existing front door on the frontend server, as the inventory describes
 * it: where its files are, how it gets certificates, where Authelia listens, and which
 * services ask for two factors. Paths are on the frontend server; {@code templates} and
 * {@code caFile} are on the engine's host. Checked at start-up (a value that would escape
 * its file stops the application naming the property).
 *
 * @param domain services are served at {@code <service>.<domain>}; default the
 * inventory's DNS domain
 * @param httpsPort where the front door serves HTTPS (the engine checks through it)
 * @param httpPort where it redirects HTTP to HTTPS
 * @param autheliaHost where nginx on the frontend reaches Authelia
 * @param autheliaPort Authelia's port (its default 9091)
 * @param portal Authelia's portal, where an unauthenticated browser is sent; default
 * {@code https://auth.<domain>/}
 * @param nginxSites the directory nginx includes site files from
 * @param autheliaConfiguration Authelia's configuration.yml
 * @param homepageServices Homepage's services.yaml
 * @param certificates {@code certbot} (Certbot with {@code certbotArguments}, the
 * homelab's existing method) or {@code homelab-ca} (files the homelab CA issued, at
 * {@code homelabCaCertificate}/{@code homelabCaKey}, {@code {domain}} replaced)
 * @param certbotArguments how Certbot proves the domain, e.g. a DNS plugin and its
 * credentials file on the frontend (never a secret itself)
 * @param homelabCaCertificate where the homelab CA's certificate of a domain is
 * @param homelabCaKey where its key is
 * @param groups the Authelia groups a guarded service admits
 * @param twoFactor the services whose Authelia rule asks for two factors
 * @param stageDir where on the frontend the engine stages files and keeps the previous
 * versions while a change is checked: an existing directory only root reads (root's
 * home), since the guest agent cannot create one
 * @param templates the nginx templates ({@code deploy/nginx})
 * @param caFile the CA the engine trusts when it checks a service through the front door;
 * none: the JVM's trust store
 * @param bypassPaths per service, the paths Authelia lets through without a session
 * (Authelia {@code resources} regexes, matched against path and query): a service with
 * its own login whose API and Git clients cannot follow a portal. Merged over
 * {@link #DEFAULT_BYPASS_PATHS}; an empty list turns a service's bypass off
 */
@ConfigurationProperties("inventory.frontdoor")
public record FrontdoorProperties(String domain, @DefaultValue("443") int httpsPort, @DefaultValue("80") int httpPort,
		@DefaultValue("127.0.0.1") String autheliaHost, @DefaultValue("9091") int autheliaPort, String portal,
		@DefaultValue("/etc/nginx/sites-enabled") String nginxSites,
		@DefaultValue("/etc/authelia/configuration.yml") String autheliaConfiguration,
		@DefaultValue("/opt/homepage/config/services.yaml") String homepageServices,
		@DefaultValue("certbot") CertificateMethod certificates, @DefaultValue( {
				"--dns-cloudflare", "--dns-cloudflare-credentials",
				"/etc/letsencrypt/cloudflare.ini" }) List<String> certbotArguments,
		@DefaultValue("/etc/ssl/homelab/{domain}.crt") String homelabCaCertificate,
		@DefaultValue("/etc/ssl/homelab/{domain}.key") String homelabCaKey, @DefaultValue("admins") List<String> groups,
		@DefaultValue({ "vault", "proxmox-backup" }) List<String> twoFactor, @DefaultValue("/root") String stageDir,
		@DefaultValue("./deploy/nginx") Path templates, Path caFile, Map<String, List<String>> bypassPaths){

	/**
	 * GitLab checks its own tokens on these: the REST and GraphQL API (runners, Argo CD,
	 * curl with a token), Git over HTTPS (clone, fetch, push), Git LFS, and
	 * {@code /jwt/auth}, where {@code docker login} to the registry fetches its token
	 * (the registry's realm).
	 */
	public static final Map<String, List<String>> DEFAULT_BYPASS_PATHS = Map.of("gitlab",
			List.of("^/api/", "^/[^?]*\\.git/(info/refs|git-upload-pack|git-receive-pack)([?]|$)",
					"^/[^?]*\\.git/info/lfs/", "^/jwt/auth([?]|$)"),
			// Argo CD checks its own tokens on its API: the argocd CLI (--grpc-web) and
			// GitLab's webhook (/api/webhook)
			"argocd", List.of("^/api/"));

	private static final String PREFIX = "inventory.frontdoor.";

	public FrontdoorProperties {
		if (domain != null && !domain.isBlank()) {
			FrontdoorInput.domain(PREFIX + "domain", domain);
		}
		FrontdoorInput.port(PREFIX + "https-port", httpsPort);
		FrontdoorInput.port(PREFIX + "http-port", httpPort);
		FrontdoorInput.domain(PREFIX + "authelia-host", autheliaHost);
		FrontdoorInput.port(PREFIX + "authelia-port", autheliaPort);
		FrontdoorInput.path(PREFIX + "nginx-sites", nginxSites);
		FrontdoorInput.path(PREFIX + "authelia-configuration", autheliaConfiguration);
		FrontdoorInput.path(PREFIX + "homepage-services", homepageServices);
		FrontdoorInput.path(PREFIX + "stage-dir", stageDir);
		FrontdoorInput.path(PREFIX + "homelab-ca-certificate", homelabCaCertificate.replace("{domain}", "d"));
		FrontdoorInput.path(PREFIX + "homelab-ca-key", homelabCaKey.replace("{domain}", "d"));
		certbotArguments = List.copyOf(certbotArguments);
		for (int i = 0; i < certbotArguments.size(); i++) {
			FrontdoorInput.text(PREFIX + "certbot-arguments[" + i + "]", certbotArguments.get(i));
		}
		groups = List.copyOf(groups);
		for (int i = 0; i < groups.size(); i++) {
			FrontdoorInput.name(PREFIX + "groups[" + i + "]", groups.get(i));
		}
		twoFactor = List.copyOf(twoFactor);
		bypassPaths = bypassPaths(bypassPaths);
	}

	private static Map<String, List<String>> bypassPaths(Map<String, List<String>> given) {
		Map<String, List<String>> merged = new LinkedHashMap<>(DEFAULT_BYPASS_PATHS);
		if (given != null) {
			given.forEach((service, paths) -> merged.put(service, (paths != null) ? paths : List.of()));
		}
		merged.forEach((service, paths) -> {
			String property = PREFIX + "bypass-paths." + service;
			if (!ExposedServices.NAMES.contains(service)) {
				throw new IllegalArgumentException(
						property + " refused: the front door knows only the services " + ExposedServices.NAMES);
			}
			for (int i = 0; i < paths.size(); i++) {
				FrontdoorInput.resource(property + "[" + i + "]", paths.get(i));
			}
		});
		merged.replaceAll((service, paths) -> List.copyOf(paths));
		return Map.copyOf(merged);
	}

	/** How the front door's certificates are obtained. */
	public enum CertificateMethod {

		CERTBOT, HOMELAB_CA

	}

}
