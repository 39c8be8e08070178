package org.homelab.rollout.frontdoor;

import java.util.Optional;

/**
 * One change of the front door's three files for one service, worked out from what the
 * frontend holds now: the site file's new content (empty: delete it), Authelia's and
 * Homepage's new files (null: unchanged), and what the change adds that was not there
 * before, which is all its undo may remove. A second run finds everything in place and
 * adds nothing, so its undo removes nothing.
 *
 * @param site the site file's content after the change, or null when it is not written
 * @param deleteSite whether the site file is deleted
 * @param authelia configuration.yml after the change, or null when unchanged
 * @param homepage services.yaml after the change, or null when unchanged
 * @param siteAdded whether the site file was not there before
 * @param ruleAdded whether Authelia had no rule of the service's domain before
 * @param entryAdded whether Homepage did not list the service before
 */
public record FrontdoorChange(String site, boolean deleteSite, String authelia, String homepage, boolean siteAdded,
		boolean ruleAdded, boolean entryAdded) {

	/**
	 * Puts the service behind the front door. An earlier rule of the service's domain
	 * (the homelab's own) is replaced, and then not counted as added: undo leaves the
	 * replacement rather than delete a rule this run did not write.
	 */
	public static FrontdoorChange expose(ExposedService service, Certificate certificate, FrontdoorFiles files,
			Optional<String> site, String authelia, String homepage) {
		String newSite = files.nginx().render(service, certificate);
		boolean ruleExisted = !files.authelia().remove(authelia, service.domain()).equals(authelia);
		String newAuthelia = files.authelia().add(authelia, service);
		boolean listed = files.homepage().lists(homepage, service);
		return new FrontdoorChange(newSite, false, newAuthelia.equals(authelia) ? null : newAuthelia,
				listed ? null : files.homepage().add(homepage, service), site.isEmpty(), !ruleExisted, !listed);
	}

	/**
	 * Takes back what an exposure added ({@code siteAdded}, {@code ruleAdded},
	 * {@code entryAdded} as {@link #expose} reported them): removing exactly the added
	 * lines gives both YAML files back byte for byte.
	 */
	public static FrontdoorChange unexpose(ExposedService service, FrontdoorFiles files, boolean siteAdded,
			boolean ruleAdded, boolean entryAdded, String authelia, String homepage) {
		String newAuthelia = ruleAdded ? files.authelia().remove(authelia, service.domain()) : authelia;
		String newHomepage = (entryAdded && files.homepage().lists(homepage, service))
				? files.homepage().remove(homepage, service) : homepage;
		return new FrontdoorChange(null, siteAdded, newAuthelia.equals(authelia) ? null : newAuthelia,
				newHomepage.equals(homepage) ? null : newHomepage, false, false, false);
	}

}
