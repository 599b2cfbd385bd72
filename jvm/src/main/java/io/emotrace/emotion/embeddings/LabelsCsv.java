package io.emotrace.emotion.embeddings;

import io.emotrace.EmotraceException;
import io.emotrace.corpus.CorpusCatalog;
import io.emotrace.emotion.analysis.InputFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A labels CSV with a header naming {@code file} and {@code label} columns ({@code emotion} is accepted for
 * {@code label}, so the corpora's own labels.csv works as is). A row matches the embedding whose key is the
 * file's path without extension, or ends with it, or, failing that, has the same base name when that is unique.
 */
public final class LabelsCsv {
    private final Map<String, String> byKey;

    private LabelsCsv(Map<String, String> byKey) {
        this.byKey = byKey;
    }

    public static LabelsCsv read(Path csv) throws EmotraceException {
        Map<String, String> m = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String h = r.readLine();
            if (h == null) {
                throw new EmotraceException("labels.format", csv + " is empty");
            }
            List<String> header = CorpusCatalog.parseCsvLine(h.startsWith("\uFEFF") ? h.substring(1) : h);
            int file = header.indexOf("file");
            int label = header.indexOf("label") >= 0 ? header.indexOf("label") : header.indexOf("emotion");
            if (file < 0 || label < 0) {
                throw new EmotraceException("labels.format", csv + ": needs a header with 'file' and 'label' (or "
                        + "'emotion') columns, has " + header);
            }
            int line = 1;
            for (String s; (s = r.readLine()) != null; ) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                List<String> f = CorpusCatalog.parseCsvLine(s);
                if (f.size() <= Math.max(file, label) || f.get(label).isBlank()) {
                    throw new EmotraceException("labels.format", csv + ":" + line + ": missing file or label");
                }
                m.put(InputFiles.stem(f.get(file).strip()), f.get(label).strip());
            }
        } catch (IOException e) {
            throw new EmotraceException("labels.read", "cannot read " + csv + ": " + e.getMessage(), e);
        }
        return new LabelsCsv(m);
    }

    public int size() {
        return byKey.size();
    }

    /** The label of each embedding that has one, by embedding key. */
    public Map<String, String> match(EmbeddingSet set) {
        Map<String, List<String>> byBase = new HashMap<>();
        for (String k : byKey.keySet()) {
            byBase.computeIfAbsent(base(k), x -> new ArrayList<>()).add(k);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (EmbeddingSet.Item it : set.items()) {
            String key = it.key();
            String label = byKey.get(key);
            if (label == null) {
                for (Map.Entry<String, String> e : byKey.entrySet()) {
                    if (key.endsWith("/" + e.getKey()) || e.getKey().endsWith("/" + key)) {
                        label = e.getValue();
                        break;
                    }
                }
            }
            if (label == null) {
                List<String> same = byBase.get(base(key));
                if (same != null && same.size() == 1) {
                    label = byKey.get(same.get(0));
                }
            }
            if (label != null) {
                out.put(key, label);
            }
        }
        return out;
    }

    private static String base(String key) {
        int s = key.lastIndexOf('/');
        return s < 0 ? key : key.substring(s + 1);
    }
}
