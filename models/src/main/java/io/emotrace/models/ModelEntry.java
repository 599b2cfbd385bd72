package io.emotrace.models;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One model the product knows. {@code sha256 == null} means the digest is not pinned (see the manifest's
 * {@code sha256Null}); {@code size == null} means unknown.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ModelEntry(String name, String task, String file, String sha256, Long size, String licence,
                         List<String> urls, Source source, List<Signature> inputs, List<Signature> outputs) {

    public enum Kind { NPM, URL, MAVEN, SHARED, PROJECT_TRAINED, USER_PROVIDED }

    /** Where the weights come from; which fields are set depends on {@link #kind()}. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Source(String kind, String url, String archive, String member, String shared,
                         @com.fasterxml.jackson.annotation.JsonProperty("package") String npmPackage,
                         String version, String path, String coordinates, String instructions, String note) {
        public Kind kindValue() {
            return Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    /** A tensor of the model's interface; shape is descriptive text (dynamic dims are named). */
    public record Signature(String name, String type, String shape) {
    }

    public Kind kind() {
        return source.kindValue();
    }

    public boolean pinned() {
        return sha256 != null;
    }
}
