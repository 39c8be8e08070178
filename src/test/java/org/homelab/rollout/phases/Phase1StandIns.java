package org.homelab.rollout.phases;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.ProcessBuilder;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * TEST-ONLY STAND-INS for the processes and criterion delegates engineers B (Vault) and C (monitoring) are building,
 * with their keys and variable contracts, so phase-1-foundation, its gate and its rollback can be tested before their
 * work is merged. Each stand-in records what it "created" in {@link Ledger} and its undo removes it. A stand-in is
 * deployed or registered only where the real one is missing, so after the merge the real ones run; then delete this
 * class and its uses (see the report of issue 7).
 */
@TestConfiguration(proxyBeanMethods = false)
public class Phase1StandIns {

	/** key → what it creates (null: passes variables only), output variable, and whether it undoes something. */
	private record StandIn(String key, String creates, String output, Object value, boolean undo) {
	}

	private static final List<StandIn> PROCESSES = List.of(
			new StandIn("k3s-monitoring-access", "monitoring-access", "monitoringAccessCreated", true, false),
			new StandIn("k3s-monitoring-access-remove", "monitoring-access", null, null, true),
			new StandIn("prometheus-install", null, null, null, false),
			new StandIn("grafana-install", "grafana", "grafanaInstalled", true, false),
			new StandIn("grafana-uninstall", "grafana", null, null, true),
			new StandIn("grafana-admin-to-vault", null, "grafanaAdminSecretPath", "homelab/services/grafana/admin-password",
					false),
			new StandIn("vault-install", null, null, null, false),
			new StandIn("eso-connect", "eso-store", "storeCreated", true, false),
			new StandIn("eso-disconnect", "eso-store", null, null, true));

	private static final Map<String, String> CRITERIA = Map.of("checkPrometheusCollecting", "prometheusCollecting",
			"checkGrafanaOperational", "grafanaOperational", "checkVaultConfigured", "vaultConfigured",
			"checkAlertingRules", "alertingTested");

	@Bean
	Ledger standInLedger() {
		return new Ledger();
	}

	/** Criterion delegates only where the real bean is missing: all met, with a result saying it is a stand-in. */
	@Bean
	static BeanDefinitionRegistryPostProcessor phase1StandInCriteria() {
		return new BeanDefinitionRegistryPostProcessor() {
			@Override
			public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
				CRITERIA.forEach((bean, criterion) -> {
					if (!registry.containsBeanDefinition(bean)) {
						registry.registerBeanDefinition(bean, new RootBeanDefinition(
								JavaDelegate.class, () -> criterion(criterion)));
					}
				});
			}

			@Override
			public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
			}
		};
	}

	private static JavaDelegate criterion(String criterion) {
		return execution -> {
			execution.setVariable(criterion + "Met", true);
			execution.setVariable(criterion + "Result", "stand-in for " + criterion + ": met");
		};
	}

	/** Deploys the stand-in processes whose real process is not deployed. */
	public static void deployMissing(RepositoryService repository) {
		var deployment = repository.createDeployment().name("phase-1 stand-ins (test only)");
		boolean any = false;
		for (StandIn standIn : PROCESSES) {
			if (repository.createProcessDefinitionQuery().processDefinitionKey(standIn.key()).count() == 0) {
				deployment.addModelInstance(standIn.key() + ".bpmn", model(standIn));
				any = true;
			}
		}
		if (any) {
			deployment.deploy();
		}
	}

	private static BpmnModelInstance model(StandIn standIn) {
		String work = standIn.undo() ? "${standInLedger.remove(execution, '" + standIn.creates() + "')}"
				: "${standInLedger.create(execution, '" + standIn.key() + "', "
						+ (standIn.creates() == null ? "null" : "'" + standIn.creates() + "'") + ")}";
		ProcessBuilder process = Bpmn.createExecutableProcess(standIn.key())
			.name("STAND-IN " + standIn.key())
			.camundaHistoryTimeToLive(1);
		var afterStart = process.startEvent().exclusiveGateway("told-to-fail");
		afterStart.condition("fail", "${standInLedger.failing('" + standIn.key() + "')}")
			.receiveTask("held")
			.serviceTask("fail")
			.camundaExpression("${standInLedger.fail('" + standIn.key() + "')}")
			.endEvent();
		BpmnModelInstance model = afterStart.moveToNode("told-to-fail")
			.condition("work", "${!standInLedger.failing('" + standIn.key() + "')}")
			.serviceTask("work")
			.camundaAsyncBefore()
			.camundaExpression(work)
			.endEvent()
			.done();
		if (standIn.output() != null) {
			model.getModelElementById("work")
				.setAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "resultVariable", standIn.output());
		}
		return model;
	}

	/** What the stand-ins created and undid, and which of them is told to fail. */
	public static final class Ledger {

		final Set<String> created = ConcurrentHashMap.newKeySet();

		final List<String> undone = new CopyOnWriteArrayList<>();

		final Set<String> failing = ConcurrentHashMap.newKeySet();

		public Object create(DelegateExecution execution, String key, String what) {
			// JUEL hands a null argument to a String parameter as ""
			if (what != null && !what.isEmpty()) {
				this.created.add(what + ":" + execution.getVariable("rolloutRun"));
			}
			return PROCESSES.stream().filter(s -> s.key().equals(key)).findFirst().map(StandIn::value).orElse(null);
		}

		public void remove(DelegateExecution execution, String what) {
			this.created.remove(what + ":" + execution.getVariable("rolloutRun"));
			this.undone.add(what);
		}

		public boolean failing(String key) {
			return this.failing.contains(key);
		}

		/** A failure no retry mends, as the real step would throw it. */
		public void fail(String key) {
			throw new BpmnError("STAND_IN_FAILED", "stand-in " + key + " told to fail");
		}

		void reset() {
			this.created.clear();
			this.undone.clear();
			this.failing.clear();
		}

	}

}
