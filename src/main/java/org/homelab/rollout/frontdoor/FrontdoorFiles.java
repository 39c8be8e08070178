package org.homelab.rollout.frontdoor;

/**
 * The three editors of the front door's files: nginx site files, Authelia's access
 * control, Homepage's services.
 */
public record FrontdoorFiles(NginxServerBlocks nginx, AutheliaAccessControl authelia, HomepageServices homepage) {

}
