package org.homelab.rollout.rehearsal.gitlab;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lab's GitLab API v4 with tokens made by the engine's runner snippet: scopes and
 * expiry enforced, groups, projects and commits round trip, GitLab's error shapes, and
 * every request checked against the published contract.
 */
class GitlabApiTests {

	@TempDir
	static Path dir;

	private static RehearsalLab lab;

	private static GitlabVm vm;

	private static String api;

	@BeforeAll
	static void installGitlab() {
		lab = Omnibus.lab(dir);
		lab.proxmox().seedRunningVm(Omnibus.VMID, "gitlab-ce", Omnibus.ADDRESS);
		vm = new GitlabVm(lab, Omnibus.VMID, Omnibus.ADDRESS);
		Omnibus.install(vm, Omnibus.GITLAB_RB);
		await().atMost(Duration.ofSeconds(20)).until(() -> lab.gitlab().lab(Omnibus.VMID).orElseThrow().ready());
		api = Omnibus.token(vm, "homelab-rollout", ":api", "30.days.from_now");
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@Test
	void tokensFromTheRunnerSnippetAreEnforcedByScopeAndExpiry() {
		assertThat(api).startsWith("glpat-");
		assertThat(vm.call("GET", "/api/v4/version", api, null).json().path("version").asText()).isNotBlank();
		GitlabVm.Http self = vm.call("GET", "/api/v4/personal_access_tokens/self", api, null);
		assertThat(self.json().path("scopes").toString()).isEqualTo("[\"api\"]");
		assertThat(self.text()).doesNotContain(api);

		GitlabVm.Exec toFile = vm.exec("gitlab-rails", "runner",
				"user = User.find_by_username('root'); "
						+ "token = user.personal_access_tokens.create!(name: 'reader', scopes: ['read_api'], "
						+ "expires_at: Date.parse('" + LocalDate.now(ZoneOffset.UTC).plusDays(7) + "')); "
						+ "File.write('/root/reader-token', token.token, perm: 0600)");
		assertThat(toFile.exitCode()).as(toFile.err()).isZero();
		assertThat(toFile.out()).as("written to the file only").isEmpty();
		String reader = new String(lab.proxmox().guestFiles(Omnibus.VMID).get("/root/reader-token"),
				StandardCharsets.UTF_8);
		assertThat(vm.call("GET", "/api/v4/groups", reader, null).status()).isEqualTo(200);
		GitlabVm.Http refused = vm.call("POST", "/api/v4/groups", reader, "{\"name\":\"x\",\"path\":\"x\"}");
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.json().path("error").asText()).isEqualTo("insufficient_scope");
		assertThat(lab.gitlab().lab(Omnibus.VMID).orElseThrow().groups()).doesNotContain("x");

		String expired = Omnibus.token(vm, "old", ":api", "'2020-01-01'");
		GitlabVm.Http gone = vm.call("GET", "/api/v4/version", expired, null);
		assertThat(gone.status()).isEqualTo(401);
		assertThat(gone.json().path("error_description").asText()).isEqualTo("Token has expired.");
		assertThat(vm.call("GET", "/api/v4/version", null, null).json().path("message").asText())
			.isEqualTo("401 Unauthorized");
		assertThat(lab.gitlab().lab(Omnibus.VMID).orElseThrow().tokens())
			.extracting(GitlabLab.TokenView::name, GitlabLab.TokenView::scopes)
			.contains(org.assertj.core.groups.Tuple.tuple("reader", List.of("read_api")));

		GitlabVm.Exec wrongScope = vm.exec("gitlab-rails", "runner",
				"user = User.find_by_username('root'); "
						+ "token = user.personal_access_tokens.create!(name: 'bad', scopes: [:everything], "
						+ "expires_at: 1.days.from_now); puts token.token");
		assertThat(wrongScope.exitCode()).isEqualTo(1);
		assertThat(wrongScope.err()).contains("Scopes can only contain available scopes");
	}

	@Test
	void rotationRevokesTheOldValueAndTheRootPasswordComesFromAFile() {
		String old = Omnibus.token(vm, "rotating", ":api", "10.days.from_now");
		GitlabVm.Http rotated = vm.call("POST", "/api/v4/personal_access_tokens/self/rotate", old, "{}");
		assertThat(rotated.status()).isEqualTo(200);
		String fresh = rotated.json().path("token").asText();
		assertThat(fresh).startsWith("glpat-").isNotEqualTo(old);
		assertThat(vm.call("GET", "/api/v4/version", old, null).json().path("error_description").asText())
			.isEqualTo("Token has been revoked.");
		assertThat(vm.call("GET", "/api/v4/version", fresh, null).status()).isEqualTo(200);

		GitlabLab gitlab = lab.gitlab().lab(Omnibus.VMID).orElseThrow();
		assertThat(gitlab.rootPasswordSet()).isFalse();
		vm.write("/root/gitlab-root-password", "a-long-generated-password\n");
		GitlabVm.Exec password = vm.exec("gitlab-rails", "runner",
				"user = User.find_by_username('root'); user.password = File.read('/root/gitlab-root-password').strip; "
						+ "user.password_confirmation = File.read('/root/gitlab-root-password').strip; user.save!");
		assertThat(password.exitCode()).as(password.err()).isZero();
		assertThat(gitlab.rootPasswordSet()).isTrue();
	}

