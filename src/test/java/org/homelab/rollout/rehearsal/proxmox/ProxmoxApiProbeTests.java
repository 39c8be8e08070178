package org.homelab.rollout.rehearsal.proxmox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.tls.HandshakeCertificates;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Probes of the contract: requests a client should not send, answered as pveproxy answers
 * them (pve-http-server's PVE::APIServer::AnyEvent, pve-manager's PVE::HTTPServer and
 * PVE::API2::Tasks, pve-common's PVE::JSONSchema and PVE::UPID), with the published
 * schema and without it where the answer does not depend on it.
 */
class ProxmoxApiProbeTests {

	static ProxmoxLab checked;

	static ProxmoxLab bare;

	@BeforeAll
	static void start() {
		checked = new ProxmoxLab(ProxmoxLabSettings.defaults());
		checked.start();
		bare = new ProxmoxLab(ProxmoxLabSettings.defaults().withContracts(new Contracts(Path.of("/nonexistent"))));
		bare.start();
	}

	@AfterAll
	static void stop() {
		checked.close();
		bare.close();
	}

	@BeforeEach
	void clean() {
		checked.reset();
		bare.reset();
	}

	static ProxmoxLab lab(String which) {
		if (which.equals("checked")) {
			Contract.PROXMOX_VE.require("the checked lab's answers to requests the schema refuses are");
		}
		ProxmoxLab lab = which.equals("checked") ? checked : bare;
		assertThat(lab.schemaChecked()).isEqualTo(which.equals("checked"));
		return lab;
	}

	@ParameterizedTest
	@ValueSource(strings = { "checked", "bare" })
	void getWithBodyIsRefusedAtOnceWith501AndThePlainMessage(String which) {
		ProxmoxLab lab = lab(which);
		Raw answer = raw(lab, "GET", "/api2/json/cluster/nextid", "vmid=100");
		assertThat(answer.status()).isEqualTo("HTTP/1.1 501 Unexpected content for method 'GET'");
		// AnyEvent's error(): the message is the body too, with no content type
		assertThat(answer.body()).isEqualTo("Unexpected content for method 'GET'");
		assertThat(answer.headers()).doesNotContainKey("content-type").containsEntry("connection", "close");
	}

	@ParameterizedTest
	@ValueSource(strings = { "checked", "bare" })
	void bodyOnGetIsRefusedBeforeTheRouting(String which) {
		Raw answer = raw(lab(which), "GET", "/api2/json/nodes/pve/foo", "x=1");
		assertThat(answer.status()).isEqualTo("HTTP/1.1 501 Unexpected content for method 'GET'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "checked", "bare" })
	void unknownHttpMethodIsNotAvailableEvenBeforeLogin(String which) {
		ProxmoxLab lab = lab(which);
		PveClient.Answer patch = PveClient.trusting(lab)
			.call(new Request.Builder().url(lab.url() + "/nodes/pve/qemu/9000/config")
				.patch(RequestBody.create("cores=2", MediaType.get("application/x-www-form-urlencoded"))));
		assertThat(patch.code()).isEqualTo(501);
		assertThat(patch.reason()).isEqualTo("method 'PATCH' not available");
		assertThat(patch.body().isNull()).isTrue();
		Raw anonymous = raw(lab, "PATCH", "/api2/json/version", null, Map.of());
		assertThat(anonymous.status()).isEqualTo("HTTP/1.1 501 method 'PATCH' not available");
		assertThat(anonymous.body()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "checked", "bare" })
	void malformedUpidIsAParameterError(String which) {
		PveClient pve = PveClient.trusting(lab(which));
		for (String upid : new String[] { "nonsense", "UPID:pve:2A001:00500000:66000000:qmclone:9000:root@pam:",
				"UPID:pve:0002A001:00500000:66000000:qm clone:9000:root@pam:" }) {
			for (String endpoint : new String[] { "status", "log" }) {
				PveClient.Answer answer = pve.get("/nodes/pve/tasks/" + upid + "/" + endpoint);
				assertThat(answer.code()).as(endpoint + " " + upid).isEqualTo(400);
				assertThat(answer.reason()).isEqualTo("Parameter verification failed.");
				assertThat(answer.body().path("data").isNull()).isTrue();
				assertThat(errors(answer)).containsExactly(Map.entry("upid", "unable to parse worker upid"));
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "checked", "bare" })
	void unknownWellFormedUpidHasNoSuchTaskButAnEmptyLog(String which) {
		PveClient pve = PveClient.trusting(lab(which));
		String upid = "UPID:pve:0002A0FF:00500000:66000000:qmclone:9000:root@pam:";
		PveClient.Answer status = pve.get("/nodes/pve/tasks/" + upid + "/status");
		assertThat(status.code()).isEqualTo(400);
		assertThat(errors(status)).containsExactly(Map.entry("upid", "no such task"));
		// read_task_log checks the parse only; dump_logfile answers a missing file as
		// its one line
		PveClient.Answer log = pve.get("/nodes/pve/tasks/" + upid + "/log");
		assertThat(log.code()).isEqualTo(200);
		assertThat(log.data()).hasSize(1);
		assertThat(log.data().get(0).path("n").asInt()).isEqualTo(1);
		assertThat(log.data().get(0).path("t").asText()).isEqualTo("unable to open file - No such file or directory");
		assertThat(log.body().path("total").asInt()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "checked", "bare" })
	void vmidBelow100FailsThePveVmidFormatBeforeTheMinimum(String which) {
		// check_prop checks the format before minimum, and pve-vmid's regex
		// (^[1-9][0-9]{2,8}$) refuses every number below 100: PVE never gets to say
		// "value must have a minimum value of 100" for a VMID
		PveClient pve = PveClient.trusting(lab(which));
		PveClient.Answer clone = pve.post("/nodes/pve/qemu/9000/clone", "newid", "99");
		assertThat(clone.code()).isEqualTo(400);
		assertThat(clone.reason()).isEqualTo("Parameter verification failed.");
		assertThat(errors(clone)).containsEntry("newid", "invalid format - value does not look like a valid VM ID\n");
		PveClient.Answer config = pve.get("/nodes/pve/qemu/42/config");
		assertThat(config.code()).isEqualTo(400);
		assertThat(errors(config)).containsEntry("vmid", "invalid format - value does not look like a valid VM ID\n");
		assertThat(pve.get("/cluster/nextid", "vmid", "7").code()).isEqualTo(400);
		assertThat(checked.vm(99)).isEmpty();
		assertThat(bare.vm(99)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "checked", "bare" })
	void parameterInPathAndBodyWithAnotherValueIsRefused(String which) {
		PveClient pve = PveClient.trusting(lab(which));
		PveClient.Answer answer = pve.put("/nodes/pve/qemu/9000/config", "vmid", "9001", "description", "x");
		assertThat(answer.code()).isEqualTo(400);
		assertThat(answer.reason()).isEqualTo("Parameter verification failed.");
		assertThat(errors(answer)).containsExactly(
				Map.entry("vmid", "duplicate parameter (already defined in URI) with conflicting values!"));
		PveClient.Answer query = pve.get("/nodes/pve/qemu/9000/config", "node", "pve2");
		assertThat(errors(query)).containsExactly(
				Map.entry("node", "duplicate parameter (already defined in URI) with conflicting values!"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "checked", "bare" })
	void parameterInPathAndBodyWithTheSameValueIsAccepted(String which) {
		// PVE allows the repeat when equal (pve-manager a2beaf13, "allow duplicate
		// params (URI and form) if equal")
		PveClient pve = PveClient.trusting(lab(which));
		PveClient.Answer answer = pve.put("/nodes/pve/qemu/9000/config", "vmid", "9000", "description", "same");
		assertThat(answer.code()).isEqualTo(200);
	}

	private static Map<String, String> errors(PveClient.Answer answer) {
		Map<String, String> errors = new LinkedHashMap<>();
		answer.body().path("errors").fields().forEachRemaining(e -> errors.put(e.getKey(), e.getValue().asText()));
		return errors;
	}

	/** An answer read off the wire: status line, headers (lower-case names), body. */
	record Raw(String status, Map<String, String> headers, String body) {
	}

	private static Raw raw(ProxmoxLab lab, String method, String path, String body) {
		return raw(lab, method, path, body, Map.of("Authorization", lab.apiTokenHeader()));
	}

	/**
	 * OkHttp will not send a GET with a body, so this probe writes the request itself; a
	 * lab that never answers fails on the read timeout.
	 */
	private static Raw raw(ProxmoxLab lab, String method, String path, String body, Map<String, String> headers) {
		HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(lab.caCertificate())
			.build();
		try (Socket socket = trust.sslSocketFactory().createSocket("127.0.0.1", lab.port())) {
			socket.setSoTimeout(3000);
			StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
			headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
			if (body != null) {
				request.append("Content-Type: application/x-www-form-urlencoded\r\n");
				request.append("Content-Length: ").append(content.length).append("\r\n");
			}
			request.append("Connection: close\r\n\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.write(content);
			out.flush();
			return parse(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Raw parse(InputStream in) throws IOException {
		String status = line(in);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = line(in); !line.isEmpty(); line = line(in)) {
			int colon = line.indexOf(':');
			headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
		}
		int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
		return new Raw(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int c = in.read(); c != '\n'; c = in.read()) {
			if (c < 0) {
				throw new IOException("connection closed mid-line");
			}
			if (c != '\r') {
				line.write(c);
			}
		}
		return line.toString(StandardCharsets.UTF_8);
	}

}
