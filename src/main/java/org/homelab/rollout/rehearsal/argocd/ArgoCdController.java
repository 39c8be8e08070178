package org.homelab.rollout.rehearsal.argocd;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;

/**
 * The lab's application controller: compares each Application's manifests in Git (a plain
 * YAML directory at {@code spec.source.path}, not recursed, as Argo CD's default) with
 * the live objects in the lab K3s and writes {@code status.sync}, {@code status.health},
 * {@code status.resources}, {@code status.conditions} ({@code ComparisonError} when Git
 * cannot be read) and {@code status.operationState}. A sync (asked through the API's
 * {@code operation}, or automated on a new revision, or with self-heal on any drift after
 * {@code argocd.self-heal}) applies every manifest, tracked by the
 * {@code argocd.argoproj.io/tracking-id} annotation, and takes {@code argocd.sync}. Git
 * is read again every {@code argocd.reconcile} or on a refresh. An Application among the
 * manifests (app-of-apps) is applied like any resource and then reconciled in turn. Fault
 * rules: {@code argocd:sync} fails the sync's apply, {@code argocd:repository} makes Git
 * unreachable.
 */
final class ArgoCdController {

	static final String TRACKING = "argocd.argoproj.io/tracking-id";

	static final String FINALIZER = "resources-finalizer.argocd.argoproj.io";

