package io.emotrace.speakers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.emotrace.Digests;
import io.emotrace.EmotraceException;
import io.emotrace.domain.SpeakerName;
import io.emotrace.output.AtomicFiles;
import io.emotrace.output.NpyReader;
import io.emotrace.output.NpyWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The enrolled voices: one folder (the speakers database, {@code --speakers-db}) holding, per voice,
 * {@code <id>.json} (name, amount of speech, embedder, dates) and {@code <id>.npy} (the float32 voiceprint,
 * shape (1, dim)). The id is derived from the name ({@code alice-1a2b3c4d}: a readable ASCII part and a hash of
 * the case-folded name), so the same name always maps to the same files and names with any characters stay safe
 * file names. Enrolling a name that exists adds the new audio to its voiceprint (a mean weighted by seconds of
 * speech); {@link #delete} removes both files. Voiceprints are personal data: this folder is the only place they
 * are kept.
 *
 * <p>Thread-safe within a process (every method is synchronized); every write is atomic (temp file + rename).
 */
public final class SpeakerDirectory {
    static final String JSON = ".json";
    static final String NPY = ".npy";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path dir;
    private final Clock clock;

    public SpeakerDirectory(Path dir) {
        this(dir, Clock.systemUTC());
    }

    public SpeakerDirectory(Path dir, Clock clock) {
        this.dir = dir.toAbsolutePath().normalize();
        this.clock = clock;
    }

    /**
     * The default database: {@code $EMOTRACE_SPEAKERS_DB}, else {@code $XDG_DATA_HOME/emotrace/speakers}, else
     * {@code ~/.local/share/emotrace/speakers} (the user's data folder, not the cache: voices are not rebuilt).
     */
    public static Path defaultDir() {
        String env = System.getenv("EMOTRACE_SPEAKERS_DB");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return data.resolve("emotrace").resolve("speakers");
    }

    public Path dir() {
        return dir;
    }

    /** The metadata file stored for a voice (json on disk). */
    record Stored(String id, String name, double speechSeconds, int clips, String embedder, int dim, String created,
                  String updated) {
    }

    /** Every enrolled voice, sorted by name; an empty list when the folder does not exist. */
    public synchronized List<Voiceprint> voices() throws EmotraceException {
        List<Voiceprint> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            if (Files.exists(dir)) { // a file where the folder should be: not "no voices", which would mislead
                throw new EmotraceException("speakers.db_unreadable", "the speakers database " + dir
                        + " is not a folder");
            }
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + JSON)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                read(name.substring(0, name.length() - JSON.length())).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new EmotraceException("speakers.db_unreadable", "cannot read the speakers database " + dir + ": "
                    + e.getMessage(), e);
        }
        out.sort(Comparator.comparing((Voiceprint v) -> key(v.name())).thenComparing(Voiceprint::id));
        return out;
    }

    /** The voice enrolled under {@code nameOrId} (a name, compared case-insensitively, or an id). */
    public synchronized Optional<Voiceprint> find(String nameOrId) throws EmotraceException {
        if (nameOrId == null || nameOrId.isBlank()) {
            return Optional.empty();
        }
        if (isId(nameOrId)) {
            Optional<Voiceprint> byId = read(nameOrId);
            if (byId.isPresent()) {
                return byId;
            }
        }
        String n;
        try {
            n = checkName(nameOrId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return read(idOf(n));
    }

    /**
     * Enrols {@code name} with embeddings of its audio: each row an L2-normalised embedding of one piece of speech,
     * weighed by that piece's seconds. When the name is already enrolled (same embedder), the new audio is added to
     * its voiceprint. Returns the stored voice.
     */
    public synchronized Voiceprint enroll(String name, List<float[]> embeddings, List<Double> seconds, String embedder)
            throws EmotraceException {
        if (embeddings.isEmpty() || embeddings.size() != seconds.size()) {
            throw new EmotraceException("speakers.no_speech", "nothing to enrol for '" + name + "': no speech found");
        }
        int dim = embeddings.get(0).length;
        double[] sum = new double[dim];
        double total = 0;
        for (int i = 0; i < embeddings.size(); i++) {
            float[] e = embeddings.get(i);
            if (e.length != dim) {
                throw new IllegalArgumentException("embeddings of different dimensions");
            }
            double w = seconds.get(i);
            for (int j = 0; j < dim; j++) {
                sum[j] += w * e[j];
            }
            total += w;
        }
        return add(name, sum, total, embeddings.size(), embedder);
    }

    /**
     * Enrols {@code name} from one voice embedding already averaged over {@code speechSeconds} of speech (a speaker
     * of an analysed recording: "this is Alice"). Adds to an existing voiceprint of that name.
     */
    public synchronized Voiceprint enrollVector(String name, float[] unit, double speechSeconds, String embedder)
            throws EmotraceException {
        double w = Math.max(speechSeconds, 1e-3);
        double[] sum = new double[unit.length];
        float[] u = unitOf(toDouble(unit));
        for (int j = 0; j < u.length; j++) {
            sum[j] = w * u[j];
        }
        return add(name, sum, w, 1, embedder);
    }

    private Voiceprint add(String rawName, double[] sum, double seconds, int clips, String embedder)
            throws EmotraceException {
        String name;
        try {
            name = checkName(rawName);
        } catch (IllegalArgumentException e) {
            throw new EmotraceException("speakers.bad_name", e.getMessage());
        }
        if (!(seconds > 0)) {
            throw new EmotraceException("speakers.no_speech", "nothing to enrol for '" + name + "': no speech found");
        }
        String id = idOf(name);
        String now = clock.instant().toString();
        Optional<Voiceprint> old = read(id);
        double total = seconds;
        int pieces = clips;
        String created = now;
        if (old.isPresent()) {
            Voiceprint o = old.get();
            if (o.dim() != sum.length || !o.embedder().equals(embedder)) {
                throw new EmotraceException("speakers.embedder_mismatch", "'" + o.name() + "' was enrolled with "
                        + o.embedder() + " (" + o.dim() + "-D); this audio was embedded with " + embedder + " ("
                        + sum.length + "-D): delete the voice first to enrol it again");
            }
            float[] v = o.vector();
            for (int j = 0; j < sum.length; j++) {
                sum[j] += o.speechSeconds() * v[j];
            }
            total += o.speechSeconds();
            pieces += o.clips();
            created = o.created();
            name = o.name();
        }
        Voiceprint vp = new Voiceprint(id, name, unitOf(sum), total, pieces, embedder, created, now);
        write(vp);
        return vp;
    }

    /** Deletes the voice enrolled under {@code nameOrId}: both of its files. Returns what was deleted. */
    public synchronized Optional<Voiceprint.Summary> delete(String nameOrId) throws EmotraceException {
        Optional<Voiceprint> v = find(nameOrId);
        String id = v.map(Voiceprint::id).orElseGet(() -> idFor(nameOrId));
        if (id == null) {
            return Optional.empty();
        }
        try {
            // the vector first: a crash in between leaves metadata without a vector, which reads as no voice and
            // is removed by the next delete of that name
            Files.deleteIfExists(dir.resolve(id + NPY));
            Files.deleteIfExists(dir.resolve(id + JSON));
        } catch (IOException e) {
            throw new EmotraceException("speakers.db_write", "cannot delete " + id + " from " + dir + ": "
                    + e.getMessage(), e);
        }
        return v.map(Voiceprint::summary);
    }

    /** The file id {@code nameOrId} stands for (an id as such, else the id of the name); null when neither. */
    private static String idFor(String nameOrId) {
        if (nameOrId == null || nameOrId.isBlank()) {
            return null;
        }
        if (isId(nameOrId)) {
            return nameOrId;
        }
        try {
            return idOf(checkName(nameOrId));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A namer over the voices enrolled at the time of each call (enrolments made later count for later runs). */
    public SpeakerNamer namer(SpeakerThreshold threshold) {
        return (centroids, seconds) -> SpeakerMatcher.match(centroids, seconds, voices(), threshold);
    }

    /** A namer with the same threshold whatever the amount of speech. */
    public SpeakerNamer namer(double threshold) {
        return namer(SpeakerThreshold.fixed(threshold));
    }

    private Optional<Voiceprint> read(String id) throws EmotraceException {
        if (!isId(id)) {
            return Optional.empty();
        }
        Path json = dir.resolve(id + JSON);
        Path npy = dir.resolve(id + NPY);
        try {
            Stored s = MAPPER.readValue(Files.readAllBytes(json), Stored.class);
            NpyReader.Array a = NpyReader.read(npy);
            if (!id.equals(s.id()) || a.data().length != s.dim()) {
                throw new EmotraceException("speakers.db_corrupt", "voice " + id + " in " + dir
                        + " is inconsistent (id or dimension); delete it and enrol again");
            }
            return Optional.of(new Voiceprint(s.id(), s.name(), a.data(), s.speechSeconds(), s.clips(), s.embedder(),
                    s.created(), s.updated()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new EmotraceException("speakers.db_unreadable", "cannot read voice " + id + " in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private void write(Voiceprint v) throws EmotraceException {
        try {
            Files.createDirectories(dir);
            Path npy = dir.resolve(v.id() + NPY);
            Path tmp = AtomicFiles.tempSibling(npy);
            NpyWriter.write(tmp, v.vector(), 1, v.dim());
            AtomicFiles.publish(tmp, npy);
            Stored s = new Stored(v.id(), v.name(), v.speechSeconds(), v.clips(), v.embedder(), v.dim(), v.created(),
                    v.updated());
            AtomicFiles.write(dir.resolve(v.id() + JSON), MAPPER.writeValueAsBytes(s));
        } catch (IOException e) {
            throw new EmotraceException("speakers.db_write", "cannot write voice " + v.id() + " to " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@link SpeakerName#check}: the one rule for names. */
    public static String checkName(String raw) {
        return SpeakerName.check(raw);
    }

    /** Case-folded form under which names are unique. */
    static String key(String name) {
        return Normalizer.normalize(name.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /** The file id of a name: readable ASCII part (at most 24 characters) + 8 hex digits of SHA-256 of the key. */
    public static String idOf(String name) {
        String key = key(name);
        String ascii = Normalizer.normalize(key, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (ascii.length() > 24) {
            ascii = ascii.substring(0, 24).replaceAll("-+$", "");
        }
        String hash = Digests.sha256Hex(key.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
        return (ascii.isEmpty() ? "voice" : ascii) + "-" + hash;
    }

    private static boolean isId(String s) {
        return s.matches("[a-z0-9][a-z0-9-]{0,40}-[0-9a-f]{8}");
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    static float[] unitOf(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = n > 0 ? (float) (v[i] / n) : 0f;
        }
        return out;
    }
}
