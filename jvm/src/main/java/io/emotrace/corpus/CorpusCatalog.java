package io.emotrace.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The utterances of the single-speaker corpora under a data root, read from each corpus's {@code labels.csv}
 * (columns {@code file,speaker} plus optional {@code emotion} and {@code text}). Speakers are kept in sorted
 * order so that seeded choices do not depend on file-system or hash ordering.
 */
public final class CorpusCatalog {
    /** The corpora with per-file speaker labels in {@code ../shared/data}. */
    public static final List<String> KNOWN_CORPORA = List.of("ravdess", "casia", "urdu", "librispeech");

    /**
     * Every corpus of {@code ../shared/data} with one speaker per file (the many-speaker sets added later, Ogg/Opus,
     * speaker ids already prefixed with the folder name): what the speaker embedding trains and is evaluated on.
     */
    public static final List<String> SPEAKER_CORPORA = List.of("ravdess", "casia", "urdu", "librispeech", "accents",
            "speechocean762", "librispeech-mini", "korean-speakers", "korean-emotion", "phone-alphanumeric",
            "commonvoice-fa", "commonvoice-tw", "lithuanian-commands", "arabic-commands", "ased-amharic", "nemo-polish",
            "tess-english", "emovo-italian", "savee-english", "turev-turkish", "baved-arabic");

    /**
     * Whole corpora the shipped speaker embedding never trains on, for evaluation nobody can tune to: two emotional
     * corpora in languages absent from training (Polish, Italian) and a telephone-channel set.
     */
    public static final List<String> HELD_OUT_SPEAKER_CORPORA = List.of("nemo-polish", "emovo-italian", "phone-alphanumeric");

    private final Map<String, List<CorpusUtterance>> bySpeaker;

    private CorpusCatalog(Map<String, List<CorpusUtterance>> bySpeaker) {
        this.bySpeaker = bySpeaker;
    }

    public static CorpusCatalog load(Path dataRoot, Collection<String> corpora) throws CorpusException {
        Map<String, List<CorpusUtterance>> bySpeaker = new TreeMap<>();
        for (String corpus : corpora) {
            Path labels = dataRoot.resolve(corpus).resolve("labels.csv");
            if (!Files.isRegularFile(labels)) {
                throw new CorpusException("corpus.missing",
                        "corpus '" + corpus + "' has no labels.csv at " + labels
                                + " (set EMOTRACE_SHARED or --data to the folder holding the corpora)");
            }
            for (CorpusUtterance u : readLabels(dataRoot, corpus, labels)) {
                bySpeaker.computeIfAbsent(u.speaker(), k -> new ArrayList<>()).add(u);
            }
        }
        bySpeaker.replaceAll((k, v) -> List.copyOf(v));
        return new CorpusCatalog(Collections.unmodifiableMap(bySpeaker));
    }

    /** All speaker ids, sorted. */
    public List<String> speakers() {
        return List.copyOf(bySpeaker.keySet());
    }

    public List<CorpusUtterance> utterances(String speaker) {
        return bySpeaker.getOrDefault(speaker, List.of());
    }

    private static List<CorpusUtterance> readLabels(Path dataRoot, String corpus, Path labels)
            throws CorpusException {
        List<CorpusUtterance> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(labels, StandardCharsets.UTF_8)) {
            String headerLine = r.readLine();
            if (headerLine == null) {
                return out;
            }
            List<String> header = parseCsvLine(stripBom(headerLine));
            int file = header.indexOf("file");
            int speaker = header.indexOf("speaker");
            int emotion = header.indexOf("emotion");
            int text = header.indexOf("text");
            if (file < 0 || speaker < 0) {
                throw new CorpusException("corpus.labels-format",
                        labels + ": needs columns 'file' and 'speaker', has " + header);
            }
            int lineNo = 1;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = parseCsvLine(line);
                if (f.size() <= Math.max(file, speaker)) {
                    throw new CorpusException("corpus.labels-format",
                            labels + ":" + lineNo + ": too few columns");
                }
                String rel = f.get(file);
                out.add(new CorpusUtterance(corpus, labels.getParent().resolve(rel).toAbsolutePath().normalize(),
                        dataRoot.relativize(labels.getParent().resolve(rel)).toString().replace('\\', '/'),
                        f.get(speaker), LabelCorrections.emotion(corpus, column(f, emotion)), column(f, text)));
            }
        } catch (IOException e) {
            throw new CorpusException("corpus.labels-io", "cannot read " + labels + ": " + io.emotrace.output.IoProblem.reason(e), e);
        }
        return out;
    }

    private static String column(List<String> fields, int index) {
        if (index < 0 || index >= fields.size()) {
            return null;
        }
        String v = fields.get(index);
        return v.isEmpty() ? null : v;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** RFC 4180 fields on one line: commas inside double quotes, "" for a literal quote. */
    public static List<String> parseCsvLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        fields.add(cur.toString());
        return fields;
    }
}
