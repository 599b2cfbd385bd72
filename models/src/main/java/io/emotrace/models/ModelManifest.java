package io.emotrace.models;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The bundled list of every model emotrace knows ({@code io/emotrace/models/manifest.json}). */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ModelManifest(int version, String sha256Null, List<ModelEntry> models) {
    public static final String RESOURCE = "/io/emotrace/models/manifest.json";

    private static volatile ModelManifest bundled;

    public static ModelManifest load() {
        ModelManifest m = bundled;
        if (m == null) {
            try (InputStream in = ModelManifest.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("manifest resource missing: " + RESOURCE);
                }
                m = parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
            bundled = m;
        }
        return m;
    }

    public static ModelManifest parse(InputStream in) throws IOException {
        return new ObjectMapper().readValue(in, ModelManifest.class);
    }

    public Optional<ModelEntry> find(String name) {
        return models.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public ModelEntry get(String name) throws ModelException {
        return find(name).orElseThrow(() -> new ModelException("model.unknown", "unknown model '" + name
                + "'; known: " + models.stream().map(ModelEntry::name).toList()));
    }
}
