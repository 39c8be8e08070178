package org.homelab.rollout.rehearsal.frontdoor;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import okhttp3.tls.HeldCertificate;

/**
 * The certificate per server name, chosen by the client's SNI as nginx does (else the
 * default server's): the simulated front door's key manager.
 */
final class SniKeys extends X509ExtendedKeyManager {

	record Key(X509Certificate[] chain, PrivateKey key) {
	}

	private volatile Map<String, Key> byName = Map.of();

	private volatile String fallback;

	/** Loads each site's certificate files (PEM chain and PKCS#8 key) from the guest. */
	void load(List<NginxSites.Site> sites, Map<String, byte[]> files) {
		Map<String, Key> keys = new LinkedHashMap<>();
		String first = null;
		for (NginxSites.Site site : sites) {
			if (!site.ports().contains(443) || site.certificate() == null || !files.containsKey(site.certificate())
					|| !files.containsKey(site.key())) {
				continue;
			}
			Key key = key(files.get(site.certificate()), files.get(site.key()));
			for (String name : site.names()) {
				keys.putIfAbsent(name, key);
				first = (first == null || site.defaultServer()) ? name : first;
			}
		}
		this.byName = keys;
		this.fallback = first;
	}

	@Override
	public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
		if (engine.getHandshakeSession() instanceof ExtendedSSLSession session) {
			for (var name : session.getRequestedServerNames()) {
				if (name instanceof SNIHostName host && this.byName.containsKey(host.getAsciiName())
						&& matches(host.getAsciiName(), keyType)) {
					return host.getAsciiName();
				}
			}
		}
		return (this.fallback != null && matches(this.fallback, keyType)) ? this.fallback : null;
	}

	@Override
	public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		return (this.fallback != null && matches(this.fallback, keyType)) ? this.fallback : null;
	}

	@Override
	public X509Certificate[] getCertificateChain(String alias) {
		Key key = this.byName.get(alias);
		return (key != null) ? key.chain() : null;
	}

	@Override
	public PrivateKey getPrivateKey(String alias) {
		Key key = this.byName.get(alias);
		return (key != null) ? key.key() : null;
	}

	@Override
	public String[] getServerAliases(String keyType, Principal[] issuers) {
		return this.byName.keySet().toArray(String[]::new);
	}

	@Override
	public String[] getClientAliases(String keyType, Principal[] issuers) {
		return new String[0];
	}

	@Override
	public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
		return null;
	}

	private boolean matches(String alias, String keyType) {
		return this.byName.get(alias).key().getAlgorithm().equals(keyType);
	}

	private static Key key(byte[] chainPem, byte[] keyPem) {
		try {
			X509Certificate[] chain = CertificateFactory.getInstance("X.509")
				.generateCertificates(new ByteArrayInputStream(chainPem))
				.stream()
				.map(X509Certificate.class::cast)
				.toArray(X509Certificate[]::new);
			String first = new String(chainPem, StandardCharsets.UTF_8);
			first = first.substring(0, first.indexOf("-----END CERTIFICATE-----") + 25) + "\n";
			PrivateKey key = HeldCertificate.decode(first + new String(keyPem, StandardCharsets.UTF_8))
				.keyPair()
				.getPrivate();
			return new Key(chain, key);
		}
		catch (CertificateException | RuntimeException ex) {
			throw new IllegalStateException("cannot load certificate and key: " + ex.getMessage(), ex);
		}
	}

}
