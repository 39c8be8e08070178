package org.homelab.rollout.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * What a Camunda Form (form-js schema, {@code forms/*.form}) allows a submission to hold,
 * derived from the form alone: the variables it may set are the keys of its inputs, and
 * each input's rules are a {@link FormField}. One checker for every form, so a form's
 * JSON is the only place a task's or a start's input is described.
 */
final class FormRules {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final Map<String, FormField> fields;

	private FormRules(Map<String, FormField> fields) {
		this.fields = fields;
	}

	static FormRules read(InputStream form) {
		try (form) {
			Map<String, FormField> fields = new LinkedHashMap<>();
			collect(JSON.readTree(form).path("components"), fields);
			return new FormRules(fields);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the form", ex);
		}
	}

	private static void collect(JsonNode components, Map<String, FormField> fields) {
		for (JsonNode component : components) {
			if (component.hasNonNull("key")) {
				FormField field = FormField.of(component);
				fields.put(field.key(), field);
			}
			// a group's inputs belong to the same submission
			collect(component.path("components"), fields);
		}
	}

	Map<String, FormField> fields() {
		return this.fields;
	}

	/**
	 * The submission with the form's default values of inputs that are left out and have
	 * no value yet, as Tasklist would have submitted them.
	 * @param current the value a variable has before the submission (null: none)
	 */
	Map<String, Object> withDefaults(Map<String, Object> submitted, Function<String, Object> current) {
		Map<String, Object> complete = new LinkedHashMap<>(submitted);
		for (FormField field : this.fields.values()) {
			if (field.defaultValue() != null && !field.readOnly() && !submitted.containsKey(field.key())
					&& current.apply(field.key()) == null) {
				complete.put(field.key(), field.defaultValue());
			}
		}
		return complete;
	}

	/**
	 * What is wrong with a submission: variables the form does not take, read-only inputs
	 * changed, and each input's value as the form would hold it afterwards (a variable
	 * left out keeps its current value, which Tasklist shows filled in and submits
	 * again).
	 * @param current the value a variable has before the submission (null: none)
	 */
	List<String> problems(Map<String, Object> submitted, Function<String, Object> current) {
		List<String> problems = new ArrayList<>();
		Set<String> unknown = new TreeSet<>(submitted.keySet());
		unknown.removeAll(this.fields.keySet());
		for (String name : unknown) {
			problems.add("unknown variable '" + name + "' (the form takes " + editable() + ")");
		}
		for (FormField field : this.fields.values()) {
			boolean sent = submitted.containsKey(field.key());
			Object value = sent ? plain(submitted.get(field.key())) : plain(current.apply(field.key()));
			if (field.readOnly()) {
				// shown for reading; sent back unchanged is fine, changed is not
				if (sent && !same(value, plain(current.apply(field.key())))) {
					problems.add(field.key() + " is read-only on this form");
				}
				continue;
			}
			if (field.hiddenWhen() != null
					&& field.hiddenWhen().hidden(plain(current.apply(field.hiddenWhen().variable())))) {
				if (sent && value != null && !"".equals(value)) {
					problems.add(field.key() + " cannot be given: the form hides it while "
							+ (field.hiddenWhen().negated() ? "not " : "") + field.hiddenWhen().variable());
				}
				continue;
			}
			problems.addAll(field.problems(value));
		}
		return problems;
	}

	List<String> editable() {
		return this.fields.values().stream().filter(field -> !field.readOnly()).map(FormField::key).toList();
	}

	private static Object plain(Object value) {
		return (value instanceof TypedValue typed) ? typed.getValue() : value;
	}

	private static boolean same(Object a, Object b) {
		if (a instanceof Number x && b instanceof Number y) {
			return x.doubleValue() == y.doubleValue();
		}
		return Objects.equals(a, b);
	}

}
