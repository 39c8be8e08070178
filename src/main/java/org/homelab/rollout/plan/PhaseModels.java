package org.homelab.rollout.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * What each phase model calls, read from the models themselves (plain XML, as deployed
 * from {@code processes/phase-<n>-*.bpmn}): every call activity that is not a
 * compensation handler, with the inputs the model gives as literals (e.g.
 * {@code vmName=prometheus}, {@code releaseName=kube-state-metrics}). So the plan names
 * exactly what the phases name and nothing is written twice.
 */
public final class PhaseModels {

	private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";

	private static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";

	private static final Pattern PHASE_FILE = Pattern.compile("phase-(\\d)-[a-z0-9-]+\\.bpmn");

	/** An expression that is only a literal number, e.g. {@code ${2}}. */
	private static final Pattern NUMBER_EXPRESSION = Pattern.compile("\\$\\{(\\d+)}");

	private final Map<Integer, List<Call>> calls;

	private PhaseModels(Map<Integer, List<Call>> calls) {
		this.calls = calls;
	}

	/** One call activity of a phase: the building block and its literal inputs. */
	public record Call(int phase, String calledElement, String id, Map<String, String> inputs) {

		public String input(String name) {
			return this.inputs.get(name);
		}

	}

	/** The phase models deployed with the engine (classpath {@code processes/}). */
	public static PhaseModels fromClasspath() {
		Map<Integer, List<Call>> calls = new LinkedHashMap<>();
		try {
			Resource[] models = new PathMatchingResourcePatternResolver().getResources("classpath*:processes/*.bpmn");
			for (Resource model : models) {
				Matcher name = PHASE_FILE.matcher(String.valueOf(model.getFilename()));
				if (name.matches()) {
					int phase = Integer.parseInt(name.group(1));
					try (InputStream in = model.getInputStream()) {
						calls.put(phase, read(phase, in));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the phase models from processes/", ex);
		}
		return new PhaseModels(calls);
	}

	/** The phases found, e.g. 1 to 4. */
	public List<Integer> phases() {
		return this.calls.keySet().stream().sorted().toList();
	}

	/** The calls of {@code phase} to {@code calledElement}, in the model's order. */
	public List<Call> calls(int phase, String calledElement) {
		return this.calls.getOrDefault(phase, List.of())
			.stream()
			.filter(call -> call.calledElement().equals(calledElement))
			.toList();
	}

	static List<Call> read(int phase, InputStream model) {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(true);
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			Document document = factory.newDocumentBuilder().parse(model);
			NodeList activities = document.getElementsByTagNameNS(BPMN, "callActivity");
			List<Call> calls = new ArrayList<>();
			for (int i = 0; i < activities.getLength(); i++) {
				Element activity = (Element) activities.item(i);
				if ("true".equals(activity.getAttribute("isForCompensation"))) {
					continue;
				}
				Map<String, String> inputs = new LinkedHashMap<>();
				NodeList ins = activity.getElementsByTagNameNS(CAMUNDA, "in");
				for (int j = 0; j < ins.getLength(); j++) {
					Element in = (Element) ins.item(j);
					String value = in.getAttribute("sourceExpression");
					if (!value.isEmpty() && !in.getAttribute("target").isEmpty()) {
						Matcher number = NUMBER_EXPRESSION.matcher(value);
						if (number.matches()) {
							inputs.put(in.getAttribute("target"), number.group(1));
						}
						else if (!value.contains("${") && !value.contains("#{")) {
							inputs.put(in.getAttribute("target"), value);
						}
					}
				}
				calls.add(new Call(phase, activity.getAttribute("calledElement"), activity.getAttribute("id"),
						Map.copyOf(inputs)));
			}
			return List.copyOf(calls);
		}
		catch (ParserConfigurationException | SAXException | IOException ex) {
			throw new IllegalStateException("cannot read the model of phase " + phase + ": " + ex.getMessage(), ex);
		}
	}

}
