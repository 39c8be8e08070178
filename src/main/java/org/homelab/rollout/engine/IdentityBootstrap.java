package org.homelab.rollout.engine;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.Page;
import org.camunda.bpm.engine.impl.ProcessDefinitionQueryImpl;
import org.camunda.bpm.engine.impl.RepositoryServiceImpl;
import org.camunda.bpm.engine.repository.ProcessDefinition;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

/**
 * The users and groups of the plan's people, with least rights: {@value #OPERATORS} start
 * rollouts, work their tasks and watch their runs in Cockpit; {@value #CI} may only read
 * process definitions, start the phases and the rollout (keys {@code phase-…} and
 * {@code rollout}), never a building block such as run-script, and follow those runs
 * (read their instances, incidents and history), never see or complete a task. Only
 * {@code camunda-admin} deploys: a model runs expressions inside the engine, with every
 * bean and the engine's own credentials in reach. Created once; later starts leave
 * changes made in the Admin web app alone, but take back CI's start of any process that
 * older versions granted. Passwords are never logged.
 */
@Component
class IdentityBootstrap implements InitializingBean {

	static final String OPERATORS = "rollout-operators";

	static final String CI = "rollout-ci";

	private static final Log logger = LogFactory.getLog(IdentityBootstrap.class);

	private final IdentityService identity;

	private final AuthorizationService authorizations;

	private final RolloutProperties properties;

	private final RepositoryService repository;

	IdentityBootstrap(IdentityService identity, AuthorizationService authorizations, RolloutProperties properties,
			RepositoryService repository) {
		this.identity = identity;
		this.authorizations = authorizations;
		this.properties = properties;
		this.repository = repository;
	}

	/**
	 * The keys of every deployed process, read from the definitions' table: the query API
	 * would also parse each model into the engine's model cache to fill in its
	 * documentation (the BPMN model API, its XML schema and a DOM per model, some 10 MB
	 * at start-up that nothing else needs until Cockpit or Tasklist lists the processes).
	 */
	private List<String> deployedKeys() {
		return ((RepositoryServiceImpl) this.repository).getCommandExecutor()
			.execute(context -> context.getProcessDefinitionManager()
				.findProcessDefinitionsByQueryCriteria(new ProcessDefinitionQueryImpl(), new Page(0, Integer.MAX_VALUE))
				.stream()
				.map(ProcessDefinition::getKey)
				.toList());
	}

