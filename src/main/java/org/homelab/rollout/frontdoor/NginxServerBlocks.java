package org.homelab.rollout.frontdoor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a service's nginx server blocks (HTTP to HTTPS redirect, the HTTPS server
 * proxying to the service) from the templates in {@code deploy/nginx/}. Placeholders are
 * {@code {{name}}}: nginx itself never writes two braces, so no placeholder can be
 * confused with configuration. Every value was checked by {@link ExposedService}; a
 * placeholder without a value fails the rendering rather than reaching nginx.
 */
public final class NginxServerBlocks {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z]+)\\}\\}");

	private final Path templates;

	private final String autheliaUrl;

	/**
	 * @param templates the directory of the templates ({@code deploy/nginx})
	 * @param autheliaHost where the frontend reaches Authelia
	 * @param autheliaPort its port (Authelia's default is 9091)
	 */
	public NginxServerBlocks(Path templates, String autheliaHost, int autheliaPort) {
		this.templates = templates;
		this.autheliaUrl = "http://" + FrontdoorInput.domain("autheliaHost", autheliaHost) + ":"
				+ FrontdoorInput.port("autheliaPort", autheliaPort);
	}

	/** The name of the service's file in the frontend's configuration directory. */
	public static String fileName(ExposedService service) {
		return "rollout-" + service.name() + ".conf";
	}

	/**
	 * The whole file for the service: both server blocks and what they need at http
	 * level.
	 */
	public String render(ExposedService service, Certificate certificate) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("name", service.name());
		// nginx variable names take letters, digits and underscores
		values.put("variable", service.name().replace('-', '_'));
		values.put("domain", service.domain());
		values.put("certificate", certificate.certificate());
		values.put("certificateKey", certificate.key());
		values.put("maxBodySize", service.maxBodySize());
		values.put("upstreamScheme", service.upstreamTls() ? "https" : "http");
		values.put("upstream", service.upstream());
		values.put("autheliaUrl", this.autheliaUrl);
		boolean guarded = service.policy().guarded();
		values.put("autheliaLocation", guarded ? fill("authelia-location.conf.template", values) : "");
		values.put("autheliaAuthRequest", guarded ? fill("authelia-authrequest.conf.template", values) : "");
		values.put("websocketMap", service.websocket() ? fill("websocket-map.conf.template", values) : "");
		values.put("websocketHeaders", service.websocket() ? fill("websocket-headers.conf.template", values) : "");
		return fill("server.conf.template", values);
	}

	private String fill(String template, Map<String, String> values) {
		String text = read(template);
		Matcher matcher = PLACEHOLDER.matcher(text);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String value = values.get(matcher.group(1));
			if (value == null) {
				throw new IllegalStateException("nginx template " + this.templates.resolve(template)
						+ " has a placeholder {{" + matcher.group(1) + "}} the renderer does not fill");
			}
			// a part that is left out leaves no blank line behind; a filled part ends its
			// own line
			matcher.appendReplacement(out, Matcher.quoteReplacement(value.endsWith("\n") ? chop(value) : value));
		}
		matcher.appendTail(out);
		return out.toString().replaceAll("(?m)^[ \\t]*\\R(?=[ \\t]*\\R)", "");
	}

	private static String chop(String value) {
		return value.substring(0, value.length() - 1);
	}

	private String read(String template) {
		try {
			return Files.readString(this.templates.resolve(template), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read nginx template " + this.templates.resolve(template), ex);
		}
	}

}
