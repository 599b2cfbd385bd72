package io.emotrace.web.auth;

import io.emotrace.Digests;
import io.emotrace.web.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Bearer tokens: 32 random bytes shown once at creation; only their SHA-256 is stored, so a leaked database
 * does not leak usable tokens. A token's id (not the token) is what logs and rate limits use.
 */
public final class ApiTokens {
    public static final String PREFIX = "et_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;

    public ApiTokens(Database db) {
        this.db = db;
    }

    /** A newly stored token: its id and the secret (returned only here). */
    public record Created(String id, String name, String token) {
    }

    public Created create(String name) throws SQLException {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String id = UUID.randomUUID().toString();
        db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO api_tokens(id, name, sha256, created_at) VALUES (?, ?, ?, ?)")) {
                p.setString(1, id);
                p.setString(2, name);
                p.setString(3, hash(token));
                p.setLong(4, System.currentTimeMillis());
                return p.executeUpdate();
            }
        });
        return new Created(id, name, token);
    }

    /** The id of the live token with this secret, if any. */
    public Optional<String> verify(String token) throws SQLException {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 200) {
            return Optional.empty();
        }
        String h = hash(token);
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id FROM api_tokens WHERE sha256 = ? AND revoked = 0")) {
                p.setString(1, h);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** A live token: its id and the SHA-256 of its secret. */
    public record Hashed(String id, byte[] sha256) {
    }

    /** Every live (not revoked) token's hash, for checks in memory. */
    public java.util.List<Hashed> live() throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id, sha256 FROM api_tokens WHERE revoked = 0");
                 ResultSet r = p.executeQuery()) {
                java.util.List<Hashed> out = new java.util.ArrayList<>();
                while (r.next()) {
                    out.add(new Hashed(r.getString(1), HexFormat.of().parseHex(r.getString(2))));
                }
                return out;
            }
        });
    }

    public boolean revoke(String id) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE api_tokens SET revoked = 1 WHERE id = ?")) {
                p.setString(1, id);
                return p.executeUpdate() > 0;
            }
        });
    }

    static String hash(String token) {
        return HexFormat.of().formatHex(digest(token));
    }

    static byte[] digest(String token) {
        return Digests.sha256(token.getBytes(StandardCharsets.UTF_8));
    }
}
