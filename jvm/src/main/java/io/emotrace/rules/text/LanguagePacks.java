package io.emotrace.rules.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The language packs shipped in resources ({@code io/emotrace/rules/lang/XX.json}): en, de, fr, zh. Loaded once;
 * a language without a pack gets a clear note from the rules that need one, never a guess.
 */
public final class LanguagePacks {
    public static final Set<String> SHIPPED = Set.of("en", "de", "fr", "zh");
    private static volatile Map<String, LanguagePack> packs;

    private LanguagePacks() {
    }

    public static Optional<LanguagePack> get(String language) {
        return Optional.ofNullable(language == null ? null : all().get(language));
    }

    public static Map<String, LanguagePack> all() {
        Map<String, LanguagePack> p = packs;
        if (p == null) {
            synchronized (LanguagePacks.class) {
                if (packs == null) {
                    packs = load();
                }
                p = packs;
            }
        }
        return p;
    }

    private static Map<String, LanguagePack> load() {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, LanguagePack> out = new LinkedHashMap<>();
        for (String code : List.of("en", "de", "fr", "zh")) {
            String res = "io/emotrace/rules/lang/" + code + ".json";
            try (InputStream in = LanguagePacks.class.getClassLoader().getResourceAsStream(res)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + res);
                }
                JsonNode n = mapper.readTree(in);
                PolarityLexicon lexicon;
                if (n.path("lexicon").isTextual() && n.get("lexicon").asText().equals("vader")) {
                    lexicon = PolarityLexicon.vader();
                } else {
                    Map<String, Double> m = new LinkedHashMap<>();
                    n.path("lexicon").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asDouble()));
                    lexicon = new PolarityLexicon("emotrace's own small " + code + " list, " + m.size()
                            + " entries", m);
                }
                out.put(code, new LanguagePack(code, n.path("spaceless").asBoolean(false), strings(n, "negations"),
                        strings(n, "hedges"), strings(n, "politeness"), lexicon));
            } catch (IOException e) {
                throw new UncheckedIOException(res, e);
            }
        }
        return Map.copyOf(out);
    }

    private static List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        n.path(field).forEach(v -> out.add(v.asText()));
        return out;
    }
}