	@Override
	public void afterPropertiesSet() {
		group(Groups.CAMUNDA_ADMIN, "Camunda administrators", Groups.GROUP_TYPE_SYSTEM);
		for (Resource resource : Resources.values()) {
			grant(Groups.CAMUNDA_ADMIN, resource, ANY, Permissions.ALL);
		}
		group(OPERATORS, "Rollout operators", Groups.GROUP_TYPE_WORKFLOW);
		grant(OPERATORS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
		grant(OPERATORS, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
		grant(OPERATORS, Resources.PROCESS_DEFINITION, ANY, Permissions.READ, Permissions.CREATE_INSTANCE,
				Permissions.READ_INSTANCE, Permissions.READ_HISTORY, Permissions.READ_TASK);
		grant(OPERATORS, Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE, Permissions.READ);
		grant(OPERATORS, Resources.DEPLOYMENT, ANY, Permissions.READ);
		grant(OPERATORS, Resources.FILTER, ANY, Permissions.READ);
		group(CI, "CI (starts rollouts over REST)", Groups.GROUP_TYPE_WORKFLOW);
		grant(CI, Resources.PROCESS_DEFINITION, ANY, Permissions.READ);
		revokeStartOfAnyProcess(CI);
		// the engine deployed processes/ before this bean: a phase added there is
		// startable by CI after the next start, without an edit here
		Set<String> startable = new TreeSet<>(Set.of("homelab-rollout"));
		deployedKeys().stream().filter(BuildingBlockStartCheck::isPhaseOrRollout).forEach(startable::add);
		for (String key : startable) {
			// start, and follow the run it started (where it is, its incidents, its end)
			// as
			// the GitLab CI job does (deploy/gitlab/rollout-start.sh); not its tasks,
			// whose
			// forms are the operators' business
			grantAtLeast(CI, Resources.PROCESS_DEFINITION, key, Permissions.CREATE_INSTANCE, Permissions.READ_INSTANCE,
					Permissions.READ_HISTORY);
		}
		// the plan a run it started waits to have reviewed, which its job reads and fails
		// on (plan-preview is a building block: ci never starts it)
		grantAtLeast(CI, Resources.PROCESS_DEFINITION, "plan-preview", Permissions.READ_INSTANCE,
				Permissions.READ_HISTORY);
		grant(CI, Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE);
		users();
	}

	private void users() {
		if (this.properties.rehearsal()) {
			// demo credentials: rehearsal only, documented in the README
			user("admin", "admin", Groups.CAMUNDA_ADMIN);
			user("operator", "operator", OPERATORS);
			user("ci", "ci", CI);
			logger.warn("Rehearsal mode: demo users admin, operator and ci exist (see README)");
			return;
		}
		user("admin", this.properties.adminPassword(), Groups.CAMUNDA_ADMIN);
		if (this.properties.ciPassword() != null && !this.properties.ciPassword().isBlank()) {
			user("ci", this.properties.ciPassword(), CI);
		}
	}

	private void user(String id, String password, String groupId) {
		if (this.identity.createUserQuery().userId(id).count() > 0) {
			return;
		}
		User user = this.identity.newUser(id);
		user.setFirstName(id);
		user.setLastName("(homelab-rollout)");
		user.setPassword(password);
		this.identity.saveUser(user);
		this.identity.createMembership(id, groupId);
		logger.info("Created user '" + id + "' in group '" + groupId + "'");
	}

	private void group(String id, String name, String type) {
		if (this.identity.createGroupQuery().groupId(id).count() > 0) {
			return;
		}
		Group group = this.identity.newGroup(id);
		group.setName(name);
		group.setType(type);
		this.identity.saveGroup(group);
	}

	/**
	 * Versions before issue 13 let CI start every process, building blocks included: an
	 * existing database keeps that grant unless it is taken back here.
	 */
	private void revokeStartOfAnyProcess(String groupId) {
		for (Authorization authorization : this.authorizations.createAuthorizationQuery()
			.groupIdIn(groupId)
			.resourceType(Resources.PROCESS_DEFINITION)
			.resourceId(ANY)
			.list()) {
			if (authorization.isPermissionGranted(Permissions.CREATE_INSTANCE)) {
				authorization.removePermission(Permissions.CREATE_INSTANCE);
				this.authorizations.saveAuthorization(authorization);
				logger.warn("Group '" + groupId + "' may no longer start every process, only phases and the rollout");
			}
		}
	}

	/**
	 * Like {@link #grant}, but an existing authorization lacking some of the permissions
	 * gets them: CI's per-key rights of older versions (start only) gain what following a
	 * run needs.
	 */
	private void grantAtLeast(String groupId, Resource resource, String resourceId, Permission... permissions) {
		Authorization existing = this.authorizations.createAuthorizationQuery()
			.groupIdIn(groupId)
			.resourceType(resource)
			.resourceId(resourceId)
			.authorizationType(AUTH_TYPE_GRANT)
			.list()
			.stream()
			.findFirst()
			.orElse(null);
		if (existing == null) {
			grant(groupId, resource, resourceId, permissions);
			return;
		}
		boolean added = false;
		for (Permission permission : permissions) {
			if (!existing.isPermissionGranted(permission)) {
				existing.addPermission(permission);
				added = true;
			}
		}
		if (added) {
			this.authorizations.saveAuthorization(existing);
		}
	}

	private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
		boolean exists = this.authorizations.createAuthorizationQuery()
			.groupIdIn(groupId)
			.resourceType(resource)
			.resourceId(resourceId)
			.count() > 0;
		if (exists) {
			return;
		}
		var authorization = this.authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
		authorization.setGroupId(groupId);
		authorization.setResource(resource);
		authorization.setResourceId(resourceId);
		for (Permission permission : permissions) {
			authorization.addPermission(permission);
		}
		this.authorizations.saveAuthorization(authorization);
	}

}
