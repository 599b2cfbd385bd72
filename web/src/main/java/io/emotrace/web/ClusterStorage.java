package io.emotrace.web;

import io.emotrace.EmotraceException;
import io.emotrace.web.db.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Cluster mode's shared storage check: every node must see the same data directory (uploads and outputs), mounted
 * at the same path, because a job's rows name its files by absolute path. The first node writes a random storage
 * id to {@code <data>/.emotrace-storage-id} and to the database; every node compares the two at start and refuses
 * to run on a data directory that is not the cluster's (a local folder, a forgotten mount).
 */
final class ClusterStorage {
    static final String FILE = ".emotrace-storage-id";
    private static final String KEY = "storage-id";

    private ClusterStorage() {
    }

    static String verify(Database db, Path data) throws EmotraceException {
        try {
            Files.createDirectories(data);
            String stored = read(db);
            Path file = data.resolve(FILE);
            String onDisk = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
            if (stored == null) {
                if (onDisk == null) {
                    onDisk = create(file);
                }
                insert(db, onDisk);
                stored = read(db);
            }
            if (onDisk == null) {
                throw new EmotraceException("cluster.storage", data + " is not the cluster's shared data directory (no "
                        + FILE + "; the database expects storage " + stored + "): mount the shared directory at the "
                        + "same path on every node and pass it as --data");
            }
            if (!onDisk.equals(stored)) {
                throw new EmotraceException("cluster.storage", data + " belongs to another cluster (storage id "
                        + onDisk + ", the database expects " + stored + ")");
            }
            return stored;
        } catch (IOException e) {
            throw new EmotraceException("cluster.storage", "cannot check the shared data directory " + data + ": "
                    + e.getMessage(), e);
        } catch (SQLException e) {
            throw new EmotraceException("db.unavailable", "cannot check the shared storage id: " + e.getMessage(), e);
        }
    }

    /** Writes a new id atomically (a hard link never replaces a file): nodes racing at first start agree. */
    private static String create(Path file) throws IOException {
        Path tmp = file.resolveSibling(FILE + "." + UUID.randomUUID() + ".tmp");
        String id = UUID.randomUUID().toString();
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        try {
            Files.createLink(file, tmp);
            return id;
        } catch (FileAlreadyExistsException raced) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String read(Database db) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT meta_value FROM cluster_meta WHERE meta_key = ?")) {
                p.setString(1, KEY);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
    }

    private static void insert(Database db, String id) throws SQLException {
        db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO cluster_meta(meta_key, meta_value) VALUES (?, ?) ON CONFLICT (meta_key) DO NOTHING")) {
                p.setString(1, KEY);
                p.setString(2, id);
                return p.executeUpdate();
            }
        });
    }
}
