package org.homelab.rollout.proxmox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.homelab.rollout.inventory.ProxmoxSite;

/**
 * Adds {@code Authorization: PVEAPIToken=USER@REALM!TOKENID=SECRET} to requests for the
 * Proxmox host and port only, so the secret never travels elsewhere (a redirect, another
 * system sharing the client). The secret is read on first use from
 * {@code inventory.proxmox.token-secret-file} or the environment variable named by
 * {@code token-secret-env}, and appears in no message.
 */
final class ProxmoxTokenAuth implements Interceptor {

	private final HttpUrl target;

	private final ProxmoxSite site;

	private final Function<String, String> environment;

	private volatile String header;

	ProxmoxTokenAuth(HttpUrl target, ProxmoxSite site, Function<String, String> environment) {
		this.target = target;
		this.site = site;
		this.environment = environment;
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		HttpUrl url = chain.request().url();
		if (!url.host().equals(this.target.host()) || url.port() != this.target.port()) {
			return chain.proceed(chain.request());
		}
		return chain.proceed(chain.request().newBuilder().header("Authorization", header()).build());
	}

	private String header() {
		String value = this.header;
		if (value == null) {
			value = "PVEAPIToken=" + this.site.tokenId() + "=" + secret();
			this.header = value;
		}
		return value;
	}

	private String secret() {
		String file = this.site.tokenSecretFile();
		if (file != null && !file.isBlank()) {
			try {
				return Files.readString(Path.of(file)).strip();
			}
			catch (IOException ex) {
				throw new ProxmoxException("authenticate",
						"Cannot read the Proxmox API token secret from " + "inventory.proxmox.token-secret-file " + file
								+ " (" + ex.getClass().getSimpleName() + "): create it or set "
								+ this.site.tokenSecretEnv() + " instead.",
						false, null);
			}
		}
		String secret = this.environment.apply(this.site.tokenSecretEnv());
		if (secret == null || secret.isBlank()) {
			throw new ProxmoxException("authenticate", "No Proxmox API token secret: set the environment variable "
					+ this.site.tokenSecretEnv() + " or inventory.proxmox.token-secret-file.", false, null);
		}
		return secret.strip();
	}

}