	@Test
	void groupProjectAndCommitRoundTripWithGitlabsErrors() {
		GitlabVm.Http group = vm.call("POST", "/api/v4/groups", api,
				"{\"name\":\"homelab\",\"path\":\"homelab\",\"visibility\":\"private\"}");
		assertThat(group.status()).isEqualTo(201);
		GitlabVm.Http again = vm.call("POST", "/api/v4/groups", api, "{\"name\":\"homelab\",\"path\":\"homelab\"}");
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.json().path("message").asText()).contains("has already been taken");
		assertThat(vm.call("GET", "/api/v4/groups?search=home", api, null).json().path(0).path("id").asInt())
			.isEqualTo(group.json().path("id").asInt());

		int namespace = group.json().path("id").asInt();
		GitlabVm.Http project = vm.call("POST", "/api/v4/projects", api,
				"{\"name\":\"gitops\",\"path\":\"gitops\",\"namespace_id\":" + namespace + "}");
		assertThat(project.status()).isEqualTo(201);
		GitlabVm.Http twice = vm.call("POST", "/api/v4/projects", api,
				"{\"name\":\"gitops\",\"path\":\"gitops\",\"namespace_id\":" + namespace + "}");
		assertThat(twice.status()).isEqualTo(400);
		assertThat(twice.json().path("message").path("path").path(0).asText()).isEqualTo("has already been taken");
		assertThat(vm.call("GET", "/api/v4/projects/homelab%2Fgitops", api, null).json().path("id").asInt())
			.isEqualTo(project.json().path("id").asInt());

		String commit = """
				{"branch":"main","commit_message":"Seed gitops","actions":[
				 {"action":"create","file_path":"apps/root.yaml","content":"kind: Application\\n"},
				 {"action":"create","file_path":"README.md","content":"# gitops\\n"}]}""";
		assertThat(vm.call("POST", "/api/v4/projects/homelab%2Fgitops/repository/commits", api, commit).status())
			.isEqualTo(201);
		GitlabVm.Http file = vm.call("GET",
				"/api/v4/projects/homelab%2Fgitops/repository/files/apps%2Froot.yaml?ref=main", api, null);
		assertThat(file.status()).isEqualTo(200);
		assertThat(new String(Base64.getDecoder().decode(file.json().path("content").asText()), StandardCharsets.UTF_8))
			.isEqualTo("kind: Application\n");
		GitlabVm.Http tree = vm.call("GET", "/api/v4/projects/homelab%2Fgitops/repository/tree?ref=main", api, null);
		assertThat(tree.json().findValuesAsText("path")).containsExactlyInAnyOrder("README.md", "apps");
		String update = """
				{"branch":"main","commit_message":"Drop the README","actions":[
				 {"action":"delete","file_path":"README.md"}]}""";
		assertThat(vm.call("POST", "/api/v4/projects/homelab%2Fgitops/repository/commits", api, update).status())
			.isEqualTo(201);
		GitlabLab gitlab = lab.gitlab().lab(Omnibus.VMID).orElseThrow();
		assertThat(gitlab.files("homelab/gitops", "main")).containsOnlyKeys("apps/root.yaml");
		assertThat(gitlab.projects()).contains("homelab/gitops");

		assertThat(lab.journal().violations()).as("the engine's requests keep to the contract")
			.noneMatch(e -> e.path().contains("homelab"));
		assertThat(vm.call("DELETE", "/api/v4/projects/homelab%2Fgitops", api, null).status()).isEqualTo(202);
		assertThat(vm.call("GET", "/api/v4/projects/homelab%2Fgitops", api, null).json().path("message").asText())
			.isEqualTo("404 Project Not Found");
	}

	@Test
	void instanceRunnersNeedNoGroupOrProjectAndAnswerTheirTokenOnce() {
		GitlabVm.Http runner = vm.call("POST", "/api/v4/user/runners", api,
				"{\"runner_type\":\"instance_type\",\"description\":\"k3s-w-1 gpu\",\"tag_list\":[\"gpu\"]}");
		assertThat(runner.status()).isEqualTo(201);
		assertThat(runner.json().path("token").asText()).startsWith("glrt-");
		GitlabLab gitlab = lab.gitlab().lab(Omnibus.VMID).orElseThrow();
		assertThat(gitlab.runners()).anySatisfy(r -> assertThat(r.tags()).containsExactly("gpu"));
		assertThat(lab.journal().entries("gitlab")).filteredOn(e -> e.path().equals("/api/v4/user/runners"))
			.extracting(RequestJournal.Entry::verdict)
			.containsOnly("ok");
		int id = runner.json().path("id").asInt();
		assertThat(vm.call("DELETE", "/api/v4/runners/" + id, api, null).status()).isEqualTo(204);
		assertThat(gitlab.runners()).noneMatch(r -> r.id() == id);
	}

	@Test
	void requestsOutsideTheContractAreJournalledAsViolations() {
		assumeContract();
		vm.call("POST", "/api/v4/groups", api, "{\"name\":\"infra\",\"path\":\"infra\",\"colour\":\"red\"}");
		GitlabVm.Http unknown = vm.call("GET", "/api/v4/projects/1/nonsense", api, null);
		assertThat(unknown.status()).isEqualTo(404);
		GitlabVm.Http missing = vm.call("POST", "/api/v4/groups", api, "{\"name\":\"no-path\"}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(lab.journal().violations()).extracting(RequestJournal.Entry::verdict)
			.contains("body field not in contract: colour", "path not in contract: /api/v4/projects/1/nonsense",
					"missing body field: path");
		assertThat(lab.journal().entries("gitlab")).filteredOn(e -> e.path().equals("/api/v4/version"))
			.allSatisfy(e -> assertThat(e.verdict()).isEqualTo("ok"));
	}

	private static void assumeContract() {
		Contract.GITLAB.require("the lab's check of GitLab requests against the contract is");
	}

}
