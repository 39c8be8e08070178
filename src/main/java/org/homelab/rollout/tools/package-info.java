/**
 * The command-line tools the engine runs on its own host ({@code promtool}, later
 * {@code nginx -t}, {@code ansible-playbook}): found on {@code PATH} or at a configured
 * path, output read while they run, killed at a real timeout. No Camunda: steps of any
 * system may use it.
 */
package org.homelab.rollout.tools;
