package org.homelab.rollout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.homelab.rollout.waiting.WaitCondition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The models in processes/ and the application agree: every external-task topic has its
 * wait, every {@code ${bean}} its bean, every formRef its form in forms/, every called
 * process its model; and every wait and delegate the application has is used by some
 * model (a leftover is dead code that looks alive).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "rehearsal", "test" })
@AutoConfigureObservability(tracing = false)
class ModelsAndBeansTests {

	static final Pattern TOPIC = Pattern.compile("camunda:topic=\"([^\"]+)\"");

	static final Pattern BEAN = Pattern.compile("(?:delegateExpression|expression)=\"\\$\\{(\\w+)[.}]");

	static final Pattern FORM_REF = Pattern.compile("camunda:formRef=\"([^\"]+)\"");

	static final Pattern CALLED = Pattern.compile("calledElement=\"([^\"]+)\"");

	static final Pattern PROCESS_ID = Pattern.compile("<bpmn:process id=\"([^\"]+)\"");

	/** Model file → its text. */
	static Map<String, String> models = new TreeMap<>();

	@Autowired
	ApplicationContext context;

	@BeforeAll
	static void readModels() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("processes"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
				models.put(file.getFileName().toString(), Files.readString(file));
			}
		}
		assertThat(models).isNotEmpty();
	}

	@Test
	void everyTopicOfAModelHasItsWaitAndEveryWaitIsUsed() {
		Set<String> topics = this.context.getBeansOfType(WaitCondition.class)
			.values()
			.stream()
			.map(WaitCondition::topic)
			.collect(Collectors.toCollection(TreeSet::new));
		Set<String> used = found(TOPIC);
		assertThat(used).contains("proxmox-task", "proxmox-script");
		assertThat(used).as("topics in processes/ without a wait").isSubsetOf(topics);
		assertThat(topics).as("waits no model uses").isSubsetOf(used);
	}

	@Test
	void everyBeanAModelNamesExistsAndEveryDelegateIsUsed() {
		Set<String> used = found(BEAN);
		assertThat(used).contains("cloneVmDelegate", "phase1StartVariables");
		assertThat(used.stream().filter(name -> !this.context.containsBean(name)))
			.as("beans named in processes/ that the application lacks")
			.isEmpty();
		Set<String> delegates = new TreeSet<>();
		for (Class<?> type : new Class<?>[] { JavaDelegate.class, ExecutionListener.class, TaskListener.class }) {
			// only the application's own: the engine registers listeners of its own
			this.context.getBeansOfType(type).forEach((name, bean) -> {
				if (bean.getClass().getName().startsWith("org.homelab.rollout")) {
					delegates.add(name);
				}
			});
		}
		assertThat(delegates).as("delegates no model uses").isSubsetOf(used);
	}

	@Test
	void everyFormRefHasItsFormAndEveryFormIsUsed() throws IOException {
		Set<String> forms = new TreeSet<>();
		try (Stream<Path> files = Files.list(Path.of("forms"))) {
			for (Path file : files.filter(f -> f.toString().endsWith(".form")).toList()) {
				forms.add(new ObjectMapper().readTree(file.toFile()).get("id").asText());
			}
		}
		Set<String> used = found(FORM_REF);
		assertThat(used).as("formRefs without a form in forms/").isSubsetOf(forms);
		assertThat(forms).as("forms no model uses").isSubsetOf(used);
	}

	@Test
	void everyCalledProcessHasItsModel() {
		assertThat(found(CALLED)).as("call activities whose process is not in processes/")
			.isSubsetOf(found(PROCESS_ID));
	}

	private static Set<String> found(Pattern pattern) {
		Set<String> found = new TreeSet<>();
		for (String model : models.values()) {
			Matcher matcher = pattern.matcher(model);
			while (matcher.find()) {
				found.add(matcher.group(1));
			}
		}
		return found;
	}

}
