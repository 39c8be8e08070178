package org.homelab.rollout.crash;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The engine's REST API as an operator's script sees it (engine-rest, the rehearsal's
 * demo admin): what the crash tests look at from outside the engine's JVM.
 */
final class EngineRest {

	/** engine-rest's date format. */
	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

	private static final ObjectMapper JSON = new ObjectMapper();

	private final String base;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

	EngineRest(String base) {
		this.base = base + "/engine-rest";
	}

	/**
	 * Starts Phase 1 as CI does, approves the plan it shows first (plan-preview's 'Review
	 * the plan', which carries the run's business key) and answers the process instance's
	 * id.
	 */
	String startPhase1(String run) {
		JsonNode started = send("POST", "/process-definition/key/phase-1-foundation/start",
				"{\"businessKey\": \"" + run + "\", \"variables\": {}}");
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		while (!approvePlan(run)) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("Phase 1 of " + run + " showed no plan review within 2 minutes");
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
		return started.path("id").asText();
	}

	private boolean approvePlan(String run) {
		List<JsonNode> reviews = list(get("/task?taskDefinitionKey=review-plan&processInstanceBusinessKey=" + run));
		if (reviews.isEmpty()) {
			return false;
		}
		String task = reviews.get(0).path("id").asText();
		if (get("/task/" + task + "/variables/planBlocked").path("value").asBoolean(false)) {
			throw new IllegalStateException("the plan of " + run + " is blocked: "
					+ get("/task/" + task + "/variables/planTable").path("value").asText());
		}
		return complete(task, "{\"planDecision\": {\"value\": \"approve\"}}");
	}

	/** Open user tasks of that definition key, or all of them (null). */
	List<JsonNode> tasks(String taskDefinitionKey) {
		return list(get((taskDefinitionKey != null) ? "/task?taskDefinitionKey=" + taskDefinitionKey : "/task"));
	}

	/** Every job (async continuations, timers), with retries and due date. */
	List<JsonNode> jobs() {
		return list(get("/job"));
	}

	/**
	 * Completes a user task; false if it was gone (completed meanwhile by someone else).
	 */
	boolean complete(String taskId, String variables) {
		HttpResponse<String> response = call("POST", "/task/" + taskId + "/complete",
				"{\"variables\": " + variables + "}");
		if (response.statusCode() == 404) {
			return false;
		}
		check(response, "/task/" + taskId + "/complete");
		return true;
	}

	Optional<String> variable(String processInstanceId, String name) {
		HttpResponse<String> response = call("GET",
				"/process-instance/" + processInstanceId + "/variables/" + name + "?deserializeValue=false", null);
		if (response.statusCode() == 404) {
			return Optional.empty();
		}
		return Optional.of(parse(check(response, name)).path("value").asText());
	}

	/** External tasks of that topic (locked or not). */
	List<JsonNode> externalTasks(String topic) {
		return list(get("/external-task?topicName=" + topic));
	}

	/** Every external task, with its worker (the node that locked it) and lock expiry. */
	List<JsonNode> externalTasks() {
		return list(get("/external-task"));
	}

	/** The earliest end of an activity that finished after {@code after}, if any did. */
	Optional<Instant> firstFinishedAfter(Instant after) {
		List<JsonNode> finished = list(get("/history/activity-instance?finishedAfter=" + date(after)
				+ "&sortBy=endTime&sortOrder=asc&maxResults=1"));
		return finished.stream()
			.findFirst()
			.map(a -> OffsetDateTime.parse(a.path("endTime").asText(), DATE).toInstant());
	}

	/** Activities of all runs finished so far, by activity id. */
	List<JsonNode> finishedActivities() {
		return list(get("/history/activity-instance?finished=true&maxResults=10000"));
	}

	/**
	 * Every successful completion of a wait (external task), with the worker that did it.
	 */
	List<JsonNode> externalTaskSuccesses() {
		return list(get("/history/external-task-log?successLog=true&maxResults=10000"));
	}

	/** Completed user tasks of that key, from history. */
	List<JsonNode> completedTasks(String taskDefinitionKey) {
		return list(get("/history/task?finished=true&taskDefinitionKey=" + taskDefinitionKey));
	}

	List<JsonNode> incidents() {
		return list(get("/incident"));
	}

	/** "ACTIVE", "COMPLETED", ... of a process instance's history. */
	String state(String processInstanceId) {
		return get("/history/process-instance/" + processInstanceId).path("state").asText();
	}

	/** The end events the instance passed. */
	List<String> endEvents(String processInstanceId) {
		List<String> ends = new ArrayList<>();
		list(get("/history/activity-instance?processInstanceId=" + processInstanceId + "&activityType=noneEndEvent"))
			.forEach(a -> ends.add(a.path("activityId").asText()));
		return ends;
	}

	/** Whatever engine-rest answers at {@code path}, as text (for the secret scan). */
	String text(String path) {
		return call("GET", path, null).body();
	}

	JsonNode get(String path) {
		return parse(check(call("GET", path, null), path));
	}

	private JsonNode send(String method, String path, String body) {
		return parse(check(call(method, path, body), path));
	}

	private HttpResponse<String> call(String method, String path, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(20))
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))
			.header("Accept", "application/json");
		if (body != null) {
			request.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(body));
		}
		else {
			request.method(method, BodyPublishers.noBody());
		}
		try {
			return this.http.send(request.build(), BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String check(HttpResponse<String> response, String what) {
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	private static JsonNode parse(String body) {
		try {
			return (body == null || body.isEmpty()) ? JSON.nullNode() : JSON.readTree(body);
		}
		catch (IOException ex) {
			throw new IllegalStateException("not JSON: " + body, ex);
		}
	}

	private static List<JsonNode> list(JsonNode array) {
		List<JsonNode> items = new ArrayList<>();
		array.forEach(items::add);
		return items;
	}

	static Instant instant(String date) {
		return OffsetDateTime.parse(date, DATE).toInstant();
	}

	private static String date(Instant instant) {
		return URLEncoder.encode(DATE.format(instant.atOffset(ZoneOffset.UTC)), StandardCharsets.UTF_8);
	}

}
