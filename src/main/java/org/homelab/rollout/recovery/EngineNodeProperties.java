package org.homelab.rollout.recovery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This engine node: {@code node-id} (env {@code ROLLOUT_ENGINE_NODE_ID}) owns its locks,
 * so it must be stable across restarts and distinct per node of a cluster; blank means
 * the host name. Every {@code heartbeat} the node writes that it lives; a peer silent for
 * {@code peer-stale-after} is taken for dead and its locks are released.
 */
@ConfigurationProperties("rollout.engine")
public record EngineNodeProperties(String nodeId, @DefaultValue("2s") Duration heartbeat,
		@DefaultValue("10s") Duration peerStaleAfter) {

}
