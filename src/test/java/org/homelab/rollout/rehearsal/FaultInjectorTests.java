package org.homelab.rollout.rehearsal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.homelab.rollout.rehearsal.FaultInjector.Kind;
import org.homelab.rollout.rehearsal.FaultInjector.Rule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FaultInjectorTests {

	@Test
	void rateFaultsFireAtTheConfiguredRateAndRepeatUnderTheSameSeed() {
		List<Boolean> first = calls(new FaultInjector(List.of(Rule.parse("proxmox:clone:HTTP_503@0.3")), 7), 1000);
		List<Boolean> again = calls(new FaultInjector(List.of(Rule.parse("proxmox:clone:HTTP_503@0.3")), 7), 1000);
		List<Boolean> otherSeed = calls(new FaultInjector(List.of(Rule.parse("proxmox:clone:HTTP_503@0.3")), 8), 1000);
		long fired = first.stream().filter(f -> f).count();
		assertThat(fired).isBetween(250L, 350L);
		assertThat(again).isEqualTo(first);
		assertThat(otherSeed).isNotEqualTo(first);
	}

	@Test
	void nthFaultFiresOnceOnTheNthCallOrEveryNthWithPlus() {
		assertThat(calls(new FaultInjector(List.of(Rule.parse("proxmox:clone:TASK_ERROR#3")), 0), 7))
			.containsExactly(false, false, true, false, false, false, false);
		assertThat(calls(new FaultInjector(List.of(Rule.parse("proxmox:clone:TASK_ERROR#3+")), 0), 7))
			.containsExactly(false, false, true, false, false, true, false);
	}

	@Test
	void faultsApplyOnlyToTheirSystemAndOperationUnlessWildcarded() {
		FaultInjector injector = new FaultInjector(
				List.of(Rule.parse("proxmox:clone:VM_LOCKED#1+"), Rule.parse("vault:*:HTTP_500#1+")), 0);
		assertThat(injector.next("proxmox", "start")).isEmpty();
		assertThat(injector.next("proxmox", "clone")).hasValue(Kind.VM_LOCKED);
		assertThat(injector.next("vault", "sys")).hasValue(Kind.HTTP_500);
		assertThat(injector.next("kubernetes", "api")).isEmpty();
	}

	@Test
	void aCallGoingBySeveralNamesCountsOncePerRule() {
		FaultInjector injector = new FaultInjector(
				List.of(Rule.parse("proxmox:*:HTTP_500#2"), Rule.parse("proxmox:api:HTTP_503#3")), 0);
		assertThat(injector.next("proxmox", "clone", "api")).isEmpty();
		assertThat(injector.next("proxmox", "start", "api")).hasValue(Kind.HTTP_500);
		assertThat(injector.next("proxmox", "config", "api")).hasValue(Kind.HTTP_503);
	}

	@Test
	void malformedRuleIsRefusedWithTheExpectedForm() {
		assertThatIllegalArgumentException().isThrownBy(() -> Rule.parse("proxmox:clone"))
			.withMessageContaining("system:operation:KIND@rate");
	}

	private static List<Boolean> calls(FaultInjector injector, int n) {
		List<Boolean> fired = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			Optional<Kind> fault = injector.next("proxmox", "clone");
			fired.add(fault.isPresent());
		}
		return fired;
	}

}
