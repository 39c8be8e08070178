/**
 * The steps of the models {@code eso-connect} and {@code eso-disconnect}: thin delegates
 * and the {@code eso-store-ready} and {@code eso-proof-synced} waits over
 * {@link org.homelab.rollout.eso.EsoConnection}. They set only flags and paths (see
 * {@link org.homelab.rollout.eso.steps.EsoVariables}); the proof value stays in memory.
 */
package org.homelab.rollout.eso.steps;
