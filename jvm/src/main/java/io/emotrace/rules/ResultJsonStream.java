package io.emotrace.rules;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotrace.domain.AnalyzedSegment;
import io.emotrace.output.AnalysisResult;
import io.emotrace.output.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and rewrites a run's JSON files one top-level field at a time. A 3-hour result.json is ~30 MB, and as a
 * JSON tree several hundred MB of heap: the service's memory peak when the rules wrote their outcome into it.
 */
final class ResultJsonStream {
    /** What the transcript and the ruled timeline need of result.json. */
    record Parts(List<AnalyzedSegment> segments, List<AnalysisResult.Speaker> speakers, boolean hasTimelines) {
    }

    /** Writes one field's value. */
    @FunctionalInterface
    interface ValueWriter {
        void write(JsonGenerator g) throws IOException;
    }

    /** Applied to one element of a streamed array before it is written. */
    @FunctionalInterface
    interface ElementEdit {
        void edit(JsonNode element);
    }

    private ResultJsonStream() {
    }

    /**
     * Rewrites {@code file} atomically as a copy of itself with {@code replaced} fields (see {@link #copyObject}): the
     * old file is read while the new one is written beside it, and the rename then replaces it.
     */
    static void rewrite(ObjectMapper mapper, Path file, Map<String, ValueWriter> replaced) throws IOException {
        AtomicFiles.write(file, out -> {
            // the mapper's output settings (indentation); the stream stays open for AtomicFiles to sync
            try (JsonGenerator g = mapper.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .createGenerator(out)) {
                copyObject(mapper, file, g, replaced);
            }
        });
    }

    /** Opens {@code file}, positioned inside its top-level object. */
    static JsonParser openObject(ObjectMapper mapper, Path file) throws IOException {
        JsonParser p = mapper.createParser(file.toFile());
        if (p.nextToken() != JsonToken.START_OBJECT) {
            p.close();
            throw new IOException(file + " is not a JSON object");
        }
        return p;
    }

    /**
     * Copies the top-level object of {@code source} to {@code g}; the fields named in {@code replaced} are written by
     * their writer instead, in their place (appended, in the map's order, when {@code source} lacks them).
     */
    private static void copyObject(ObjectMapper mapper, Path source, JsonGenerator g, Map<String, ValueWriter> replaced)
            throws IOException {
        Set<String> written = new HashSet<>();
        try (JsonParser p = openObject(mapper, source)) {
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                g.writeFieldName(name);
                ValueWriter w = replaced.get(name);
                if (w != null) {
                    p.skipChildren();
                    w.write(g);
                    written.add(name);
                } else {
                    g.copyCurrentStructure(p);
                }
            }
        }
        for (Map.Entry<String, ValueWriter> e : replaced.entrySet()) {
            if (!written.contains(e.getKey())) {
                g.writeFieldName(e.getKey());
                e.getValue().write(g);
            }
        }
        g.writeEndObject();
    }

    /** A writer of a fixed tree. */
    static ValueWriter tree(ObjectMapper mapper, JsonNode value) {
        return g -> mapper.writeTree(g, value);
    }

    /**
     * A writer of the array in {@code file}'s top-level field {@code field} (an empty array when it has none), each
     * element passed through {@code edit}: one element in memory at a time.
     */
    static ValueWriter array(ObjectMapper mapper, Path file, String field, ElementEdit edit) {
        return g -> {
            g.writeStartArray();
            try (JsonParser p = openObject(mapper, file)) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equals(field) && value == JsonToken.START_ARRAY) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            JsonNode element = mapper.readTree(p);
                            edit.edit(element);
                            mapper.writeTree(g, element);
                        }
                        break;
                    }
                    p.skipChildren();
                }
            }
            g.writeEndArray();
        };
    }

    /** The segments and speakers of a result.json, and whether it has timelines; the rest is skipped unread. */
    static Parts parts(ObjectMapper mapper, Path resultFile) throws IOException {
        List<AnalyzedSegment> segments = List.of();
        List<AnalysisResult.Speaker> speakers = List.of();
        boolean timelines = false;
        try (JsonParser p = openObject(mapper, resultFile)) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("segments") && value == JsonToken.START_ARRAY) {
                    segments = mapper.readValue(p, new TypeReference<List<AnalyzedSegment>>() { });
                } else if (name.equals("speakers") && value == JsonToken.START_ARRAY) {
                    speakers = mapper.readValue(p, new TypeReference<List<AnalysisResult.Speaker>>() { });
                } else {
                    timelines |= name.equals("timelines") && value == JsonToken.START_ARRAY;
                    p.skipChildren();
                }
            }
        }
        return new Parts(segments, speakers, timelines);
    }
}
