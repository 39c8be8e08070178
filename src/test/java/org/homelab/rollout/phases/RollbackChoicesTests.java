package org.homelab.rollout.phases;

import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinitionQuery;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * How far back the rollout may go after a phase rolled back, against the live state the
 * looks report (mocked here; HomelabRolloutIntegrationTests goes back on the lab): the
 * phases in between undone newest first with their models' undo steps; going back over an
 * adopted phase, or under a later phase still live, refused with the reason.
 */
class RollbackChoicesTests {

	private final EarlierPhases earlier = mock(EarlierPhases.class);

	private final Map<String, Object> run = new HashMap<>();

	private RollbackChoices choices;

	@BeforeEach
	void models() {
		RepositoryService repository = mock(RepositoryService.class);
		// one query for all three keys: the key asked for picks the model
		ProcessDefinitionQuery byKey = mock(ProcessDefinitionQuery.class);
		when(repository.createProcessDefinitionQuery()).thenReturn(byKey);
		for (int phase = 1; phase <= 3; phase++) {
			ProcessDefinitionQuery query = mock(ProcessDefinitionQuery.class, RETURNS_SELF);
			ProcessDefinition definition = mock(ProcessDefinition.class);
			when(definition.getId()).thenReturn("rollback-phase-" + phase + ":1");
			when(query.singleResult()).thenReturn(definition);
			when(byKey.processDefinitionKey("rollback-phase-" + phase)).thenReturn(query);
			when(repository.getBpmnModelInstance("rollback-phase-" + phase + ":1"))
				.thenReturn(Bpmn.readModelFromFile(new File("processes/rollback-phase-" + phase + ".bpmn")));
		}
		when(this.earlier.backupsMissing(anyString())).thenReturn(Optional.of("no storage"));
		when(this.earlier.argocdNotManaging(anyString())).thenReturn(Optional.of("no root"));
		this.choices = new RollbackChoices(repository, this.earlier);
		this.run.put("phase1Complete", false);
		this.run.put("phase2Complete", false);
	}

	@Test
	void afterPhase3TheEarlierPhasesThisRunMadeAreUndoneNewestFirst() {
		List<RollbackChoices.Choice> offered = this.choices.choices(this.run::get, 3);
		assertThat(offered).extracting(RollbackChoices.Choice::value)
			.containsExactly("retry", "stop", "after-1", "after-0");
		assertThat(offered).allSatisfy(choice -> assertThat(choice.refused()).isEmpty());
		RollbackChoices.Choice all = offered.get(3);
		assertThat(all.order()).hasSize(2);
		assertThat(all.order().get(0)).startsWith("Phase 2: ").contains("GPU runner", "gitlab-ce VM");
		assertThat(all.order().get(1)).startsWith("Phase 1: ").contains("Delete the Vault VM");
		assertThat(this.choices.describe(offered)).contains("**after-1**: Roll back to after Phase 1\n  1. Phase 2: ");
	}

	@Test
	void goingBackOverAnAdoptedPhaseIsRefused() {
		this.run.put("phase2Complete", true);
		List<RollbackChoices.Choice> offered = this.choices.choices(this.run::get, 3);
		assertThat(offered.get(2).refused()).hasValueSatisfying(why -> assertThat(why)
			.isEqualTo("Phase 2 was adopted: it was live before this run, which removes only what it created"));
		assertThat(offered.get(3).refused()).isPresent();
		assertThat(offered.subList(0, 2)).allSatisfy(choice -> assertThat(choice.refused()).isEmpty());
	}

	@Test
	void goingBackUnderALaterPhaseStillLiveIsRefused() {
		when(this.earlier.backupsMissing(anyString())).thenReturn(Optional.empty());
		List<RollbackChoices.Choice> offered = this.choices.choices(this.run::get, 3);
		assertThat(offered.get(2).refused())
			.hasValueSatisfying(why -> assertThat(why).startsWith("Phase 4 is live").contains("roll it back first"));
		assertThat(this.choices.chosen(this.run::get, 3, "after-2")).isEmpty();
		assertThat(this.choices.chosen(this.run::get, 3, "retry")).isPresent();
	}

}
