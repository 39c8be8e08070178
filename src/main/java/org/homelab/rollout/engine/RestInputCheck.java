package org.homelab.rollout.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonMappingException.Reference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.camunda.bpm.engine.rest.mapper.JacksonConfigurator;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the JSON body of every request that hands the engine variables, before
 * engine-rest reads it (see docs/forms.md, "Refused before the form is read"): process
 * starts, task completions, variables set on an instance, execution or task, messages and
 * signals. What Jackson or the engine would let through silently (a duplicate key, a null
 * variable, a blank run name) or answer with a 500 or Java class names (a 10 kB business
 * key, a Java-serialized object, malformed JSON) is a 400 in engine-rest's error shape,
 * naming the field, and nothing is created or touched. The same resources answer under a
 * named engine ({@code /engine-rest/engine/default/…}) and as the web apps' own API
 * ({@code /camunda/api/engine/engine/default/…}, what Tasklist's Complete button and
 * Cockpit send with a session): all three are checked alike.
 */
class RestInputCheck extends OncePerRequestFilter {

	/** The width of Camunda's BUSINESS_KEY_ columns. */
	static final int BUSINESS_KEY_MAX = 255;

	/** engine-rest and the web apps' copy of it, each with or without a named engine. */
	private static final Pattern ENGINE_API = Pattern
		.compile("(/engine-rest|/camunda/api/engine)(?:/engine/([^/]+))?(/.+)");

	private static final String WEBAPP_API = "/camunda/api/engine";

	private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

	private static final String JAVA_SERIALIZED = "application/x-java-serialized-object";

