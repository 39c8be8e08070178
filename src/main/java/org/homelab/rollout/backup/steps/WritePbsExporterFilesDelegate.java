package org.homelab.rollout.backup.steps;

import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.proxmox.GuestFiles;

import org.springframework.stereotype.Component;

/**
 * The exporter's unit ({@code prometheus-pbs-exporter}, as docs/backup-monitoring.md
 * shows it: PBS reached at {@code https://localhost:8007}, which its certificate names,
 * trusted through {@code SSL_CERT_FILE}; port 10019) and its token's secret, read from
 * Vault in this job only, into a root-only hand-over file the exporter script moves into
 * place. {@code pbsExporterInstalled}: whether the unit was not there before this run.
 */
@Component
class WritePbsExporterFilesDelegate implements JavaDelegate {

	private final PbsSteps steps;

	WritePbsExporterFilesDelegate(PbsSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String secret = this.steps.read(this.steps.exporterToken(), PbsSteps.SECRET);
		if (secret == null) {
			throw new IllegalStateException("Vault holds no exporter token at " + this.steps.exporterToken() + " (key "
					+ PbsSteps.SECRET + "): the step before makes it; retry from there.");
		}
		GuestFiles guest = this.steps.guest(execution);
		if (guest.read(PbsScripts.EXPORTER_UNIT).isEmpty()) {
			execution.setVariable(PbsVariables.EXPORTER_INSTALLED, true);
		}
		Map<String, String> files = new LinkedHashMap<>();
		files.put(PbsScripts.EXPORTER_UNIT, unit());
		files.put(PbsScripts.EXPORTER_TOKEN_HANDOVER, secret + "\n");
		guest.write(files);
	}

	static String unit() {
		return """
				# written by homelab-rollout: natrontech/pbs-exporter %1$s (docs/backup-monitoring.md)
				[Unit]
				Description=Prometheus exporter for Proxmox Backup Server
				After=network-online.target proxmox-backup-proxy.service

				[Service]
				User=pbs-exporter
				Environment=PBS_ENDPOINT=https://localhost:8007
				Environment=PBS_USERNAME=%2$s
				Environment=PBS_API_TOKEN_NAME=%3$s
				Environment=PBS_API_TOKEN_FILE=%4$s
				Environment=PBS_LISTEN_ADDRESS=:10019
				Environment=SSL_CERT_FILE=/etc/proxmox-backup/proxy.pem
				ExecStart=%5$s
				Restart=always

				[Install]
				WantedBy=multi-user.target
				""".formatted(PbsScripts.EXPORTER_VERSION, PbsSteps.EXPORTER_USER, PbsSteps.EXPORTER_TOKEN_NAME,
				PbsScripts.EXPORTER_TOKEN_FILE, PbsScripts.EXPORTER_BINARY);
	}

}
