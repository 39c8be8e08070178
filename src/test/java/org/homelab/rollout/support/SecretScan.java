package org.homelab.rollout.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSetMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Looks for secret values where the engine keeps things: its ACT_* tables, its log, its
 * REST answers.
 */
public final class SecretScan {

	private SecretScan() {
	}

	/**
	 * The names of the secrets (never their values, which a failure would print) found in
	 * any haystack.
	 */
	public static List<String> findings(Map<String, String> secrets, List<String> haystacks) {
		List<String> found = new ArrayList<>();
		// named with where it was (a table row's table name), never with the value
		secrets.forEach((name, value) -> haystacks.stream()
			.filter(h -> h.contains(value))
			.findFirst()
			.ifPresent(
					h -> found.add(name + " (in " + h.substring(0, Math.max(0, Math.min(h.indexOf(':'), 40))) + ")")));
		return found;
	}

	/**
	 * Every row of every ACT_* table as text, byte arrays (serialised variables, stack
	 * traces) included.
	 */
	public static List<String> tables(JdbcTemplate jdbc) {
		List<String> rows = new ArrayList<>();
		List<String> names = jdbc.queryForList(
				"SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'ACT\\_%' ESCAPE '\\'",
				String.class);
		assertThat(names).contains("ACT_GE_BYTEARRAY", "ACT_HI_VARINST", "ACT_RU_VARIABLE", "ACT_HI_DETAIL");
		for (String table : names) {
			jdbc.query("SELECT * FROM " + table, rs -> {
				ResultSetMetaData meta = rs.getMetaData();
				StringBuilder row = new StringBuilder(table).append(':');
				for (int i = 1; i <= meta.getColumnCount(); i++) {
					int type = meta.getColumnType(i);
					boolean binary = type == Types.BLOB || type == Types.BINARY || type == Types.VARBINARY
							|| type == Types.LONGVARBINARY;
					byte[] bytes = binary ? rs.getBytes(i) : null;
					String text = binary ? ((bytes != null) ? new String(bytes, StandardCharsets.ISO_8859_1) : "")
							: rs.getString(i);
					row.append(' ').append(text);
				}
				rows.add(row.toString());
			});
		}
		return rows;
	}

	/**
	 * The REST API's history about one process instance: where a leaked value would show
	 * to a Cockpit user.
	 */
	public static List<String> historyPaths(String processInstanceId) {
		String id = processInstanceId;
		return List.of("/history/process-instance/" + id, "/history/variable-instance?processInstanceId=" + id,
				"/history/detail?processInstanceId=" + id, "/history/activity-instance?processInstanceId=" + id,
				"/history/job-log?processInstanceId=" + id, "/history/external-task-log?processInstanceId=" + id,
				"/history/task?processInstanceId=" + id, "/history/incident?processInstanceId=" + id,
				"/history/user-operation?processInstanceId=" + id);
	}

	/**
	 * What the engine's REST API (on {@code port}, as user admin) says about each of the
	 * process instances: the answers of {@link #historyPaths}, each required to be 200.
	 */
	public static List<String> restAnswers(int port, List<String> processInstanceIds) {
		HttpClient http = HttpClient.newHttpClient();
		String basic = Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
		List<String> answers = new ArrayList<>();
		for (String id : processInstanceIds) {
			for (String path : historyPaths(id)) {
				HttpRequest request = HttpRequest
					.newBuilder(URI.create("http://localhost:" + port + "/engine-rest" + path))
					.header("Authorization", "Basic " + basic)
					.build();
				try {
					HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
					assertThat(response.statusCode()).as(path).isEqualTo(200);
					answers.add(response.body());
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
		}
		return answers;
	}

}
