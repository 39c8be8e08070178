package org.homelab.rollout.rehearsal.frontdoor;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * The frontend VM as the engine reaches it: the lab's Proxmox API over verified TLS,
 * guest agent file-write, exec and exec-status (what ProxmoxAgentOperations sends).
 */
final class FrontendAgent {

	static final int VMID = 110;

	private static final ObjectMapper JSON = new ObjectMapper();

	private final RehearsalLab lab;

	private final OkHttpClient http;

	FrontendAgent(RehearsalLab lab) {
		this.lab = lab;
		HandshakeCertificates trust = new HandshakeCertificates.Builder()
			.addTrustedCertificate(lab.proxmox().caCertificate())
			.build();
		this.http = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
			.hostnameVerifier((host, session) -> true)
			.build();
	}

	void write(String path, String content) {
		call(new Request.Builder().url(url("/agent/file-write"))
			.post(new FormBody.Builder().add("file", path).add("content", content).build()));
	}

	/** Runs argv in the guest and waits for it: exit code, out, err. */
	Exec exec(String... argv) {
		FormBody.Builder form = new FormBody.Builder();
		for (String arg : argv) {
			form.add("command", arg);
		}
		int pid = call(new Request.Builder().url(url("/agent/exec")).post(form.build())).path("pid").asInt();
		JsonNode[] status = new JsonNode[1];
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			status[0] = call(new Request.Builder().url(url("/agent/exec-status") + "?pid=" + pid).get());
			return status[0].path("exited").asBoolean();
		});
		return new Exec(status[0].path("exitcode").asInt(), status[0].path("out-data").asText(""),
				status[0].path("err-data").asText(""));
	}

	/** POST .../status/stop: the guest powers off once the task has run. */
	void powerOff() {
		call(new Request.Builder().url(url("/status/stop")).post(new FormBody.Builder().build()));
	}

	/** A shell line, as a front-door step's script runs. */
	Exec sh(String script) {
		return exec("sh", "-c", script);
	}

	record Exec(int exitCode, String out, String err) {
	}

	private String url(String path) {
		return this.lab.proxmox().url() + "/nodes/pve/qemu/" + VMID + path;
	}

	private JsonNode call(Request.Builder request) {
		try (Response response = this.http
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
