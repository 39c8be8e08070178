package org.homelab.rollout.rehearsal.proxmox;

/**
 * Prints the median time of one Proxmox lab request as a real client sees it (run by
 * hand:
 * {@code ./mvnw -q test -Dtest=LabRequestTimeBench -Dsurefire.failIfNoSpecifiedTests=false}).
 * Not a test: it asserts nothing; it shows whether the lab's own overhead stays small
 * beside its simulated latencies.
 */
class LabRequestTimeBench {

	@org.junit.jupiter.api.Test
	void printMedianRequestTime() {
		try (ProxmoxLab lab = new ProxmoxLab()) {
			lab.start();
			PveClient pve = PveClient.trusting(lab);
			for (int i = 0; i < 20; i++) {
				pve.get("/version");
			}
			long[] nanos = new long[200];
			for (int i = 0; i < nanos.length; i++) {
				long start = System.nanoTime();
				pve.get("/nodes/pve/qemu");
				nanos[i] = System.nanoTime() - start;
			}
			java.util.Arrays.sort(nanos);
			System.out.printf("proxmox lab: median request %.2f ms, p90 %.2f ms%n", nanos[100] / 1e6, nanos[180] / 1e6);
		}
	}

}
