package org.homelab.rollout.rehearsal.gitlab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.homelab.rollout.gitlab.Adopted;
import org.homelab.rollout.gitlab.CommitAction;
import org.homelab.rollout.gitlab.DeployTokenRequest;
import org.homelab.rollout.gitlab.GitlabApiException;
import org.homelab.rollout.gitlab.GitlabClients;
import org.homelab.rollout.gitlab.GitlabCommit;
import org.homelab.rollout.gitlab.GitlabDeployToken;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.gitlab.IssuedToken;
import org.homelab.rollout.gitlab.RepositoryFile;
import org.homelab.rollout.gitlab.RevertResult;
import org.homelab.rollout.gitlab.RunCommits;
import org.homelab.rollout.gitlab.SeedFiles;
import org.homelab.rollout.gitlab.SeedResult;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.LabSettings;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Phase 3's GitLab side with the real client against the lab's GitLab: a read-only deploy
 * token for {@code homelab/gitops} created, adopted and revoked (Git over HTTP answering
 * it as GitLab does, and the lab's {@link GitlabRepositories} agreeing); the app-of-apps
 * of {@code deploy/gitops/} committed signed by the run, changed, and undone by revert
 * commits that leave other people's commits alone; every API v4 request within the
 * contract.
 */
class GitopsClientLabTests {

	private static final String DOMAIN = "homelab.lan";

	@TempDir
	static Path dir;

	private static RehearsalLab lab;

	private static GitlabLab gitlab;

	private static GitlabOperations client;

	private static String apiToken;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void gitlab() {
		lab = new RehearsalLab(
				new LabSettings(0.01, 42, List.of(), 0, 0, 0, dir, Contracts.locate(), Map.of("gitlab.boot", 10.0)))
			.start();
		lab.proxmox().seedRunningVm(Omnibus.VMID, "gitlab-ce", Omnibus.ADDRESS);
		GitlabVm vm = new GitlabVm(lab, Omnibus.VMID, Omnibus.ADDRESS);
		Omnibus.install(vm, Omnibus.GITLAB_RB);
		gitlab = lab.gitlab().lab(Omnibus.VMID).orElseThrow();
		await().atMost(Duration.ofSeconds(20)).until(gitlab::ready);
		apiToken = Omnibus.token(vm, "homelab-rollout", ":api", "30.days.from_now");
		OkHttpClient shared = new OkHttpClient.Builder().dns(GitopsClientLabTests::homelabDns).build();
		client = GitlabClients.create(shared, HttpUrl.get("http://gitlab.homelab.lan"), null, Duration.ofSeconds(5),
				() -> apiToken);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	private static GitlabProject project(String path) {
		return client.projects()
			.findOrCreate(client.groups().findOrCreate("homelab", "homelab").value(), path, path)
			.value();
	}

	@Test
	void aReadOnlyDeployTokenIsCreatedOnceAdoptedAfterwardsAndRevokedByItsCreator() throws Exception {
		GitlabProject gitops = project("gitops");
		client.repository()
			.commit(gitops.id(), "main", "Start", List.of(CommitAction.createText("README.md", "# gitops\n")));
		DeployTokenRequest request = DeployTokenRequest.readOnly("argocd", false, "2099-01-01T00:00:00Z");

		Adopted<IssuedToken> made = client.deployTokens().findOrCreate(gitops.id(), request);
		assertThat(made.created()).isTrue();
		IssuedToken token = made.value();
		assertThat(token.hasValue()).isTrue();
		assertThat(token.value()).startsWith("gldt-");
		assertThat(token.username()).startsWith("gitlab+deploy-token-");
		assertThat(token.toString()).doesNotContain(token.value()).contains("hidden");

		Adopted<IssuedToken> again = client.deployTokens().findOrCreate(gitops.id(), request);
		assertThat(again.created()).as("a retry adopts").isFalse();
		assertThat(again.value().id()).isEqualTo(token.id());
		assertThat(again.value().hasValue()).as("GitLab shows a value once").isFalse();
		assertThat(client.deployTokens().list(gitops.id())).singleElement().satisfies(t -> {
			assertThat(t.name()).isEqualTo("argocd");
			assertThat(t.scopes()).containsExactly("read_repository");
			assertThat(t.active()).isTrue();
			assertThat(t.expiresAt()).startsWith("2099-01-01");
		});

		// what Argo CD and git clone do with it
		HttpResponse<String> refs = infoRefs("homelab/gitops", token.username(), token.value());
		assertThat(refs.statusCode()).isEqualTo(200);
		assertThat(refs.headers().firstValue("Content-Type")).hasValue("application/x-git-upload-pack-advertisement");
		assertThat(refs.body()).startsWith("001e# service=git-upload-pack\n0000")
			.contains(gitlab.revision("homelab/gitops", "main").orElseThrow() + " HEAD\0")
			.contains("symref=HEAD:refs/heads/main")
			.contains(" refs/heads/main\n")
			.endsWith("0000");
		HttpResponse<String> anonymous = infoRefs("homelab/gitops", null, null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"GitLab\"");
		assertThat(infoRefs("homelab/gitops", token.username(), "gldt-wrong").statusCode()).isEqualTo(401);
		assertThat(infoRefs("homelab/ci-other", token.username(), token.value()).statusCode())
			.as("another project stays hidden")
			.isEqualTo(404);
		assertThat(gitlab.canRead("homelab/gitops", token.username(), token.value())).isTrue();
		assertThat(gitlab.canRead("homelab/gitops", "someone", token.value())).isFalse();

		Adopted<IssuedToken> replaced = client.deployTokens().replace(gitops.id(), request);
		assertThat(replaced.created()).isTrue();
		assertThat(replaced.value().hasValue()).isTrue();
		assertThat(gitlab.canRead("homelab/gitops", token.username(), token.value())).as("the lost one is revoked")
			.isFalse();
		assertThat(client.deployTokens().find(gitops.id(), "argocd")).map(GitlabDeployToken::id)
			.hasValue(replaced.value().id());

		client.deployTokens().revoke(gitops.id(), replaced.value().id());
		client.deployTokens().revoke(gitops.id(), replaced.value().id());
		assertThat(client.deployTokens().find(gitops.id(), "argocd")).isEmpty();
		assertThat(infoRefs("homelab/gitops", replaced.value().username(), replaced.value().value()).statusCode())
			.isEqualTo(401);

		assertThat(lab.journal().violations()).as("the client keeps to GitLab's contract").isEmpty();
		assertThat(lab.journal().entries("gitlab"))
			.anyMatch(e -> e.method().equals("DELETE") && e.path().contains("/deploy_tokens/"));
	}

	@Test
	void theRealGitClonesAndFetchesWithADeployTokenAndSeesTheRunsTrailer() throws Exception {
		Tool.GIT.require("git clone and fetch with a deploy token against the lab's GitLab are");
		GitlabProject project = project("git-read");
		String first = client.repository()
			.commitForRun(project.id(), "main", "One", "run-3",
					List.of(CommitAction.createText("apps/a.yaml", "a: 1\n"),
							CommitAction.createText("README.md", "# read\n")));
		IssuedToken token = client.deployTokens()
			.create(project.id(), DeployTokenRequest.readOnly("reader", true, null));
		String url = "http://" + token.username().replace("+", "%2B") + ":" + token.value() + "@" + Omnibus.ADDRESS
				+ "/homelab/git-read.git";
		Path clone = dir.resolve("git-read");

		assertThat(git(token, dir, "ls-remote", url)).contains(first + "\tHEAD").contains(first + "\trefs/heads/main");
		git(token, dir, "clone", "--quiet", url, clone.toString());
		assertThat(git(token, clone, "rev-parse", "HEAD").strip()).as("the API's commit id is Git's").isEqualTo(first);
		assertThat(clone.resolve("apps/a.yaml")).hasContent("a: 1");
		assertThat(git(token, clone, "log", "-1", "--format=%(trailers:key=" + RunCommits.TRAILER + ",valueonly)"))
			.contains("run-3");
		git(token, clone, "fsck", "--strict");

		String second = client.repository()
			.commit(project.id(), "main", "Two",
					List.of(CommitAction.updateText("apps/a.yaml", "a: 2\n"), CommitAction.delete("README.md")));
		git(token, clone, "pull", "--quiet", "--ff-only");
		assertThat(git(token, clone, "rev-parse", "HEAD").strip()).isEqualTo(second);
		assertThat(clone.resolve("apps/a.yaml")).hasContent("a: 2");
		assertThat(clone.resolve("README.md")).doesNotExist();

		client.deployTokens().revoke(project.id(), token.id());
		ProcessBuilder refused = command(dir, "ls-remote", url);
		Process run = refused.start();
		run.getOutputStream().close();
		assertThat(run.waitFor(20, TimeUnit.SECONDS)).isTrue();
		assertThat(run.exitValue()).as("a revoked token reads nothing").isNotZero();
		assertThat(lab.journal().violations()).isEmpty();
		assertThat(lab.journal().entries("gitlab-git"))
			.anyMatch(e -> e.path().endsWith("/git-upload-pack") && e.status() == 200);
	}

	/** Runs git; fails with its output (the token masked) unless it exits 0. */
	private static String git(IssuedToken token, Path in, String... args) throws Exception {
		Process run = command(in, args).start();
		run.getOutputStream().close();
		String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(run.exitValue()).as("git " + args[0] + ": " + out.replace(token.value(), "[token]")).isZero();
		return out;
	}

	private static ProcessBuilder command(Path in, String... args) {
		List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "credential.helper=", "-c",
				"user.email=test@homelab.lan", "-c", "user.name=test"));
		command.addAll(List.of(args));
		ProcessBuilder git = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(true);
		git.environment().put("GIT_TERMINAL_PROMPT", "0");
		git.environment().put("GIT_CONFIG_NOSYSTEM", "1");
		git.environment().put("HOME", dir.toString());
		return git;
	}

	@Test
	void theAppOfAppsIsCommittedByTheRunAndItsUndoRevertsOnlyThatRun() {
		GitlabProject gitops = project("gitops-undo");
		String theirs = client.repository()
			.commit(gitops.id(), "main", "Operators' own app",
					List.of(CommitAction.createText("apps/mine.yaml", "# theirs\n"),
							CommitAction.createText("smoke/configmap.yaml", "# seeded by phase 2\n")));
		Map<String, byte[]> layout = SeedFiles.render(SeedFiles.read(Path.of("deploy/gitops")),
				Map.of("dnsDomain", DOMAIN));

		SeedResult seeded = client.repository()
			.seed(gitops.id(), "main", layout, RunCommits.message("Phase 3: the app-of-apps", "run-7"));
		assertThat(seeded.created()).contains("bootstrap/root-app.yaml", "apps/smoke.yaml", "smoke/namespace.yaml");
		assertThat(seeded.updated()).containsExactly("smoke/configmap.yaml");
		assertThat(gitlab.files("homelab/gitops-undo", "main", "apps")).containsOnlyKeys("apps/mine.yaml",
				"apps/smoke.yaml");
		assertThat(gitlab.files("homelab/gitops-undo", "HEAD", "bootstrap").get("bootstrap/root-app.yaml"))
			.contains("repoURL: https://gitlab.homelab.lan/homelab/gitops.git")
			.doesNotContain("${");
		assertThat(client.repository()
			.seed(gitops.id(), "main", layout, RunCommits.message("Phase 3: the app-of-apps", "run-7"))
			.changed()).as("a re-run commits nothing").isFalse();

		String changed = client.repository()
			.commitForRun(gitops.id(), "main", "Smoke: change the message", "run-7",
					List.of(CommitAction.updateText("smoke/configmap.yaml",
							new String(layout.get("smoke/configmap.yaml"), StandardCharsets.UTF_8)
								.replace("revision: \"1\"", "revision: \"2\""))));
		RepositoryFile configMap = client.repository()
			.readFile(gitops.id(), "smoke/configmap.yaml", "main")
			.orElseThrow();
		assertThat(new String(configMap.content(), StandardCharsets.UTF_8)).contains("revision: \"2\"");
		assertThat(configMap.lastCommitId()).isEqualTo(changed);
		assertThat(client.repository().readFile(gitops.id(), "apps/mine.yaml", "main").orElseThrow().lastCommitId())
			.isEqualTo(theirs);
		assertThat(client.repository().readFile(gitops.id(), "nope.yaml", "main")).isEmpty();
		assertThat(client.repository().getCommit(gitops.id(), changed).orElseThrow().parentIds())
			.containsExactly(seeded.commitId());
		assertThat(client.repository().commits(gitops.id(), "main", "smoke", 10)).extracting(GitlabCommit::id)
			.containsExactly(changed, seeded.commitId(), theirs);

		assertThat(client.repository().runCommits(gitops.id(), "main", "run-7")).extracting(GitlabCommit::id)
			.containsExactly(changed, seeded.commitId());
		assertThat(client.repository().runCommits(gitops.id(), "main", "run-7"))
			.allSatisfy(c -> assertThat(c.trailers()).containsEntry(RunCommits.TRAILER, "run-7"));

		RevertResult undone = client.repository().revertRun(gitops.id(), "main", "run-7");
		assertThat(undone.reverts()).hasSize(2);
		assertThat(undone.alreadyReverted()).isEmpty();
		Map<String, String> after = gitlab.files("homelab/gitops-undo", "main");
		assertThat(after).containsOnlyKeys("apps/mine.yaml", "smoke/configmap.yaml");
		assertThat(after.get("smoke/configmap.yaml")).as("the operators' content is back")
			.isEqualTo("# seeded by phase 2\n");
		GitlabCommit revert = client.repository().getCommit(gitops.id(), undone.reverts().get(0)).orElseThrow();
		assertThat(revert.title()).isEqualTo("Revert \"Smoke: change the message\"");
		assertThat(revert.reverts()).isEqualTo(changed);
		assertThat(revert.runId()).as("a revert is not the run's work").isNull();

		RevertResult again = client.repository().revertRun(gitops.id(), "main", "run-7");
		assertThat(again.changed()).as("a repeated undo changes nothing").isFalse();
		assertThat(again.alreadyReverted()).containsExactly(changed, seeded.commitId());
		assertThat(client.repository().revertRun(gitops.id(), "main", "run-other").changed()).isFalse();
		assertThat(lab.journal().violations()).as("the client keeps to GitLab's contract").isEmpty();
	}

	@Test
	void aRevertGitlabCannotDoReachesTheCallerWithWhatToDo() {
		GitlabProject project = project("gitops-conflict");
		client.repository()
			.commitForRun(project.id(), "main", "Add the smoke app", "run-9",
					List.of(CommitAction.createText("smoke/configmap.yaml", "revision: 1\n")));
		client.repository()
			.commit(project.id(), "main", "An operator edits it",
					List.of(CommitAction.updateText("smoke/configmap.yaml", "revision: 1 # tuned\n")));

		GitlabApiException refused = catchThrowableOfType(GitlabApiException.class,
				() -> client.repository().revertRun(project.id(), "main", "run-9"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.isTransient()).isFalse();
		assertThat(refused.said()).contains("error_code conflict");
		assertThat(refused.getMessage()).contains("revert it by hand");
		assertThat(gitlab.files("homelab/gitops-conflict", "main")).containsEntry("smoke/configmap.yaml",
				"revision: 1 # tuned\n");
		assertThat(lab.journal().violations()).isEmpty();
	}

	@Test
	void theLabsReadAccessorSeesARefAsAGitClientWould() {
		GitlabProject project = project("gitops-read");
		String first = client.repository()
			.commit(project.id(), "main", "First", List.of(CommitAction.createText("smoke/a.yaml", "a: 1\n"),
					CommitAction.createText("apps/x.yaml", "x: 1\n")));
		String second = client.repository()
			.commit(project.id(), "main", "Second",
					List.of(CommitAction.updateText("smoke/a.yaml", "a: 2\n"), CommitAction.delete("apps/x.yaml")));
		GitlabRepositories repositories = lab.gitlab().repositories().orElseThrow();

		assertThat(repositories.revision("homelab/gitops-read", "HEAD")).hasValue(second);
		assertThat(repositories.files("homelab/gitops-read", "main", "smoke"))
			.containsExactly(Map.entry("smoke/a.yaml", "a: 2\n"));
		assertThat(repositories.files("homelab/gitops-read", first, "."))
			.containsOnly(Map.entry("smoke/a.yaml", "a: 1\n"), Map.entry("apps/x.yaml", "x: 1\n"));
		assertThat(repositories.files("homelab/gitops-read", "nope", "")).isEmpty();
		assertThat(repositories.files("homelab/none", "main", "")).isEmpty();
		assertThat(GitlabRepositories.projectOf("https://gitlab.homelab.lan/homelab/gitops.git"))
			.hasValue("homelab/gitops");
		assertThat(GitlabRepositories.projectOf("https://gitlab.homelab.lan/")).isEmpty();
		assertThat(repositories.canRead("homelab/gitops-read", "root", apiToken)).as("a personal access token")
			.isTrue();
		assertThat(repositories.canRead("homelab/gitops-read", "root", "glpat-nope")).isFalse();
	}

	private HttpResponse<String> infoRefs(String project, String user, String password)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(
					URI.create("http://" + Omnibus.ADDRESS + "/" + project + ".git/info/refs?service=git-upload-pack"))
			.timeout(Duration.ofSeconds(10));
		if (user != null) {
			request.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static List<InetAddress> homelabDns(String host) throws UnknownHostException {
		if (host.equals("gitlab.homelab.lan")) {
			return List.of(InetAddress.getByName(Omnibus.ADDRESS));
		}
		return Dns.SYSTEM.lookup(host);
	}

}
