package io.emotrace.diarization.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotrace.scoring.DerComponents;
import io.emotrace.scoring.FileScore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shipped settings' DER components per recording of each test set, as one bench run wrote them
 * ({@code --scores-out}), so that a later run on the same recordings (another speaker model, another build) is
 * compared with it recording by recording ({@code --paired-with}) instead of by two intervals that overlap.
 */
final class RecordedScores {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** set -> recording -> {scored, total, missed, falseAlarm, confusion} seconds. */
    private final Map<String, Map<String, double[]>> sets = new TreeMap<>();

    void put(String set, SetScore s) {
        Map<String, double[]> files = new LinkedHashMap<>();
        for (FileScore f : s.collar0().files()) {
            DerComponents d = f.der();
            files.put(f.fileId(), new double[] {d.scored(), d.total(), d.missed(), d.falseAlarm(), d.confusion()});
        }
        sets.put(set, files);
    }

    /**
     * The recorded components of {@code set} in the order of {@code files}' recordings; null when the set was not
     * recorded or its recordings are not these (another seed, count or duration).
     */
    List<DerComponents> aligned(String set, SetScore files) {
        Map<String, double[]> rec = sets.get(set);
        if (rec == null || rec.size() != files.collar0().files().size()) {
            return null;
        }
        List<DerComponents> out = new java.util.ArrayList<>();
        for (FileScore f : files.collar0().files()) {
            double[] v = rec.get(f.fileId());
            if (v == null || Math.abs(v[1] - f.der().total()) > 1e-6) { // another recording under the same name
                return null;
            }
            out.add(new DerComponents(v[0], v[1], v[2], v[3], v[4]));
        }
        return out;
    }

    void write(Path file) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), sets);
    }

    static RecordedScores read(Path file) throws IOException {
        RecordedScores r = new RecordedScores();
        var tree = JSON.readTree(file.toFile());
        for (var set : (Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) tree::fields) {
            Map<String, double[]> files = new LinkedHashMap<>();
            for (var f : (Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>) set.getValue()::fields) {
                var a = f.getValue();
                if (!a.isArray() || a.size() != 5) {
                    throw new IOException(file + ": " + set.getKey() + "/" + f.getKey() + " is not 5 numbers");
                }
                files.put(f.getKey(), new double[] {a.get(0).asDouble(), a.get(1).asDouble(), a.get(2).asDouble(),
                        a.get(3).asDouble(), a.get(4).asDouble()});
            }
            r.sets.put(set.getKey(), files);
        }
        return r;
    }
}
