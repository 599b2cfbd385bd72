package io.emotrace.output;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads and writes {@code result.json}; the one place that decides its JSON form (the domain value types' part of
 * it is {@link DomainJson}). Other JSON outputs ({@code timeline.json}, the CLI's) use this mapper too.
 */
public final class ResultJson {
    public static final String FILE_NAME = "result.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // readers of an older build must accept files from a newer one that added fields
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new DomainJson())
            .build();

    private ResultJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Atomically writes {@code result.json} into {@code dir}. */
    public static Path write(Path dir, AnalysisResult result) throws IOException {
        Path target = dir.resolve(FILE_NAME);
        AtomicFiles.writeJson(target, MAPPER, result);
        return target;
    }

    public static AnalysisResult read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), AnalysisResult.class);
    }
}
