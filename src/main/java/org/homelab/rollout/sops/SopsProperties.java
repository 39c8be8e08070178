package org.homelab.rollout.sops;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who can open the files the rollout encrypts with SOPS: the age recipients (public keys
 * {@code age1…}) of the homelab's operators or of the tools that decrypt (e.g. Argo CD's
 * key). Checked when it binds: a malformed recipient stops the start-up naming the
 * property. None: no file carrying a secret goes to Git at all.
 *
 * @param ageRecipients the public keys, as {@code age-keygen} prints them
 */
@ConfigurationProperties("inventory.sops")
public record SopsProperties(@DefaultValue List<String> ageRecipients) {

	public SopsProperties {
		ageRecipients = List.copyOf(ageRecipients);
		recipients(ageRecipients);
	}

	/** The recipients, parsed. */
	public List<AgeRecipient> recipients() {
		return recipients(this.ageRecipients);
	}

	private static List<AgeRecipient> recipients(List<String> values) {
		List<AgeRecipient> recipients = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			recipients.add(AgeRecipient.parse("inventory.sops.age-recipients[" + i + "]", values.get(i)));
		}
		return recipients;
	}

}
