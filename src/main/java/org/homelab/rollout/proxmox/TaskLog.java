package org.homelab.rollout.proxmox;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What lines of a worker task's log tell: its end ("TASK OK", "TASK WARNINGS: n", "TASK
 * ERROR: ..." is the line PVE itself reads the exitstatus from) and the progress of a
 * copy ("transferred 1.0 GiB of 32.0 GiB (3.12%)" from qemu-img convert, "drive-scsi0:
 * transferred ... (3.12%) in 1s" from a drive mirror).
 */
public record TaskLog(List<String> lines) {

	private static final Pattern PROGRESS = Pattern.compile("transferred .+ of .+ \\((\\d+(?:\\.\\d+)?)%\\)");

	public TaskLog {
		lines = List.copyOf(lines);
	}

	/** The exitstatus as the status call would report it, if the log has ended. */
	public Optional<String> exitstatus() {
		for (int i = this.lines.size() - 1; i >= 0; i--) {
			String line = this.lines.get(i);
			if (line.equals("TASK OK")) {
				return Optional.of("OK");
			}
			if (line.startsWith("TASK WARNINGS: ")) {
				return Optional.of(line.substring("TASK ".length()));
			}
			if (line.startsWith("TASK ERROR: ")) {
				return Optional.of(line.substring("TASK ERROR: ".length()));
			}
		}
		return Optional.empty();
	}

	/** The percentage of the last progress line, if the task reports any. */
	public OptionalDouble progress() {
		for (int i = this.lines.size() - 1; i >= 0; i--) {
			Matcher progress = PROGRESS.matcher(this.lines.get(i));
			if (progress.find()) {
				return OptionalDouble.of(Double.parseDouble(progress.group(1)));
			}
		}
		return OptionalDouble.empty();
	}

}
