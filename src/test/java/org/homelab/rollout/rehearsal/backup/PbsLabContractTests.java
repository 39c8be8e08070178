package org.homelab.rollout.rehearsal.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab's PBS as a raw HTTP client meets it: requests the published schema refuses are
 * refused with 400 and journalled as violations, a ticket needs its CSRF token on writes,
 * an API token goes in the {@code PBSAPIToken} header either way PBS reads it, and bodies
 * may be forms or JSON.
 */
class PbsLabContractTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private PbsVm vm;

	private OkHttpClient http;

	private String base;

	@BeforeEach
	void install() {
		this.vm = new PbsVm();
		PbsLab lab = this.vm.install();
		// the server's own self-signed certificate, trusted as itself (it names the VM)
		HandshakeCertificates trust = new HandshakeCertificates.Builder()
			.addTrustedCertificate(Certificates.decodeCertificatePem(lab.certificatePem()))
			.build();
		this.http = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
			.hostnameVerifier((host, session) -> true)
			.build();
		this.base = "https://" + PbsVm.ADDRESS + ":8007/api2/json";
	}

	@AfterEach
	void stop() {
		this.vm.close();
	}

	@Test
	void whatTheSchemaRefusesIsRefusedAndJournalledAsAViolation() {
		Contract.PROXMOX_BACKUP.require("the lab refusing PBS requests the published schema refuses is");
		Map<String, String> auth = ticket();

		Answer unknown = call("POST", "/config/datastore", auth,
				Map.of("name", "backup", "path", "/mnt/b", "size", "1T"));
		Answer badName = call("POST", "/config/datastore", auth, Map.of("name", "back!up", "path", "/mnt/b"));
		Answer missing = call("POST", "/config/prune", auth, Map.of("id", "keep", "schedule", "daily"));
		Answer badRole = call("PUT", "/access/acl", auth,
				Map.of("path", "/datastore/b", "role", "Superuser", "auth-id", "root@pam"));
		Answer notBoolean = call("PUT", "/access/acl", auth,
				Map.of("path", "/", "role", "Audit", "auth-id", "root@pam", "propagate", "maybe"));

		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.text()).contains("parameter 'size': schema does not allow additional properties");
		assertThat(badName.text()).contains("parameter 'name': value does not match the regex pattern");
		assertThat(missing.text()).contains("parameter 'store': parameter is missing and it is not optional");
		assertThat(badRole.text()).contains("'Superuser' is not defined in the enumeration");
		assertThat(notBoolean.text()).contains("Unable to parse boolean 'maybe'");
		assertThat(this.vm.journal.violations()).hasSize(5)
			.allSatisfy(entry -> assertThat(entry.verdict()).startsWith("parameter verification errors"));
		assertThat(this.vm.pbs.lab(PbsVm.VMID).orElseThrow().datastores()).as("nothing acted on").isEmpty();
		Answer upid = call("GET", "/nodes/localhost/tasks/UPID:x/status", auth, Map.of());
		assertThat(upid.status()).isEqualTo(400);
		assertThat(upid.text()).contains("parameter 'upid'");
	}

	@Test
	void aTicketNeedsItsCsrfTokenOnWritesAndATokenItsSecret() {
		Map<String, String> auth = ticket();
		Map<String, String> cookieOnly = Map.of("Cookie", auth.get("Cookie"));

		assertThat(call("GET", "/config/datastore", cookieOnly, Map.of()).status()).isEqualTo(200);
		assertThat(call("POST", "/config/datastore", cookieOnly, Map.of("name", "backup", "path", "/mnt/b")).status())
			.isEqualTo(401);
		assertThat(call("GET", "/version", Map.of(), Map.of()).status()).isEqualTo(401);
		assertThat(call("GET", "/ping", Map.of(), Map.of()).json().path("data").path("pong").asBoolean()).isTrue();

		call("POST", "/config/datastore", auth, Map.of("name", "backup", "path", "/mnt/b"));
		call("POST", "/access/users", auth, Map.of("userid", "pve-backup@pbs"));
		String secret = call("POST", "/access/users/pve-backup@pbs/token/pve", auth, Map.of()).json()
			.path("data")
			.path("value")
			.asText();
		call("PUT", "/access/acl", auth,
				Map.of("path", "/datastore/backup", "role", "DatastoreBackup", "auth-id", "pve-backup@pbs"));
		call("PUT", "/access/acl", auth,
				Map.of("path", "/datastore/backup", "role", "DatastoreAudit", "auth-id", "pve-backup@pbs!pve"));

		for (String header : List.of("PBSAPIToken=pve-backup@pbs!pve:" + secret,
				"PBSAPIToken pve-backup@pbs!pve:" + secret)) {
			Answer status = call("GET", "/admin/datastore/backup/status", Map.of("Authorization", header), Map.of());
			assertThat(status.status()).as("the token holds what both it and its user hold: nothing").isEqualTo(403);
		}
		call("PUT", "/access/acl", auth,
				Map.of("path", "/datastore/backup", "role", "DatastoreBackup", "auth-id", "pve-backup@pbs!pve"));
		assertThat(call("GET", "/admin/datastore/backup/status",
				Map.of("Authorization", "PBSAPIToken=pve-backup@pbs!pve:" + secret), Map.of())
			.status()).isEqualTo(200);
		assertThat(call("GET", "/admin/datastore/backup/status",
				Map.of("Authorization", "PBSAPIToken=pve-backup@pbs!pve:wrong"), Map.of())
			.status()).isEqualTo(401);
	}

	@Test
	void aJsonBodyIsReadAsAFormIs() {
		Map<String, String> auth = ticket();
		Request.Builder request = new Request.Builder().url(this.base + "/config/datastore")
			.post(RequestBody.create("{\"name\":\"backup\",\"path\":\"/mnt/b\",\"gc-schedule\":\"daily\"}",
					MediaType.get("application/json")));
		auth.forEach(request::header);
		assertThat(execute(request).status()).isEqualTo(200);
		assertThat(this.vm.pbs.lab(PbsVm.VMID).orElseThrow().gcSchedule("backup")).contains("daily");
	}

	@Test
	void withoutTheContractEveryRequestIsServedUnchecked() {
		PbsSchema none = PbsSchema.load(new Contracts(java.nio.file.Path.of("no-such-dir")).proxmoxBackupSchema());
		assertThat(none.checked()).isFalse();
		assertThat(none.validate(none.lookup("POST", List.of("config", "datastore")), Map.of("x", List.of("1"))))
			.isEmpty();
		if (Contract.PROXMOX_BACKUP.present()) {
			ticket();
			assertThat(this.vm.pbs.schemaChecked()).isTrue();
			assertThat(this.vm.journal.entries("pbs")).extracting(RequestJournal.Entry::verdict).contains("ok");
		}
	}

	private Map<String, String> ticket() {
		JsonNode data = call("POST", "/access/ticket", Map.of(),
				Map.of("username", "root@pam", "password", PbsVm.ROOT_PASSWORD))
			.json()
			.path("data");
		return Map.of("Cookie", "PBSAuthCookie=" + data.path("ticket").asText(), "CSRFPreventionToken",
				data.path("CSRFPreventionToken").asText());
	}

	record Answer(int status, String text) {

		JsonNode json() {
			try {
				return JSON.readTree(this.text);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	private Answer call(String method, String path, Map<String, String> headers, Map<String, String> form) {
		Request.Builder request = new Request.Builder().url(this.base + path);
		if (method.equals("GET")) {
			request.get();
		}
		else {
			FormBody.Builder body = new FormBody.Builder();
			form.forEach(body::add);
			request.method(method, body.build());
		}
		headers.forEach(request::header);
		return execute(request);
	}

	private Answer execute(Request.Builder request) {
		try (Response response = this.http.newCall(request.build()).execute()) {
			return new Answer(response.code(), response.body().string());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
