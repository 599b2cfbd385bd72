package io.emotrace.asr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotrace.domain.Word;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/** Reads Vosk's result JSON ({@code {"result":[{"word","start","end","conf"}], "text"}}) into words. */
final class VoskResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VoskResults() {
    }

    /** Appends the words of one result, shifted by {@code offset} seconds to absolute times. */
    static void words(String json, double offset, List<Word> out) throws IOException {
        JsonNode root = JSON.readTree(json);
        JsonNode result = root.path("result");
        for (JsonNode w : result) {
            String text = w.path("word").asText("");
            if (text.isEmpty()) {
                continue;
            }
            double conf = Math.max(0.0, Math.min(1.0, w.path("conf").asDouble(0.0)));
            out.add(new Word(text, offset + w.path("start").asDouble(), offset + w.path("end").asDouble(), conf));
        }
    }

    /** The words of a partial result ({@code partial_result}, when partial words are on). */
    static void partialWords(String json, List<Word> out) throws IOException {
        JsonNode result = JSON.readTree(json).path("partial_result");
        for (JsonNode w : result) {
            String text = w.path("word").asText("");
            if (!text.isEmpty()) {
                double conf = Math.max(0.0, Math.min(1.0, w.path("conf").asDouble(0.0)));
                out.add(new Word(text, w.path("start").asDouble(), w.path("end").asDouble(), conf));
            }
        }
    }

    /** The words of a text-only partial result ({@code {"partial": "a b c"}}, partial words off). */
    static List<String> partialText(String json) throws IOException {
        String text = JSON.readTree(json).path("partial").asText("").trim();
        return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
    }

    static String text(List<Word> words) {
        return words.stream().map(Word::text).collect(Collectors.joining(" "));
    }
}
