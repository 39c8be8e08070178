package org.homelab.rollout.proxmox;

import java.time.Instant;

/**
 * One backup on a storage, as its content listing shows it: a vma archive on a dir
 * storage ({@code local:backup/vzdump-qemu-101-….vma.zst}) or a snapshot on a Proxmox
 * Backup Server ({@code pbs:backup/vm/101/2026-12-07T02:30:00Z}), the volid a restore
 * names as its archive.
 *
 * @param verification PBS's verify state ("ok", "failed"), or null before a verify job
 * looked at it (and on other storages)
 */
public record BackupVolume(String volid, int vmid, Instant ctime, long size, String format, String notes,
		String verification) {
}