	/** Reads like engine-rest, but refuses what engine-rest would take silently. */
	private static final ObjectMapper JSON = JacksonConfigurator
		.configureObjectMapper(JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		Matcher resource = ENGINE_API.matcher(path);
		RestInputKind kind = (resource.matches() && loggedIn(request, resource))
				? RestInputKind.of(request.getMethod(), resource.group(3)) : null;
		String type = request.getContentType();
		if (kind == null || (type != null && !type.toLowerCase().contains("json"))) {
			// another content type is engine-rest's to refuse (415)
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readAllBytes();
		List<String> problems = problems(body, kind, WEBAPP_API.equals(resource.group(1)));
		if (!problems.isEmpty()) {
			ObjectNode answer = JSON.createObjectNode()
				.put("type", "InvalidRequestException")
				.put("message", kind.refused() + String.join("; ", problems));
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			response.setContentType("application/json");
			response.setCharacterEncoding("UTF-8");
			response.getWriter().write(JSON.writeValueAsString(answer));
			return;
		}
		chain.doFilter(new CachedBodyRequest(request, body), response);
	}

	/**
	 * On engine-rest the authentication filter came first. The web apps' own login
	 * filters are registered after this one, so here a session without a login is left to
	 * them (401), and a caller learns nothing of their input before logging in.
	 */
	private static boolean loggedIn(HttpServletRequest request, Matcher resource) {
		if (!WEBAPP_API.equals(resource.group(1))) {
			return true;
		}
		HttpSession session = request.getSession(false);
		return session != null && resource.group(2) != null
				&& AuthenticationUtil.getAuthsFromSession(session).hasAuthenticationForProcessEngine(resource.group(2));
	}

	/**
	 * What is wrong with the body of a request of that kind; empty if nothing. From a web
	 * app's form ({@code form}: Tasklist sends every field of it), a {@code null} or an
	 * empty run name is the field left empty, and the form's own check decides whether it
	 * may be.
	 */
	static List<String> problems(byte[] body, RestInputKind kind, boolean form) {
		JsonNode json;
		try {
			json = (new String(body, StandardCharsets.UTF_8).isBlank()) ? JSON.createObjectNode() : JSON.readTree(body);
		}
		catch (StreamReadException ex) {
			Matcher duplicate = DUPLICATE.matcher(Objects.toString(ex.getOriginalMessage()));
			if (duplicate.matches()) {
				return List.of("'" + duplicate.group(1) + "' is given twice in the body, give each field once");
			}
			return List.of("the body is not valid JSON (" + where(ex) + ")");
		}
		catch (IOException ex) {
			return List.of("the body is not valid JSON");
		}
		if (!json.isObject()) {
			return List.of("the body must be a JSON object");
		}
		try {
			// the shape engine-rest expects, read by its own mapper, so that it cannot
			// fail
			// later with Jackson's message (which names the DTO classes)
			JSON.treeToValue(json, kind.shape());
		}
		catch (JsonMappingException ex) {
			return List.of("'" + field(ex.getPath()) + "' does not have the shape engine-rest takes");
		}
		catch (JsonProcessingException ex) {
			return List.of("the body is not valid JSON");
		}
		List<String> problems = new ArrayList<>();
		if (kind.variables().isEmpty()) {
			// one variable's value, named in the path
			variable("the variable", json, problems, form);
		}
		kind.variables().forEach(field -> variables(json.path(field), problems, form));
		if (kind == RestInputKind.START) {
			startProblems(json, problems);
		}
		return problems;
	}

	private static void startProblems(JsonNode json, List<String> problems) {
		JsonNode businessKey = json.path("businessKey");
		boolean named = false;
		if (businessKey.isTextual()) {
			String key = businessKey.asText();
			if (key.isBlank()) {
				problems.add("businessKey is blank: leave it out or give the run a name");
			}
			else if (key.length() > BUSINESS_KEY_MAX) {
				problems.add("businessKey is " + key.length() + " characters long, at most " + BUSINESS_KEY_MAX
						+ " are allowed");
			}
			named = true;
		}
		JsonNode run = json.path("variables").path(RolloutRun.VARIABLE);
		if (run.isObject() && !run.path("value").isNull() && !run.path("value").isMissingNode()
				&& !run.path("value").asText().isEmpty()) {
			named = true;
		}
		if (!named) {
			problems.add("the run has no name: give a businessKey or the variable " + RolloutRun.VARIABLE);
		}
		// each of these starts the run past its start event, and so past its start checks
		JsonNode instructions = json.path("startInstructions");
		if (instructions.isArray() && !instructions.isEmpty()) {
			problems.add("startInstructions are not taken: a run starts at its start event, where its input is"
					+ " checked");
		}
		for (String skip : List.of("skipCustomListeners", "skipIoMappings")) {
			if (json.path(skip).asBoolean(false)) {
				problems.add(skip + " is not taken: the start checks are listeners");
			}
		}
	}

	private static void variables(JsonNode variables, List<String> problems, boolean form) {
		Iterator<Map.Entry<String, JsonNode>> fields = variables.fields();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> variable = fields.next();
			variable("variable '" + variable.getKey() + "'", variable.getValue(), problems, form);
			String run = variable.getValue().path("value").isTextual() ? variable.getValue().path("value").asText()
					: null;
			// a form's empty field is the field left out; spaces are not
			if (RolloutRun.VARIABLE.equals(variable.getKey()) && run != null && run.isBlank()
					&& !(form && run.isEmpty())) {
				problems.add("variable '" + variable.getKey() + "' is blank: leave it out or give the run a name");
			}
		}
	}

	private static void variable(String named, JsonNode value, List<String> problems, boolean form) {
		if (!form && (value.isNull() || value.path("value").isNull() || value.path("value").isMissingNode())) {
			// a null would clear a variable or stand for one left out, silently
			problems.add(named + " is null: leave it out or give it a value");
		}
		if ("object".equalsIgnoreCase(value.path("type").asText())
				&& JAVA_SERIALIZED.equals(value.path("valueInfo").path("serializationDataFormat").asText())) {
			problems.add(named + " is a Java-serialized object, which the engine does not take; send JSON");
		}
	}

	private static String field(List<Reference> path) {
		List<String> names = new ArrayList<>();
		for (Reference reference : path) {
			names.add((reference.getFieldName() != null) ? reference.getFieldName()
					: String.valueOf(reference.getIndex()));
		}
		return names.isEmpty() ? "the body" : String.join(".", names);
	}

	private static String where(StreamReadException ex) {
		return (ex.getLocation() != null)
				? "line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() : "unreadable";
	}

}
