package org.homelab.rollout.frontdoor;

/**
 * How a service shows on Homepage: its group, icon and description, and the widget where
 * Homepage has one for the service ({@code widgetType} and {@code widgetUrl} both null
 * where it has none).
 */
public record HomepageEntry(String group, String icon, String description, String widgetType, String widgetUrl) {

	public HomepageEntry {
		FrontdoorInput.label("homepage.group", group);
		FrontdoorInput.text("homepage.icon", icon);
		FrontdoorInput.label("homepage.description", description);
		if ((widgetType == null) != (widgetUrl == null)) {
			throw new IllegalArgumentException("homepage.widget needs both a type and a url, or neither");
		}
		if (widgetType != null) {
			FrontdoorInput.name("homepage.widget.type", widgetType);
			FrontdoorInput.text("homepage.widget.url", widgetUrl);
		}
	}

	public static HomepageEntry of(String group, String icon, String description) {
		return new HomepageEntry(group, icon, description, null, null);
	}

	public HomepageEntry withWidget(String type, String url) {
		return new HomepageEntry(this.group, this.icon, this.description, type, url);
	}

}
