package org.homelab.rollout.rehearsal;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ConfigurableBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * Starts the embedded rehearsal lab when the {@code rehearsal} profile is active (the default), before the inventory
 * is bound, and points the inventory at it. {@code rehearsal.embedded=false} leaves the lab to a standalone process
 * ({@link StandaloneLab}). The lab is a bean named {@code rehearsalLab} and closes with the application.
 */
class EmbeddedLabRunListener implements SpringApplicationRunListener {

	private static final Log logger = LogFactory.getLog(EmbeddedLabRunListener.class);

	private RehearsalLab lab;

	EmbeddedLabRunListener(SpringApplication application, String[] args) {
	}

	@Override
	public void environmentPrepared(ConfigurableBootstrapContext bootstrap, ConfigurableEnvironment environment) {
		if (!environment.acceptsProfiles(Profiles.of("rehearsal"))
				|| !environment.getProperty("rehearsal.embedded", Boolean.class, true)) {
			return;
		}
		this.lab = new RehearsalLab(LabSettings.from(environment)).start();
		environment.getPropertySources().addFirst(new MapPropertySource("rehearsalLab", this.lab.inventoryProperties()));
		logger.info("Rehearsal lab started: Proxmox VE at " + this.lab.proxmox().url() + ", K3s at "
				+ this.lab.kubernetes().url() + ", latency scale " + this.lab.latency().scale());
	}

	@Override
	public void contextPrepared(ConfigurableApplicationContext context) {
		if (this.lab != null) {
			context.getBeanFactory().registerSingleton("rehearsalLab", this.lab);
			RehearsalLab started = this.lab;
			context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> started.close());
		}
	}

	@Override
	public void failed(ConfigurableApplicationContext context, Throwable exception) {
		if (this.lab != null) {
			this.lab.close();
		}
	}

}
