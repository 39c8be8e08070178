package org.homelab.rollout.rehearsal.proxmox;

import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProxmoxLabContractTests {

	static ProxmoxLab lab;

	static RequestJournal journal = new RequestJournal();

	static PveClient pve;

	@BeforeAll
	static void start() {
		lab = new ProxmoxLab(ProxmoxLabSettings.defaults().withJournal(journal));
		lab.start();
		pve = PveClient.trusting(lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@BeforeEach
	void clean() {
		lab.reset();
		journal.clear();
	}

	@Test
	void schemaIsLoadedFromTheSharedContracts() {
		Contract.PROXMOX_VE.require("the lab checking Proxmox VE requests against the schema is");
		assertThat(lab.schemaChecked()).isTrue();
	}

	@Test
	void wellFormedRequestIsAcceptedAndJournaledOk() {
		Contract.PROXMOX_VE.require("the lab checking Proxmox VE requests against the schema is");
		PveClient.Answer answer = pve.get("/nodes/pve/qemu");
		assertThat(answer.code()).isEqualTo(200);
		assertThat(answer.data().get(0).path("vmid").asInt()).isEqualTo(9000);
		assertThat(journal.entries("proxmox")).singleElement()
			.satisfies(e -> assertThat(e.verdict()).isEqualTo("ok"))
			.satisfies(e -> assertThat(e.path()).isEqualTo("/api2/json/nodes/pve/qemu"));
	}

	@Test
	void unknownParameterIsRefusedWith400AndPveMessage() {
		Contract.PROXMOX_VE.require("the lab checking Proxmox VE requests against the schema is");
		PveClient.Answer answer = pve.post("/nodes/pve/qemu/9000/clone", "newid", "101", "colour", "blue");
		assertThat(answer.code()).isEqualTo(400);
		assertThat(answer.reason()).isEqualTo("Parameter verification failed.");
		assertThat(answer.body().has("data")).isTrue();
		assertThat(answer.body().path("data").isNull()).isTrue();
		assertThat(answer.body().path("errors").path("colour").asText())
			.isEqualTo("property is not defined in schema and the schema does not allow additional properties");
		assertThat(journal.violations()).hasSize(1);
	}

	@Test
	void illTypedParametersAreRefusedWithTypeCheckMessages() {
		Contract.PROXMOX_VE.require("the lab checking Proxmox VE requests against the schema is");
		PveClient.Answer answer = pve.post("/nodes/pve/qemu/9000/clone", "newid", "abc", "full", "true");
		assertThat(answer.code()).isEqualTo(400);
		assertThat(answer.body().path("errors").path("newid").asText())
			.isEqualTo("type check ('integer') failed - got 'abc'");
		assertThat(answer.body().path("errors").path("full").asText())
			.isEqualTo("type check ('boolean') failed - got 'true'");
	}

	@Test
	void patternAndRangeViolationsAreRefused() {
		Contract.PROXMOX_VE.require("the lab checking Proxmox VE requests against the schema is");
		PveClient.Answer resize = pve.put("/nodes/pve/qemu/9000/resize", "disk", "scsi0", "size", "ten gigs");
		assertThat(resize.body().path("errors").path("size").asText())
			.isEqualTo("value does not match the regex pattern");
		PveClient.Answer clone = pve.post("/nodes/pve/qemu/9000/clone", "newid", "42");
		assertThat(clone.body().path("errors").path("newid").asText())
			.startsWith("invalid format - value does not look like a valid VM ID");
		PveClient.Answer cores = pve.put("/nodes/pve/qemu/9000/config", "cores", "0");
		assertThat(cores.body().path("errors").path("cores").asText())
			.isEqualTo("value must have a minimum value of 1");
	}

	@Test
	void missingRequiredParameterIsRefused() {
		Contract.PROXMOX_VE.require("the lab checking Proxmox VE requests against the schema is");
		PveClient.Answer answer = pve.post("/nodes/pve/qemu/9000/clone", "name", "web");
		assertThat(answer.code()).isEqualTo(400);
		assertThat(answer.body().path("errors").path("newid").asText())
			.isEqualTo("property is missing and it is not optional");
	}

	@Test
	void propertyStringsAreCheckedKeyByKey() {
		Contract.PROXMOX_VE.require("the lab checking Proxmox VE requests against the schema is");
		PveClient.Answer answer = pve.put("/nodes/pve/qemu/9000/config", "net0", "virtio,bridge=vmbr0,colour=blue");
		assertThat(answer.code()).isEqualTo(400);
		assertThat(answer.body().path("errors").path("net0").asText())
			.contains("invalid key in comma-separated list property: colour");
		PveClient.Answer ipconfig = pve.put("/nodes/pve/qemu/9000/config", "ipconfig0", "ip=10.0.0.300/24");
		assertThat(ipconfig.code()).isEqualTo(400);
	}

	@Test
	void unknownPathAndUnknownMethodAnswer501NotImplemented() {
		PveClient.Answer path = pve.get("/nodes/pve/foo");
		assertThat(path.code()).isEqualTo(501);
		assertThat(path.reason()).isEqualTo("Method 'GET /nodes/pve/foo' not implemented");
		PveClient.Answer method = pve.delete("/cluster/nextid");
		assertThat(method.code()).isEqualTo(501);
		assertThat(method.reason()).isEqualTo("Method 'DELETE /cluster/nextid' not implemented");
	}

	@Test
	void bodyOnGetIsRefusedWith501() {
		Request.Builder request = new Request.Builder().url(lab.url() + "/cluster/nextid")
			.method("DELETE", RequestBody.create("vmid=100", MediaType.get("application/x-www-form-urlencoded")));
		PveClient.Answer answer = pve.call(request);
		assertThat(answer.code()).isEqualTo(501);
		assertThat(answer.reason()).isEqualTo("Unexpected content for method 'DELETE'");
		assertThat(answer.body().asText()).isEqualTo("Unexpected content for method 'DELETE'");
	}

	@Test
	void nonExistentVmAnswersConfigFileMissing() {
		PveClient.Answer answer = pve.get("/nodes/pve/qemu/123/config");
		assertThat(answer.code()).isEqualTo(500);
		assertThat(answer.reason()).isEqualTo("Configuration file 'nodes/pve/qemu-server/123.conf' does not exist");
		assertThat(answer.body().path("data").isNull()).isTrue();
	}

	@Test
	void unknownNodeFailsHostnameLookup() {
		PveClient.Answer answer = pve.get("/nodes/pve9/qemu");
		assertThat(answer.code()).isEqualTo(500);
		assertThat(answer.reason()).startsWith("hostname lookup 'pve9' failed");
	}

	@Test
	void nextIdAnswersTheFirstFreeVmidAsPveDoes() {
		assertThat(pve.get("/cluster/nextid").data().asText()).isEqualTo("100");
		PveClient.Answer taken = pve.get("/cluster/nextid", "vmid", "9000");
		assertThat(taken.code()).isEqualTo(400);
		assertThat(taken.body().path("errors").path("vmid").asText()).isEqualTo("VM 9000 already exists");
	}

	@Test
	void journalRecordsEveryRequestWithStatusAndViolationText() {
		Contract.PROXMOX_VE.require("the lab checking Proxmox VE requests against the schema is");
		pve.get("/nodes/pve/qemu");
		pve.post("/nodes/pve/qemu/9000/clone", "newid", "x");
		pve.with(java.util.Map.of()).get("/version");
		assertThat(journal.entries("proxmox")).extracting(RequestJournal.Entry::status).containsExactly(200, 400, 401);
		assertThat(journal.violations()).singleElement()
			.satisfies(e -> assertThat(e.verdict()).startsWith("400 Parameter verification failed. {newid="))
			.satisfies(e -> assertThat(e.method()).isEqualTo("POST"));
	}

	@Test
	void withoutSchemaRequestsRunUnchecked() {
		RequestJournal unchecked = new RequestJournal();
		try (ProxmoxLab bare = new ProxmoxLab(ProxmoxLabSettings.defaults()
			.withContracts(new org.homelab.rollout.rehearsal.Contracts(java.nio.file.Path.of("/nonexistent")))
			.withJournal(unchecked))) {
			bare.start();
			PveClient client = PveClient.trusting(bare);
			assertThat(bare.schemaChecked()).isFalse();
			assertThat(client.get("/nodes/pve/qemu").code()).isEqualTo(200);
			assertThat(client.get("/nodes/pve/foo").code()).isEqualTo(501);
			assertThat(unchecked.entries()).allSatisfy(e -> assertThat(e.verdict()).startsWith("unchecked"));
			assertThat(unchecked.violations()).isEmpty();
		}
	}

}
