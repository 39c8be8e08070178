package org.homelab.rollout.backup;

import java.util.List;
import java.util.Optional;

/**
 * Datastores: their configuration, how full they are, their snapshots and garbage
 * collection. Creating looks first, so a retry or a second run adopts what exists.
 */
public interface PbsDatastoreOperations {

	/** @see "GET /config/datastore" */
	List<Datastore> list();

	/** @see "GET /config/datastore/{name}" */
	Optional<Datastore> get(String name);

	/**
	 * Creates the datastore on its own directory (the mount point of its disk) unless one
	 * of that name exists, which is adopted if it has the same path.
	 * @return the UPID of the {@code create-datastore} task, empty when adopted
	 * @throws PbsException when a datastore of that name has another path
	 * @see "POST /config/datastore"
	 */
	Optional<String> ensure(String name, String path, String gcSchedule, String comment);

	/**
	 * As {@link #ensure(String, String, String, String)}; {@code reuse}: the directory
	 * holds a chunk store already (a datastore removed from the configuration with its
	 * data kept), which PBS takes on with {@code reuse-datastore} instead of refusing a
	 * directory that is not empty.
	 */
	Optional<String> ensure(String name, String path, String gcSchedule, String comment, boolean reuse);

	/**
	 * Removes the datastore from the configuration (its data stays on disk unless
	 * {@code destroyData}). Nothing happens if it is already gone.
	 * @return the UPID of the removal task, empty when there was nothing to remove
	 * @see "DELETE /config/datastore/{name}"
	 */
	Optional<String> delete(String name, boolean destroyData);

	/**
	 * Sets the garbage-collection schedule (systemd calendar event, e.g. {@code daily}).
	 * @see "PUT /config/datastore/{name}"
	 */
	void setGcSchedule(String name, String schedule);

	/**
	 * Starts garbage collection now.
	 * @return its UPID
	 * @see "POST /admin/datastore/{store}/gc"
	 */
	String startGarbageCollection(String store);

	/** @see "GET /admin/datastore/{store}/status" */
	DatastoreUsage status(String store);

	/** @see "GET /status/datastore-usage" */
	List<DatastoreUsage> usage();

	/**
	 * The snapshots with their verification state, oldest first.
	 * @see "GET /admin/datastore/{store}/snapshots"
	 */
	List<BackupSnapshot> snapshots(String store);

}
