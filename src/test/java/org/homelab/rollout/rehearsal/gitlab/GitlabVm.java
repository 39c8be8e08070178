package org.homelab.rollout.rehearsal.gitlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import org.homelab.rollout.rehearsal.RehearsalLab;

import static org.awaitility.Awaitility.await;

/**
 * A VM of the lab as the engine reaches it (the lab's Proxmox API over verified TLS,
 * guest agent file-write, exec, exec-status, power-off), and its GitLab as a plain HTTP
 * client does.
 */
final class GitlabVm {

	static final ObjectMapper JSON = new ObjectMapper();

	private final RehearsalLab lab;

	private final int vmid;

	private final String address;

	private final OkHttpClient proxmox;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	GitlabVm(RehearsalLab lab, int vmid, String address) {
		this.lab = lab;
		this.vmid = vmid;
		this.address = address;
		HandshakeCertificates trust = new HandshakeCertificates.Builder()
			.addTrustedCertificate(lab.proxmox().caCertificate())
			.build();
		this.proxmox = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
			.hostnameVerifier((host, session) -> true)
			.build();
	}

	void write(String path, String content) {
		agent(new Request.Builder().url(url("/agent/file-write"))
			.post(new FormBody.Builder().add("file", path).add("content", content).build()));
	}

	/** Runs argv in the guest and waits for it to end. */
	Exec exec(String... argv) {
		FormBody.Builder form = new FormBody.Builder();
		for (String arg : argv) {
			form.add("command", arg);
		}
		int pid = agent(new Request.Builder().url(url("/agent/exec")).post(form.build())).path("pid").asInt();
		JsonNode[] status = new JsonNode[1];
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			status[0] = agent(new Request.Builder().url(url("/agent/exec-status") + "?pid=" + pid).get());
			return status[0].path("exited").asBoolean();
		});
		return new Exec(status[0].path("exitcode").asInt(), status[0].path("out-data").asText(""),
				status[0].path("err-data").asText(""));
	}

	Exec sh(String script) {
		return exec("sh", "-c", script);
	}

	void powerOff() {
		agent(new Request.Builder().url(url("/status/stop")).post(new FormBody.Builder().build()));
	}

	/** An HTTP call to GitLab at the VM's address; {@code token} may be null. */
	Http call(String method, String path, String token, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + this.address + path))
			.timeout(Duration.ofSeconds(10))
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("PRIVATE-TOKEN", token);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			String body = response.body();
			JsonNode node = (body.startsWith("{") || body.startsWith("[")) ? JSON.readTree(body) : JSON.nullNode();
			return new Http(response.statusCode(), body, node);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Exec(int exitCode, String out, String err) {
	}

	record Http(int status, String text, JsonNode json) {
	}

	private String url(String path) {
		return this.lab.proxmox().url() + "/nodes/pve/qemu/" + this.vmid + path;
	}

	private JsonNode agent(Request.Builder request) {
		try (Response response = this.proxmox
			.newCall(request.header("Authorization", this.lab.proxmox().apiTokenHeader()).build())
			.execute()) {
			String body = response.body().string();
			if (!response.isSuccessful()) {
				throw new IllegalStateException(response.code() + " " + body);
			}
			return JSON.readTree(body).path("data");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
