package io.emotrace.web.auth;

import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The live tokens' hashes, kept in memory so checking a token costs no database query (a guessing client must
 * not be able to occupy the database connection). Every stored hash is compared, in constant time, with no early
 * exit: how long a check takes says nothing about which bytes matched. Reloaded periodically and after changes.
 */
final class LiveTokens {
    private final ApiTokens tokens;
    private volatile List<ApiTokens.Hashed> live = List.of();

    LiveTokens(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** Reads the live hashes from the database (blocking). */
    void reload() throws SQLException {
        live = List.copyOf(tokens.live());
    }

    /** The id of the live token with this secret, if any. */
    Optional<String> match(String token) {
        if (token == null || !token.startsWith(ApiTokens.PREFIX) || token.length() > 200) {
            return Optional.empty();
        }
        byte[] presented = ApiTokens.digest(token);
        String found = null;
        for (ApiTokens.Hashed h : live) {
            if (MessageDigest.isEqual(h.sha256(), presented)) {
                found = h.id();
            }
        }
        return Optional.ofNullable(found);
    }
}
