package org.homelab.rollout.rehearsal.gitlab;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homelab.rollout.rehearsal.GuestCommand.Result;

/**
 * The Ruby the engine sends through {@code gitlab-rails runner}, statements separated by
 * {@code ;} or new lines, in exactly these shapes (docs/rehearsal-lab.md): <pre>
 * user = User.find_by_username('root')
 * user.personal_access_tokens.active.where(name: 'NAME').each(&amp;:revoke!)   (optional)
 * token = user.personal_access_tokens.create!(name: 'NAME', scopes: [:api, :read_api], expires_at: 90.days.from_now)
 * token.set_token('VALUE')          (optional; else GitLab's generated glpat- value)
 * token.save!
 * puts token.token                  (or File.write('/path', token.token, perm: 0600))
 * user.password = File.read('/path').strip   (or a quoted string)
 * user.password_confirmation = …    (the same)
 * user.save!
 * </pre> {@code expires_at} takes {@code N.days.from_now},
 * {@code Date.parse('YYYY-MM-DD')} or {@code 'YYYY-MM-DD'}. Anything else fails as Ruby
 * would. Token values and passwords are never logged; only their digests are kept.
 */
final class RunnerSnippet {

	static final List<String> SCOPES = List.of("api", "read_api", "read_user", "create_runner", "manage_runner",
			"k8s_proxy", "read_repository", "write_repository", "read_registry", "write_registry", "sudo", "admin_mode",
			"read_service_ping");

	private static final Pattern FIND_USER = Pattern.compile("user = User\\.find_by_username\\('([^']+)'\\)");

	private static final Pattern CREATE = Pattern.compile("token = user\\.personal_access_tokens\\.create!?\\((.*)\\)");

	private static final Pattern NAME = Pattern.compile("name: '([^']+)'");

	private static final Pattern SCOPE_LIST = Pattern.compile("scopes: \\[([^\\]]*)]");

	private static final Pattern EXPIRES = Pattern
		.compile("expires_at: (?:(\\d+)\\.days\\.from_now|Date\\.parse\\('([\\d-]+)'\\)|'([\\d-]+)')");

	private static final Pattern REVOKE_NAMED = Pattern
		.compile("user\\.personal_access_tokens\\.active\\.where\\(name: '([^']+)'\\)\\.each\\(&:revoke!\\)");

	private static final Pattern SET_TOKEN = Pattern.compile("token\\.set_token\\('([^']+)'\\)");

	private static final Pattern WRITE = Pattern
		.compile("File\\.write\\('([^']+)', token\\.token(?:, perm: 0o?600)?\\)");

	private static final Pattern PASSWORD = Pattern
		.compile("user\\.password(_confirmation)? = (?:'([^']*)'|File\\.read\\('([^']+)'\\)\\.strip)");

	private RunnerSnippet() {
	}

