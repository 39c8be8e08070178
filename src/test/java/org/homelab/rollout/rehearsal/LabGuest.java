package org.homelab.rollout.rehearsal;

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

import static org.awaitility.Awaitility.await;

/**
 * A VM of the lab as the engine reaches it: the lab's Proxmox API over TLS trusting the
 * lab's CA, guest agent file-write, exec and exec-status (what ProxmoxAgentOperations
 * sends), and power-off. Lab tests of a guest's services drive it through this.
 */
public class LabGuest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final RehearsalLab lab;

	private final int vmid;

	private final OkHttpClient proxmox;

	public LabGuest(RehearsalLab lab, int vmid) {
		this.lab = lab;
		this.vmid = vmid;
		HandshakeCertificates trust = new HandshakeCertificates.Builder()
			.addTrustedCertificate(lab.proxmox().caCertificate())
			.build();
		this.proxmox = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
			.hostnameVerifier((host, session) -> true)
			.build();
	}

	public void write(String path, String content) {
		agent(new Request.Builder().url(url("/agent/file-write"))
			.post(new FormBody.Builder().add("file", path).add("content", content).build()));
	}

	/** Runs argv in the guest and waits for it to end: exit code, out, err. */
	public Exec exec(String... argv) {
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

	/** A shell line, as a step's script runs. */
	public Exec sh(String script) {
		return exec("sh", "-c", script);
	}

	/** POST .../status/stop: the guest powers off once the task has run. */
	public void powerOff() {
		agent(new Request.Builder().url(url("/status/stop")).post(new FormBody.Builder().build()));
	}

	public record Exec(int exitCode, String out, String err) {
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
