package org.homelab.rollout.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One input of a Camunda Form (form-js schema): what a value for its {@link #key()} must
 * be, read from its type, {@code values}, {@code disabled}/{@code readonly} and
 * {@code validate} the way form-js validates in Tasklist. Values are named in messages
 * only when they are one of the form's choices, so a mistyped secret never is.
 */
record FormField(String key, String type, boolean required, boolean readOnly, List<String> choices, Pattern pattern,
		Integer minLength, Integer maxLength, Double min, Double max, Object defaultValue, HiddenWhen hiddenWhen) {

	/**
	 * A condition {@code hide} of the simplest FEEL shape, {@code =flag} or
	 * {@code =not(flag)}: known before the submission from the variable's current value.
	 * form-js submits nothing for a hidden field, so a value for it is refused.
	 */
	private static final Pattern SIMPLE_HIDE = Pattern
		.compile("=\\s*(not\\(\\s*)?([A-Za-z_][A-Za-z0-9_]*)\\s*(\\))?\\s*");

	/** The field is hidden while {@code variable} is true (or, negated, not true). */
	record HiddenWhen(String variable, boolean negated) {

		boolean hidden(Object value) {
			boolean set = Boolean.TRUE.equals(value);
			return this.negated ? !set : set;
		}

	}

	/**
	 * Input types whose value is text; select and radio also limit it to their choices.
	 */
	private static final List<String> TEXT = List.of("textfield", "textarea", "datetime", "select", "radio");

	private static final List<String> LISTS = List.of("checklist", "taglist");

	static FormField of(JsonNode component) {
		JsonNode validate = component.path("validate");
		List<String> choices = new ArrayList<>();
		// options from a variable (valuesKey) or an expression are only known at run
		// time: type checks only then
		component.path("values").forEach(choice -> choices.add(choice.path("value").asText()));
		boolean readOnly = component.path("disabled").asBoolean() || component.path("readonly").asBoolean();
		// a field hidden by a FEEL condition may rightly be left out: required is checked
		// only when the condition is one known before the submission (then while shown)
		HiddenWhen hiddenWhen = hiddenWhen(component.path("conditional").path("hide").asText(""));
		boolean required = validate.path("required").asBoolean()
				&& (!component.has("conditional") || hiddenWhen != null);
		Pattern pattern = validate.hasNonNull("pattern") ? Pattern.compile(validate.get("pattern").asText()) : null;
		return new FormField(component.path("key").asText(), component.path("type").asText(), required, readOnly,
				List.copyOf(choices), pattern, integer(validate, "minLength"), integer(validate, "maxLength"),
				number(validate, "min"), number(validate, "max"), defaultValue(component.get("defaultValue")),
				hiddenWhen);
	}

	private static HiddenWhen hiddenWhen(String condition) {
		Matcher simple = SIMPLE_HIDE.matcher(condition);
		if (!simple.matches() || (simple.group(1) != null) != (simple.group(3) != null)) {
			return null;
		}
		return new HiddenWhen(simple.group(2), simple.group(1) != null);
	}

	/** What is wrong with a value the form would hold for this field (null: no value). */
	List<String> problems(Object value) {
		List<String> problems = new ArrayList<>();
		if (isEmpty(value)) {
			if (this.required) {
				problems.add(this.key + " is required" + expected());
			}
			return problems;
		}
		if (TEXT.contains(this.type) && !(value instanceof String)) {
			problems.add(this.key + " must be a String" + expected() + ", was a " + typeOf(value));
		}
		else if ("checkbox".equals(this.type) && !(value instanceof Boolean)) {
			problems.add(this.key + " must be a Boolean, was a " + typeOf(value));
		}
		else if ("number".equals(this.type) && !(value instanceof Number)) {
			problems.add(this.key + " must be a number, was a " + typeOf(value));
		}
		else if (LISTS.contains(this.type) && !(value instanceof Collection)) {
			problems.add(this.key + " must be a list" + expected() + ", was a " + typeOf(value));
		}
		else {
			checkValue(value, problems);
		}
		return problems;
	}

	private void checkValue(Object value, List<String> problems) {
		if (!this.choices.isEmpty()) {
			Collection<?> chosen = (value instanceof Collection<?> list) ? list : List.of(value);
			for (Object choice : chosen) {
				if (!this.choices.contains(String.valueOf(choice))) {
					problems.add(this.key + " must be one of " + this.choices + ", was '" + choice + "'");
				}
			}
		}
		if (value instanceof String text) {
			if (this.minLength != null && text.length() < this.minLength) {
				problems.add(this.key + " must have at least " + this.minLength + " characters");
			}
			if (this.maxLength != null && text.length() > this.maxLength) {
				problems.add(this.key + " must have at most " + this.maxLength + " characters");
			}
			// form-js tests the pattern like JavaScript's RegExp.test: anchors are the
			// form's own
			if (this.pattern != null && !this.pattern.matcher(text).find()) {
				problems.add(this.key + " must match " + this.pattern.pattern());
			}
		}
		if (value instanceof Number number) {
			if (this.min != null && number.doubleValue() < this.min) {
				problems.add(this.key + " must be at least " + plain(this.min));
			}
			if (this.max != null && number.doubleValue() > this.max) {
				problems.add(this.key + " must be at most " + plain(this.max));
			}
		}
	}

	/**
	 * Empty as form-js's "required" sees it: no value, an empty text or list, an unticked
	 * checkbox.
	 */
	private boolean isEmpty(Object value) {
		return value == null || "".equals(value) || (value instanceof Collection<?> list && list.isEmpty())
				|| ("checkbox".equals(this.type) && Boolean.FALSE.equals(value));
	}

	private String expected() {
		if ("checkbox".equals(this.type)) {
			return " (the box ticked: true)";
		}
		return this.choices.isEmpty() ? "" : ": one of " + this.choices;
	}

	private static String typeOf(Object value) {
		return value.getClass().getSimpleName();
	}

	private static String plain(double number) {
		return (number == Math.rint(number)) ? String.valueOf((long) number) : String.valueOf(number);
	}

	private static Integer integer(JsonNode validate, String name) {
		return validate.hasNonNull(name) ? validate.get(name).asInt() : null;
	}

	private static Double number(JsonNode validate, String name) {
		return validate.hasNonNull(name) ? validate.get(name).asDouble() : null;
	}

	private static Object defaultValue(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isBoolean()) {
			return node.asBoolean();
		}
		return node.isNumber() ? node.numberValue() : node.asText();
	}

}