	static Result run(String ruby, GitlabState state, Map<String, byte[]> files) {
		String user = null;
		Pending token = null;
		String password = null;
		String confirmation = null;
		StringBuilder out = new StringBuilder();
		for (String statement : ruby.split("[;\\n]")) {
			String line = statement.strip();
			Matcher m;
			if (line.isEmpty()) {
				continue;
			}
			if ((m = FIND_USER.matcher(line)).matches()) {
				user = m.group(1);
			}
			else if (user != null && !"root".equals(user) && line.startsWith("user.")) {
				return error("undefined method '" + line.substring(5).replaceFirst("[ .(].*", "")
						+ "' for nil (NoMethodError)");
			}
			else if ((m = REVOKE_NAMED.matcher(line)).matches() && user != null) {
				// root's active tokens of that name (the lab's tokens are all root's)
				String name = m.group(1);
				state.tokens.replaceAll(
						(id, t) -> (t.name().equals(name) && !t.revoked() && !Tokens.expired(t)) ? t.revoke() : t);
			}
			else if ((m = CREATE.matcher(line)).matches() && user != null) {
				token = Pending.parse(m.group(1));
				if (token.error != null) {
					return error("Validation failed: " + token.error + " (ActiveRecord::RecordInvalid)");
				}
				token.save(state);
			}
			else if ((m = SET_TOKEN.matcher(line)).matches() && token != null) {
				token.value = m.group(1);
			}
			else if (line.equals("token.save!") && token != null) {
				token.save(state);
			}
			else if (line.equals("puts token.token") && token != null) {
				out.append(token.value).append('\n');
			}
			else if ((m = WRITE.matcher(line)).matches() && token != null) {
				// the lab keeps no file modes: perm 0600 is what the engine must ask for
				files.put(m.group(1), token.value.getBytes(StandardCharsets.UTF_8));
			}
			else if ((m = PASSWORD.matcher(line)).matches() && user != null) {
				String value = (m.group(2) != null) ? m.group(2) : read(files, m.group(3));
				if (value == null) {
					return error("No such file or directory @ rb_sysopen - " + m.group(3) + " (Errno::ENOENT)");
				}
				if (m.group(1) == null) {
					password = value;
				}
				else {
					confirmation = value;
				}
			}
			else if (line.equals("user.save!") && password != null) {
				if (confirmation != null && !confirmation.equals(password)) {
					return error("Validation failed: Password confirmation doesn't match Password "
							+ "(ActiveRecord::RecordInvalid)");
				}
				if (password.length() < 8) {
					return error("Validation failed: Password is too short (minimum is 8 characters) "
							+ "(ActiveRecord::RecordInvalid)");
				}
				state.rootPassword = GitlabState.digest(password);
			}
			else {
				return Result.fail(1,
						"Please specify a valid ruby command or the path of a script to run.\n"
								+ "Run 'rails runner -h' for help.\n\n(rehearsal lab) not a statement it simulates: "
								+ line.replaceAll("'[^']*'", "'…'") + "\n");
			}
		}
		return Result.ok(out.toString());
	}

	private static Result error(String message) {
		return Result.fail(1, message + "\n");
	}

	private static String read(Map<String, byte[]> files, String path) {
		byte[] content = files.get(path);
		return (content != null) ? new String(content, StandardCharsets.UTF_8).strip() : null;
	}

	/** A token being made: saved on create, again after set_token. */
	private static final class Pending {

		String name;

		List<String> scopes = new ArrayList<>();

		LocalDate expiresAt;

		String value = GitlabState.secret("glpat-");

		String error;

		Integer id;

		static Pending parse(String arguments) {
			Pending token = new Pending();
			Matcher name = NAME.matcher(arguments);
			Matcher scopes = SCOPE_LIST.matcher(arguments);
			Matcher expires = EXPIRES.matcher(arguments);
			if (!name.find()) {
				token.error = "Name can't be blank";
				return token;
			}
			token.name = name.group(1);
			if (scopes.find()) {
				for (String scope : scopes.group(1).split(",")) {
					String bare = scope.strip().replaceAll("^:|^'|'$", "");
					if (!bare.isEmpty()) {
						token.scopes.add(bare);
					}
				}
			}
			if (token.scopes.isEmpty() || !SCOPES.containsAll(token.scopes)) {
				token.error = "Scopes can only contain available scopes";
				return token;
			}
			if (!expires.find()) {
				token.error = "Expiration date can't be blank";
				return token;
			}
			LocalDate today = LocalDate.now(ZoneOffset.UTC);
			token.expiresAt = (expires.group(1) != null) ? today.plusDays(Long.parseLong(expires.group(1)))
					: LocalDate.parse((expires.group(2) != null) ? expires.group(2) : expires.group(3));
			if (token.expiresAt.isAfter(today.plusDays(365))) {
				token.error = "Expiration date must be before " + today.plusDays(365);
			}
			return token;
		}

		void save(GitlabState state) {
			int tokenId = (this.id != null) ? this.id : state.tokenId();
			this.id = tokenId;
			state.tokens.put(tokenId, new GitlabState.Token(tokenId, this.name, List.copyOf(this.scopes),
					this.expiresAt, GitlabState.digest(this.value), false, Instant.now()));
		}

	}

}
