package org.homelab.rollout.rehearsal.gitlab;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;

import org.homelab.rollout.rehearsal.gitlab.GitlabState.Commit;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.Project;

/**
 * The lab repositories as Git objects: blobs, trees and commits hashed as Git hashes them
 * (SHA-1 of {@code <type> <size>\0<content>}), so a commit id the API answers is the id
 * {@code git clone} checks; and a version 2 pack of everything reachable from some
 * commits (whole objects, no deltas), as {@code git-upload-pack} sends it.
 */
final class GitObjects {

	private static final String AUTHOR = "Administrator <admin@example.com>";

	private static final int COMMIT = 1;

	private static final int TREE = 2;

	private static final int BLOB = 3;

	private GitObjects() {
	}

	/** The id of a commit of this tree, parent, message and time. */
	static String commitId(Map<String, String> files, String parent, String message, Instant at) {
		Map<String, Entry> objects = new LinkedHashMap<>();
		return id("commit", commit(tree(files, objects), parent, message, at));
	}

	/**
	 * A pack of every object reachable from {@code wants} (commits of the project); the
	 * caller holds the state's lock.
	 */
	static byte[] pack(Project project, List<String> wants) {
		Map<String, Entry> objects = new LinkedHashMap<>();
		Deque<String> todo = new ArrayDeque<>(wants);
		while (!todo.isEmpty()) {
			Commit commit = project.commit(todo.pop());
			if (commit == null || objects.containsKey(commit.id())) {
				continue;
			}
			String tree = tree(commit.files(), objects);
			byte[] body = commit(tree, commit.parentId(), commit.message(), commit.at());
			objects.put(commit.id(), new Entry(COMMIT, body));
			if (commit.parentId() != null) {
				todo.push(commit.parentId());
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes("PACK".getBytes(StandardCharsets.US_ASCII));
		int32(out, 2);
		int32(out, objects.size());
		for (Entry object : objects.values()) {
			header(out, object.type(), object.body().length);
			out.writeBytes(deflate(object.body()));
		}
		out.writeBytes(sha1(out.toByteArray()));
		return out.toByteArray();
	}

	private record Entry(int type, byte[] body) {
	}

	/**
	 * Builds the tree objects of {@code files} into {@code objects}; answers the root's
	 * id.
	 */
	private static String tree(Map<String, String> files, Map<String, Entry> objects) {
		Map<String, Object> root = new TreeMap<>();
		for (Map.Entry<String, String> file : files.entrySet()) {
			String[] parts = file.getKey().split("/");
			Map<String, Object> at = root;
			for (int i = 0; i < parts.length - 1; i++) {
				@SuppressWarnings("unchecked")
				Map<String, Object> next = (Map<String, Object>) at.computeIfAbsent(parts[i], k -> new TreeMap<>());
				at = next;
			}
			at.put(parts[parts.length - 1], file.getValue());
		}
		return treeOf(root, objects);
	}

	@SuppressWarnings("unchecked")
	private static String treeOf(Map<String, Object> entries, Map<String, Entry> objects) {
		// Git orders a tree's entries by name, a directory's name compared as if it ended
		// in '/'
		TreeMap<String, String[]> sorted = new TreeMap<>();
		for (Map.Entry<String, Object> entry : entries.entrySet()) {
			if (entry.getValue() instanceof Map<?, ?> dir) {
				sorted.put(entry.getKey() + "/",
						new String[] { "40000", entry.getKey(), treeOf((Map<String, Object>) dir, objects) });
			}
			else {
				byte[] content = ((String) entry.getValue()).getBytes(StandardCharsets.UTF_8);
				String blob = id("blob", content);
				objects.putIfAbsent(blob, new Entry(BLOB, content));
				sorted.put(entry.getKey(), new String[] { "100644", entry.getKey(), blob });
			}
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (String[] entry : sorted.values()) {
			body.writeBytes((entry[0] + " " + entry[1] + "\0").getBytes(StandardCharsets.UTF_8));
			body.writeBytes(HexFormat.of().parseHex(entry[2]));
		}
		byte[] bytes = body.toByteArray();
		String id = id("tree", bytes);
		objects.putIfAbsent(id, new Entry(TREE, bytes));
		return id;
	}

	private static byte[] commit(String tree, String parent, String message, Instant at) {
		String who = AUTHOR + " " + at.getEpochSecond() + " +0000\n";
		String text = "tree " + tree + "\n" + ((parent != null) ? "parent " + parent + "\n" : "") + "author " + who
				+ "committer " + who + "\n" + message;
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static String id(String type, byte[] body) {
		ByteArrayOutputStream object = new ByteArrayOutputStream();
		object.writeBytes((type + " " + body.length + "\0").getBytes(StandardCharsets.US_ASCII));
		object.writeBytes(body);
		return HexFormat.of().formatHex(sha1(object.toByteArray()));
	}

	private static void header(ByteArrayOutputStream out, int type, long size) {
		int first = (type << 4) | (int) (size & 0x0f);
		size >>>= 4;
		while (size > 0) {
			out.write(first | 0x80);
			first = (int) (size & 0x7f);
			size >>>= 7;
		}
		out.write(first);
	}

	private static void int32(ByteArrayOutputStream out, int value) {
		out.write(value >>> 24);
		out.write(value >>> 16);
		out.write(value >>> 8);
		out.write(value);
	}

	private static byte[] deflate(byte[] body) {
		Deflater deflater = new Deflater();
		try {
			deflater.setInput(body);
			deflater.finish();
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			while (!deflater.finished()) {
				out.write(buffer, 0, deflater.deflate(buffer));
			}
			return out.toByteArray();
		}
		finally {
			deflater.end();
		}
	}

	private static byte[] sha1(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-1").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
