/**
 * The plan's phases as a whole: what a phase model needs beyond the steps of the systems
 * it drives, such as checking the variables a phase is started with before anything is
 * created. No system client code lives here.
 */
package org.homelab.rollout.phases;
