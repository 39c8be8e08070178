/**
 * The homelab's existing front door on the frontend VM: Nginx (the real binary when
 * installed), a simulated Authelia, Certbot and Homepage's files.
 */
package org.homelab.rollout.rehearsal.frontdoor;