	private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
			"CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass",
			"ClusterSecretStore", "ClusterIssuer", "Node");

	/** Argo CD's order of health, best first. */
	private static final List<String> HEALTH = List.of("Healthy", "Suspended", "Progressing", "Missing", "Degraded",
			"Unknown");

	private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

	private final ArgoCdStore store;

	private final GitRepositories git;

	private final FaultInjector faults;

	private final Latency latency;

	private final Map<String, Memory> memory = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> syncs = new ConcurrentHashMap<>();

	private volatile List<AppInfo> snapshot = List.of();

	/** What the controller remembers of an Application between its reconciles. */
	private static final class Memory {

		Instant gitReadAt = Instant.MIN;

		String source = "";

		GitRepositories.Checkout checkout;

		Instant syncDue;

		boolean automatedSync;

		Instant lastSync = Instant.MIN;

	}

	/** One Application as {@code argocd_app_info} shows it. */
	record AppInfo(String name, String namespace, String project, String repo, String destServer, String destNamespace,
			String syncStatus, String healthStatus, String operation, boolean autosync) {
	}

	ArgoCdController(ArgoCdStore store, GitRepositories git, FaultInjector faults, Latency latency) {
		this.store = store;
		this.git = git;
		this.faults = faults;
		this.latency = latency;
	}

	/** Reconciles every Application once. */
	synchronized void tick() {
		List<AppInfo> infos = new ArrayList<>();
		Set<String> seen = new java.util.HashSet<>();
		for (ObjectNode app : this.store.list(ArgoCdStore.APPLICATIONS)) {
			String name = app.path("metadata").path("name").asText();
			seen.add(name);
			ObjectNode now = reconcile(app, false);
			infos.add(info(now));
		}
		this.memory.keySet().retainAll(seen);
		this.snapshot = List.copyOf(infos);
	}

	/** Reconciles one Application now, Git read again when {@code refresh}. */
	synchronized Optional<ObjectNode> reconcile(String name, boolean refresh) {
		return this.store.get(ArgoCdStore.APPLICATIONS, name).map(app -> reconcile(app, refresh));
	}

	/** What the last tick saw, for the metrics (read from any thread). */
	List<AppInfo> snapshot() {
		return this.snapshot;
	}

	/** Syncs finished, by "name\tnamespace\tproject\tphase\tdest". */
	Map<String, AtomicLong> syncs() {
		return this.syncs;
	}

	void forgetAll() {
		this.memory.clear();
		this.syncs.clear();
		this.snapshot = List.of();
	}

	/**
	 * Deletes the objects an Application manages (from its status), an Application among
	 * them with its own cascade when it carries Argo CD's resources finalizer.
	 */
	synchronized void deleteResources(ObjectNode app, int depth) {
		String appName = app.path("metadata").path("name").asText();
		for (JsonNode resource : app.path("status").path("resources")) {
			String kind = resource.path("kind").asText();
			String name = resource.path("name").asText();
			String ns = resource.path("namespace").asText("");
			String apiVersion = apiVersion(resource.path("group").asText(""), resource.path("version").asText("v1"));
			try {
				if (kind.equals("Application") && depth < 5) {
					Optional<ObjectNode> child = this.store.get(ArgoCdStore.APPLICATIONS, name);
					if (child.isPresent()) {
						boolean cascade = false;
						for (JsonNode finalizer : child.get().path("metadata").path("finalizers")) {
							cascade |= finalizer.asText().startsWith(FINALIZER);
						}
						if (cascade) {
							deleteResources(child.get(), depth + 1);
						}
						this.store.delete(ArgoCdStore.APPLICATIONS, name);
					}
					continue;
				}
				resources(apiVersion, kind, ns).withName(name).delete();
			}
			catch (KubernetesClientException ex) {
				// gone already, or a kind the cluster does not serve: nothing to delete
			}
		}
		this.memory.remove(appName);
	}

	private ObjectNode reconcile(ObjectNode app, boolean refresh) {
		String name = app.path("metadata").path("name").asText();
		Memory memory = this.memory.computeIfAbsent(name, n -> new Memory());
		JsonNode spec = app.path("spec");
		JsonNode source = spec.path("source");
		JsonNode destination = spec.path("destination");
		ObjectNode status = app.path("status").isObject() ? ((ObjectNode) app.path("status")).deepCopy()
				: ArgoCdStore.JSON.createObjectNode();
		Instant now = Instant.now();
		List<ObjectNode> conditions = new ArrayList<>();
		String project = spec.path("project").asText("default");
		if (this.store.get(ArgoCdStore.PROJECTS, project).isEmpty()) {
			conditions.add(condition("InvalidSpecError",
					"Application referencing project " + project + " which does not exist", now));
			return write(app, status, "Unknown", null, conditions, List.of(), "Unknown", now, false);
		}
		if (source.path("repoURL").asText("").isEmpty()) {
			conditions.add(condition("InvalidSpecError", "spec.source.repoURL and either spec.source.path,"
					+ " spec.source.chart, or spec.source.ref are required", now));
			return write(app, status, "Unknown", null, conditions, List.of(), "Unknown", now, false);
		}
		String sourceKey = source.toString();
		if (refresh || memory.checkout == null || !memory.source.equals(sourceKey)
				|| now.isAfter(memory.gitReadAt.plus(this.latency.of("argocd.reconcile")))) {
			memory.checkout = checkout(source);
			memory.gitReadAt = now;
			memory.source = sourceKey;
		}
		GitRepositories.Checkout checkout = memory.checkout;
		if (!checkout.ok()) {
			conditions.add(condition("ComparisonError",
					"Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code ="
							+ " Unknown desc = failed to list refs: " + checkout.error(),
					now));
			String health = status.path("health").path("status").asText("Unknown");
			return write(app, status, "Unknown", null, conditions, List.of(), health, now, false);
		}
		List<ObjectNode> desired;
		try {
			desired = manifests(checkout.files(), source.path("path").asText(""));
		}
		catch (IllegalArgumentException ex) {
			conditions.add(condition("ComparisonError",
					"Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code ="
							+ " Unknown desc = " + ex.getMessage(),
					now));
			return write(app, status, "Unknown", checkout.revision(), conditions, List.of(), "Unknown", now, false);
		}
		String destNamespace = destination.path("namespace").asText("");
		List<ObjectNode> resources = compare(desired, destNamespace);
		boolean outOfSync = resources.stream().anyMatch(r -> !"Synced".equals(r.path("status").asText()));
		// a sync asked through the API, or automated
		JsonNode automated = spec.path("syncPolicy").path("automated");
		boolean auto = automated.isObject() && automated.path("enabled").asBoolean(true);
		String syncedRevision = status.path("operationState").path("syncResult").path("revision").asText("");
		boolean requested = app.path("operation").isObject();
		boolean consumed = false;
		if (memory.syncDue == null && !requested && auto && outOfSync
				&& (!checkout.revision().equals(syncedRevision) || automated.path("selfHeal").asBoolean(false)
						&& now.isAfter(memory.lastSync.plus(this.latency.of("argocd.self-heal"))))) {
			requested = true;
			memory.automatedSync = true;
		}
		if (requested && memory.syncDue == null) {
			memory.syncDue = now.plus(this.latency.of("argocd.sync"));
			ObjectNode operation = app.path("operation").isObject() ? ((ObjectNode) app.path("operation")).deepCopy()
					: automatedOperation(checkout.revision(), automated.path("prune").asBoolean(false));
			ObjectNode state = ArgoCdStore.JSON.createObjectNode();
			state.set("operation", operation);
			state.put("phase", "Running");
			state.put("message", "one or more tasks are running");
			state.put("startedAt", now.toString());
			status.set("operationState", state);
			consumed = true;
		}
		if (memory.syncDue != null && !now.isBefore(memory.syncDue)) {
			sync(app, status, desired, destNamespace, checkout.revision(), spec, now);
			memory.syncDue = null;
			memory.lastSync = now;
			memory.automatedSync = false;
			resources = compare(desired, destNamespace);
			outOfSync = resources.stream().anyMatch(r -> !"Synced".equals(r.path("status").asText()));
		}
		String health = "Healthy";
		for (ObjectNode resource : resources) {
			String h = resource.path("health").path("status").asText("Healthy");
			if (HEALTH.indexOf(h) > HEALTH.indexOf(health)) {
				health = h;
			}
		}
		return write(app, status, outOfSync ? "OutOfSync" : "Synced", checkout.revision(), conditions, resources,
				health, now, consumed);
	}

	private GitRepositories.Checkout checkout(JsonNode source) {
		String url = source.path("repoURL").asText();
		if (this.faults.next("argocd", "repository").isPresent()) {
			return GitRepositories.Checkout.failed("Get \"" + ArgoCdStore.normal(url)
					+ ".git/info/refs?service=git-upload-pack\": dial tcp: i/o timeout");
		}
		Optional<ArgoCdStore.Repository> repository = this.store.repository(url);
		return this.git.checkout(url, source.path("targetRevision").asText("HEAD"),
				repository.map(ArgoCdStore.Repository::username).orElse(null),
				repository.map(ArgoCdStore.Repository::password).orElse(null));
	}

	/** The YAML and JSON files directly in {@code path}, every document an object. */
	static List<ObjectNode> manifests(Map<String, String> files, String path) {
		String dir = path.replaceFirst("^\\./?", "").replaceFirst("/+$", "");
		String prefix = dir.isEmpty() ? "" : dir + "/";
		boolean exists = dir.isEmpty() || files.keySet().stream().anyMatch(f -> f.startsWith(prefix));
		if (!exists) {
			throw new IllegalArgumentException(dir + ": app path does not exist");
		}
		List<ObjectNode> manifests = new ArrayList<>();
		for (Map.Entry<String, String> file : files.entrySet()) {
			String rest = file.getKey().substring(file.getKey().startsWith(prefix) ? prefix.length() : 0);
			if (!file.getKey().startsWith(prefix) || rest.contains("/") || !rest.matches(".*\\.(ya?ml|json)$")) {
				continue;
			}
			try {
				Iterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.getValue());
				while (documents.hasNext()) {
					JsonNode document = documents.next();
					if (document == null || document.isNull() || document.isMissingNode() || document.isEmpty()) {
						continue;
					}
					if (!document.isObject() || document.path("kind").asText("").isEmpty()
							|| document.path("apiVersion").asText("").isEmpty()) {
						throw new IllegalArgumentException("Manifest generation error (cached): " + file.getKey()
								+ ": Object 'Kind' is missing in '" + document + "'");
					}
					manifests.add((ObjectNode) document);
				}
			}
			catch (IOException ex) {
				throw new IllegalArgumentException("Manifest generation error (cached): failed to unmarshal "
						+ file.getKey() + ": " + ex.getMessage().lines().findFirst().orElse(""));
			}
		}
		return manifests;
	}

	/** Each desired object with its live state: status (Synced/OutOfSync) and health. */
	private List<ObjectNode> compare(List<ObjectNode> desired, String destNamespace) {
		List<ObjectNode> resources = new ArrayList<>();
		for (ObjectNode object : desired) {
			String apiVersion = object.path("apiVersion").asText();
			String kind = object.path("kind").asText();
			String name = object.path("metadata").path("name").asText();
			String ns = namespaceOf(object, destNamespace);
			ObjectNode resource = ArgoCdStore.JSON.createObjectNode();
			String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
			resource.put("group", group);
			resource.put("version", apiVersion.substring(apiVersion.indexOf('/') + 1));
			resource.put("kind", kind);
			resource.put("namespace", ns);
			resource.put("name", name);
			JsonNode live = live(apiVersion, kind, ns, name);
			boolean synced = live != null && subset(comparable(object), live);
			resource.put("status", synced ? "Synced" : "OutOfSync");
			resource.putObject("health").put("status", (live == null) ? "Missing" : health(kind, live));
			resources.add(resource);
		}
		return resources;
	}

	private void sync(ObjectNode app, ObjectNode status, List<ObjectNode> desired, String destNamespace,
			String revision, JsonNode spec, Instant now) {
		String appName = app.path("metadata").path("name").asText();
		ObjectNode state = status.path("operationState").isObject() ? (ObjectNode) status.path("operationState")
				: status.putObject("operationState");
		if (!state.has("operation")) {
			state.set("operation", automatedOperation(revision, false));
		}
		if (!state.has("startedAt")) {
			state.put("startedAt", now.toString());
		}
		ArrayNode results = ArgoCdStore.JSON.createArrayNode();
		String failure = null;
		Optional<FaultInjector.Kind> fault = this.faults.next("argocd", "sync");
		if (fault.isPresent()) {
			failure = "one or more objects failed to apply, reason: Internal error occurred: failed calling webhook:"
					+ " the server is currently unable to handle the request";
		}
		boolean createNamespace = false;
		for (JsonNode option : spec.path("syncPolicy").path("syncOptions")) {
			createNamespace |= option.asText().equals("CreateNamespace=true");
		}
		for (ObjectNode object : desired) {
			if (failure != null) {
				break;
			}
			String ns = namespaceOf(object, destNamespace);
			try {
				if (createNamespace && !ns.isEmpty() && this.store.client().namespaces().withName(ns).get() == null) {
					this.store.client()
						.namespaces()
						.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
						.create();
				}
				apply(object, ns, appName);
				ObjectNode result = results.addObject();
				String apiVersion = object.path("apiVersion").asText();
				result.put("group", apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "");
				result.put("version", apiVersion.substring(apiVersion.indexOf('/') + 1));
				result.put("kind", object.path("kind").asText());
				result.put("namespace", ns);
				result.put("name", object.path("metadata").path("name").asText());
				result.put("status", "Synced");
				result.put("message", object.path("kind").asText().toLowerCase() + " configured");
				result.put("syncPhase", "Sync");
			}
			catch (KubernetesClientException ex) {
				String said = (ex.getStatus() != null && ex.getStatus().getMessage() != null)
						? ex.getStatus().getMessage() : ex.getMessage();
				failure = "one or more objects failed to apply, reason: " + said;
			}
		}
		boolean prune = state.path("operation").path("sync").path("prune").asBoolean(false);
		if (failure == null && prune) {
			prune(status, desired, destNamespace);
		}
		state.put("phase", (failure == null) ? "Succeeded" : "Failed");
		state.put("message", (failure == null) ? "successfully synced (all tasks run)" : failure);
		state.put("finishedAt", now.toString());
		ObjectNode syncResult = state.putObject("syncResult");
		syncResult.set("resources", results);
		syncResult.put("revision", revision);
		syncResult.set("source", spec.path("source").deepCopy());
		String key = String.join("\t", appName, this.store.namespace(), spec.path("project").asText("default"),
				state.path("phase").asText(), spec.path("destination").path("server").asText(""));
		this.syncs.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
	}

	/** Deletes what the Application applied before and Git no longer holds. */
	private void prune(ObjectNode status, List<ObjectNode> desired, String destNamespace) {
		Set<String> wanted = new java.util.HashSet<>();
		desired.forEach(d -> wanted.add(d.path("kind").asText() + "/" + namespaceOf(d, destNamespace) + "/"
				+ d.path("metadata").path("name").asText()));
		for (JsonNode resource : status.path("resources")) {
			String key = resource.path("kind").asText() + "/" + resource.path("namespace").asText("") + "/"
					+ resource.path("name").asText();
			if (!wanted.contains(key)) {
				try {
					resources(apiVersion(resource.path("group").asText(""), resource.path("version").asText("v1")),
							resource.path("kind").asText(), resource.path("namespace").asText(""))
						.withName(resource.path("name").asText())
						.delete();
				}
				catch (KubernetesClientException ex) {
					// gone already
				}
			}
		}
	}

	private void apply(ObjectNode object, String ns, String appName) {
		ObjectNode copy = object.deepCopy();
		ObjectNode metadata = copy.path("metadata").isObject() ? (ObjectNode) copy.path("metadata")
				: copy.putObject("metadata");
		if (!ns.isEmpty()) {
			metadata.put("namespace", ns);
		}
		String apiVersion = copy.path("apiVersion").asText();
		String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
		ObjectNode annotations = metadata.path("annotations").isObject() ? (ObjectNode) metadata.path("annotations")
				: metadata.putObject("annotations");
		annotations.put(TRACKING, appName + ":" + group + "/" + copy.path("kind").asText() + ":" + ns + "/"
				+ metadata.path("name").asText());
		KubernetesClient client = this.store.client();
		if (copy.path("kind").asText().equals("Application") && group.equals("argoproj.io")) {
			GenericKubernetesResource child = ArgoCdStore.JSON.convertValue(copy, GenericKubernetesResource.class);
			client.genericKubernetesResources(ArgoCdStore.APPLICATIONS)
				.inNamespace(ns)
				.resource(child)
				.createOr(existing -> existing.patch(child));
			return;
		}
		HasMetadata typed = Serialization.unmarshal(copy.toString(), HasMetadata.class);
		if (typed instanceof GenericKubernetesResource generic) {
			client.genericKubernetesResources(apiVersion, generic.getKind())
				.inNamespace(ns)
				.resource(generic)
				.createOr(NonDeletingOperation::update);
		}
		else {
			JsonNode live = live(apiVersion, copy.path("kind").asText(), ns, metadata.path("name").asText());
			if (live != null) {
				typed.getMetadata().setResourceVersion(live.path("metadata").path("resourceVersion").asText(null));
			}
			client.resource(typed).createOr(NonDeletingOperation::update);
		}
	}

	private JsonNode live(String apiVersion, String kind, String ns, String name) {
		try {
			GenericKubernetesResource live = (kind.equals("Application") && apiVersion.startsWith("argoproj.io/"))
					? this.store.client()
						.genericKubernetesResources(ArgoCdStore.APPLICATIONS)
						.inNamespace(ns)
						.withName(name)
						.get()
					: resources(apiVersion, kind, ns).withName(name).get();
			return (live != null) ? ArgoCdStore.JSON.valueToTree(live) : null;
		}
		catch (KubernetesClientException ex) {
			return null; // a kind the cluster does not serve: nothing of it lives
		}
	}

	private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource, io.fabric8.kubernetes.api.model.GenericKubernetesResourceList, io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> resources(
			String apiVersion, String kind, String ns) {
		var operation = this.store.client().genericKubernetesResources(apiVersion, kind);
		return ns.isEmpty() ? operation : operation.inNamespace(ns);
	}

	/** What of a manifest is compared with the live object: all but status. */
	private static ObjectNode comparable(ObjectNode object) {
		ObjectNode copy = object.deepCopy();
		copy.remove("status");
		ObjectNode metadata = (ObjectNode) copy.path("metadata");
		if (metadata != null && metadata.isObject()) {
			metadata.remove("namespace");
		}
		if (copy.path("stringData").isObject()) {
			ObjectNode data = copy.path("data").isObject() ? (ObjectNode) copy.path("data") : copy.putObject("data");
			copy.path("stringData")
				.fields()
				.forEachRemaining(e -> data.put(e.getKey(), java.util.Base64.getEncoder()
					.encodeToString(e.getValue().asText().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
			copy.remove("stringData");
		}
		return copy;
	}

	/** Whether everything {@code desired} says is so in {@code live}. */
	static boolean subset(JsonNode desired, JsonNode live) {
		if (desired.isObject()) {
			if (!live.isObject()) {
				return false;
			}
			for (var it = desired.fields(); it.hasNext();) {
				var field = it.next();
				if (!live.has(field.getKey()) || !subset(field.getValue(), live.get(field.getKey()))) {
					return field.getValue().isNull() && !live.has(field.getKey());
				}
			}
			return true;
		}
		if (desired.isArray()) {
			if (!live.isArray() || live.size() != desired.size()) {
				return false;
			}
			for (int i = 0; i < desired.size(); i++) {
				if (!subset(desired.get(i), live.get(i))) {
					return false;
				}
			}
			return true;
		}
		return desired.asText().equals(live.asText());
	}

	/** Argo CD's health checks for the kinds the lab runs; others are Healthy. */
	private static String health(String kind, JsonNode live) {
		JsonNode status = live.path("status");
		return switch (kind) {
			case "Deployment", "StatefulSet", "ReplicaSet" -> {
				int wanted = live.path("spec").path("replicas").asInt(1);
				yield (status.path("readyReplicas").asInt(0) >= wanted || wanted == 0) ? "Healthy" : "Progressing";
			}
			case "Pod" -> switch (status.path("phase").asText("Pending")) {
				case "Running", "Succeeded" -> "Healthy";
				case "Failed" -> "Degraded";
				default -> "Progressing";
			};
			case "PersistentVolumeClaim" -> "Bound".equals(status.path("phase").asText()) ? "Healthy" : "Progressing";
			default -> "Healthy";
		};
	}

	private ObjectNode write(ObjectNode app, ObjectNode status, String syncStatus, String revision,
			List<ObjectNode> conditions, List<ObjectNode> resources, String health, Instant now, boolean consumed) {
		ObjectNode before = status.deepCopy();
		ObjectNode sync = status.putObject("sync");
		sync.put("status", syncStatus);
		if (revision != null) {
			sync.put("revision", revision);
		}
		ObjectNode compared = sync.putObject("comparedTo");
		compared.set("source", app.path("spec").path("source").deepCopy());
		compared.set("destination", app.path("spec").path("destination").deepCopy());
		ObjectNode healthNode = status.putObject("health");
		healthNode.put("status", health);
		if (!before.path("health").path("status").asText("").equals(health)) {
			healthNode.put("lastTransitionTime", now.toString());
		}
		else if (before.path("health").has("lastTransitionTime")) {
			healthNode.set("lastTransitionTime", before.path("health").path("lastTransitionTime"));
		}
		ArrayNode resourcesNode = status.putArray("resources");
		resources.forEach(resourcesNode::add);
		if (conditions.isEmpty()) {
			status.remove("conditions");
		}
		else {
			ArrayNode conditionsNode = status.putArray("conditions");
			for (ObjectNode condition : conditions) {
				// keep when it first appeared
				for (JsonNode earlier : before.path("conditions")) {
					if (earlier.path("type").equals(condition.path("type"))
							&& earlier.path("message").equals(condition.path("message"))) {
						condition.set("lastTransitionTime", earlier.path("lastTransitionTime"));
					}
				}
				conditionsNode.add(condition);
			}
		}
		status.put("sourceType", "Directory");
		status.set("reconciledAt", before.path("reconciledAt").isMissingNode()
				? ArgoCdStore.text(now.toString().replaceFirst("\\.\\d+Z$", "Z")) : before.path("reconciledAt"));
		if (!consumed && app.path("status").equals(status)) {
			return app; // nothing new: no write
		}
		status.put("reconciledAt", now.toString().replaceFirst("\\.\\d+Z$", "Z"));
		ObjectNode updated = app.deepCopy();
		updated.set("status", status);
		if (consumed) {
			updated.remove("operation");
		}
		try {
			return this.store.update(ArgoCdStore.APPLICATIONS, updated);
		}
		catch (KubernetesClientException ex) {
			// changed meanwhile (the API wrote it): the next reconcile writes again
			return app;
		}
	}

	private static ObjectNode automatedOperation(String revision, boolean prune) {
		ObjectNode operation = ArgoCdStore.JSON.createObjectNode();
		operation.putObject("initiatedBy").put("automated", true);
		ObjectNode sync = operation.putObject("sync");
		sync.put("revision", revision);
		sync.put("prune", prune);
		operation.putObject("retry").put("limit", 5);
		return operation;
	}

	private static ObjectNode condition(String type, String message, Instant now) {
		ObjectNode condition = ArgoCdStore.JSON.createObjectNode();
		condition.put("type", type);
		condition.put("message", message);
		condition.put("lastTransitionTime", now.toString().replaceFirst("\\.\\d+Z$", "Z"));
		return condition;
	}

	private static String namespaceOf(JsonNode object, String destNamespace) {
		if (CLUSTER_SCOPED.contains(object.path("kind").asText())) {
			return "";
		}
		String ns = object.path("metadata").path("namespace").asText("");
		return ns.isEmpty() ? destNamespace : ns;
	}

	private static String apiVersion(String group, String version) {
		return group.isEmpty() ? version : group + "/" + version;
	}

	private AppInfo info(ObjectNode app) {
		JsonNode spec = app.path("spec");
		JsonNode automated = spec.path("syncPolicy").path("automated");
		return new AppInfo(app.path("metadata").path("name").asText(), this.store.namespace(),
				spec.path("project").asText("default"), spec.path("source").path("repoURL").asText(""),
				spec.path("destination").path("server").asText(""),
				spec.path("destination").path("namespace").asText(""),
				app.path("status").path("sync").path("status").asText("Unknown"),
				app.path("status").path("health").path("status").asText("Unknown"),
				app.path("status").path("operationState").path("phase").asText(""),
				automated.isObject() && automated.path("enabled").asBoolean(true));
	}

	static Map<String, String> labels(AppInfo info) {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("autosync_enabled", Boolean.toString(info.autosync()));
		labels.put("dest_namespace", info.destNamespace());
		labels.put("dest_server", info.destServer());
		labels.put("health_status", info.healthStatus());
		labels.put("name", info.name());
		labels.put("namespace", info.namespace());
		labels.put("operation", info.operation());
		labels.put("project", info.project());
		labels.put("repo", info.repo());
		labels.put("sync_status", info.syncStatus());
		return labels;
	}

}
