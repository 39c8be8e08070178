package org.homelab.rollout.rehearsal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ConfigurableBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Profiles;

/**
 * Starts the embedded rehearsal lab when the {@code rehearsal} profile is active (the
 * default) and points the inventory at it. {@code rehearsal.embedded=false} leaves the
 * lab to a standalone process ({@link StandaloneLab}).
 * <p>
 * The lab starts on a thread of its own, alongside the engine's start-up
 * (docs/startup.md): what the inventory takes from the lab
 * ({@link RehearsalLab#INVENTORY_PROPERTIES}) is a property source that waits for the lab
 * when first read, and the application is not started (so never ready, and no process
 * runs) before the lab is. The lab is a bean named {@code rehearsalLab} (lazy: it waits
 * for the lab too) and closes with the application.
 */
class EmbeddedLabRunListener implements SpringApplicationRunListener {

	private static final Log logger = LogFactory.getLog(EmbeddedLabRunListener.class);

	private CompletableFuture<RehearsalLab> lab;

	EmbeddedLabRunListener(SpringApplication application, String[] args) {
	}

	@Override
	public void environmentPrepared(ConfigurableBootstrapContext bootstrap, ConfigurableEnvironment environment) {
		if (!environment.acceptsProfiles(Profiles.of("rehearsal"))
				|| !environment.getProperty("rehearsal.embedded", Boolean.class, true)) {
			return;
		}
		LabSettings settings = LabSettings.from(environment);
		boolean clusterOnFirstUse = LabSettings.k3sOnFirstUse(environment);
		long began = System.nanoTime();
		this.lab = new CompletableFuture<>();
		Thread starter = new Thread(() -> {
			try {
				RehearsalLab started = new RehearsalLab(settings).start();
				if (!clusterOnFirstUse) {
					started.kubernetes().startClusterNow();
				}
				logger.info("Rehearsal lab started in " + Duration.ofNanos(System.nanoTime() - began).toMillis()
						+ " ms: Proxmox VE at " + started.proxmox().url() + ", K3s at " + started.kubernetes().url()
						+ ", latency scale " + started.latency().scale());
				this.lab.complete(started);
			}
			catch (Throwable ex) {
				this.lab.completeExceptionally(ex);
			}
		}, "rehearsal-lab-start");
		starter.setDaemon(true);
		starter.start();
		environment.getPropertySources().addFirst(new LabInventory(this.lab));
	}

	@Override
	public void contextPrepared(ConfigurableApplicationContext context) {
		if (this.lab == null) {
			return;
		}
		CompletableFuture<RehearsalLab> pending = this.lab;
		// closes the lab whenever it is (or gets) started
		context.addApplicationListener(
				(ApplicationListener<ContextClosedEvent>) event -> pending.thenAccept(RehearsalLab::close));
		if (context instanceof GenericApplicationContext generic) {
			generic.registerBean("rehearsalLab", RehearsalLab.class, () -> await(pending),
					definition -> definition.setLazyInit(true));
		}
		else {
			context.getBeanFactory().registerSingleton("rehearsalLab", await(pending));
		}
	}

	@Override
	public void started(ConfigurableApplicationContext context, Duration timeTaken) {
		if (this.lab != null) {
			// not started, not ready (readiness comes after this) before the lab is: no
			// process can miss it
			await(this.lab);
		}
	}

	@Override
	public void failed(ConfigurableApplicationContext context, Throwable exception) {
		if (this.lab != null) {
			this.lab.thenAccept(RehearsalLab::close);
		}
	}

	static RehearsalLab await(CompletableFuture<RehearsalLab> lab) {
		try {
			return lab.join();
		}
		catch (CompletionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException("the rehearsal lab did not start", cause);
		}
	}

	/**
	 * The inventory's lab-given properties; reading one waits for the lab. Their names
	 * are known before.
	 */
	static final class LabInventory extends EnumerablePropertySource<CompletableFuture<RehearsalLab>> {

		private static final String[] NAMES = RehearsalLab.INVENTORY_PROPERTIES.toArray(String[]::new);

		private volatile Map<String, Object> properties;

		LabInventory(CompletableFuture<RehearsalLab> lab) {
			super("rehearsalLab", lab);
		}

		@Override
		public String[] getPropertyNames() {
			return NAMES.clone();
		}

		@Override
		public boolean containsProperty(String name) {
			return RehearsalLab.INVENTORY_PROPERTIES.contains(name);
		}

		@Override
		public Object getProperty(String name) {
			if (!RehearsalLab.INVENTORY_PROPERTIES.contains(name)) {
				return null;
			}
			Map<String, Object> known = this.properties;
			if (known == null) {
				known = await(getSource()).inventoryProperties();
				this.properties = known;
			}
			return known.get(name);
		}

	}

}
