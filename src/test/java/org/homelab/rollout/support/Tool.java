package org.homelab.rollout.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a test needs beyond the JDK and Maven's artifacts: Debian packages that
 * {@code .ci/test} installs. A test that cannot run without one calls
 * {@link #require(String)}, the only way tests here skip themselves (beside
 * {@link Contract#require(String)} for the published contracts): the skip names the tool,
 * its package and what is not tested in this run. {@link Skips} lists every skip at the
 * end of the run, and under {@code CI=true} turns it into a failure.
 */
public enum Tool {

	PROMTOOL("promtool", "prometheus", "/usr/bin/promtool"),

	PROMETHEUS("prometheus", "prometheus", "/usr/bin/prometheus"),

	NGINX("nginx", "nginx", "/usr/sbin/nginx"),

	RUBY("ruby", "ruby", "/usr/bin/ruby"),

	GIT("git", "git", "/usr/bin/git"),

	/**
	 * curl, which the GitLab CI job's script (deploy/gitlab/rollout-start.sh) talks to
	 * the engine with.
	 */
	CURL("curl", "curl", "/usr/bin/curl"),

	AGE("age and age-keygen", "age", "/usr/bin/age", "/usr/bin/age-keygen"),

	/**
	 * Ansible (Debian's {@code ansible}: ansible-core plus the collections, among them
	 * community.general with the Proxmox inventory plugin, which needs python3-requests:
	 * only recommended by the package, so an install without recommends lacks it and the
	 * inventory fails).
	 */
	ANSIBLE("ansible-playbook, ansible-inventory, the community.general collection and python3-requests",
			"ansible python3-requests", "/usr/bin/ansible-playbook", "/usr/bin/ansible-inventory") {
		@Override
		public boolean installed() {
			return super.installed() && Files.isRegularFile(Path
				.of("/usr/lib/python3/dist-packages/ansible_collections/community/general/plugins/inventory/proxmox.py"))
					&& Files.isRegularFile(Path.of("/usr/lib/python3/dist-packages/requests/__init__.py"));
		}
	},

	ANSIBLE_LINT("ansible-lint", "ansible-lint", "/usr/bin/ansible-lint"),

	/** yamllint, as the gitops project's lint job runs it (Debian bookworm's 1.29). */
	YAMLLINT("yamllint", "yamllint", "/usr/bin/yamllint"),

	CHROMIUM("chromium and chromedriver", "chromium chromium-driver", "/usr/bin/chromium", "/usr/bin/chromedriver"),

	POSTGRESQL("PostgreSQL's server binaries", "postgresql") {
		@Override
		public boolean installed() {
			return postgresBinaries().isPresent();
		}
	};

	private final String name;

	private final String packages;

	private final Path[] binaries;

	Tool(String name, String packages, String... binaries) {
		this.name = name;
		this.packages = packages;
		this.binaries = Arrays.stream(binaries).map(Path::of).toArray(Path[]::new);
	}

	public boolean installed() {
		return Arrays.stream(this.binaries).allMatch(Files::isExecutable);
	}

	/** Why a test needing this tool cannot run here, or null if it can. */
	public String missing(String notTested) {
		if (installed()) {
			return null;
		}
		String where = (this.binaries.length > 0)
				? " (" + String.join(", ", Arrays.stream(this.binaries).map(Path::toString).toList()) + ")" : "";
		return "needs " + this.name + where + ", not installed here, so " + notTested + " NOT tested in this run;"
				+ " install: apt-get install " + this.packages + " (.ci/test installs it, then runs the tests)";
	}

	/**
	 * Skips the calling test (or class, from {@code @BeforeAll}) unless the tool is
	 * installed; fails it under {@code CI=true}, where everything is installed.
	 * {@code notTested} says what goes unchecked meanwhile.
	 */
	public void require(String notTested) {
		String missing = missing(notTested);
		if (missing != null) {
			Skips.skip(missing);
		}
	}

	/**
	 * The newest installed PostgreSQL's {@code bin} directory (Debian:
	 * /usr/lib/postgresql/&lt;version&gt;/bin).
	 */
	public static Optional<Path> postgresBinaries() {
		Path root = Path.of("/usr/lib/postgresql");
		if (!Files.isDirectory(root)) {
			return Optional.empty();
		}
		try (Stream<Path> versions = Files.list(root)) {
			return versions.map(v -> v.resolve("bin"))
				.filter(bin -> Files.isExecutable(bin.resolve("initdb")))
				.max(Comparator.naturalOrder());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
