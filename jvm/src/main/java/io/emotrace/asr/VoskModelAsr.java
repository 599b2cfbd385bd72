package io.emotrace.asr;

import io.emotrace.audio.AudioSource;
import io.emotrace.domain.Transcript;
import io.emotrace.domain.Word;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Any Vosk model directory (other languages, bigger models): the model is loaded once and shared; each
 * {@link #transcribe} call holds one recognizer for itself (a Vosk recognizer is not thread-safe while the model
 * is), taken from a pool of idle ones ({@link RecognizerPool}: a new recognizer costs more than a short turn).
 */
public final class VoskModelAsr implements Asr {
    /** Samples fed per call to the recognizer: 0.25 s keeps the heap small for turns of any length. */
    private static final int CHUNK = 4000;
    private static final Pattern NAME_LANGUAGE =
            Pattern.compile("(?:^|-)model-(?:small-)?([a-z]{2,3})(?:-[a-z]{2})?(?:-|$)");

    private final Path directory;
    private final String language;
    private final String label;
    private final Model model;
    private final RecognizerPool recognizers;
    private final Object lifecycle = new Object();
    private int active;
    private boolean closed;

    private VoskModelAsr(Path directory, String language, String label, Model model) {
        this.directory = directory;
        this.language = language;
        this.label = label;
        this.model = model;
        this.recognizers = new RecognizerPool(model);
    }

    /**
     * Loads the Vosk model in {@code directory}; {@code language} null guesses it from the directory name
     * ({@code vosk-model-small-de-0.15} is German) and falls back to {@code und}.
     */
    public static VoskModelAsr open(Path directory, String language) throws AsrException {
        return open(directory, language, "Vosk model " + directory.toAbsolutePath().normalize());
    }

    static VoskModelAsr open(Path directory, String language, String label) throws AsrException {
        Path dir = directory.toAbsolutePath().normalize();
        checkLayout(dir);
        VoskNative.ensureLoaded();
        Model model;
        try {
            model = new Model(dir.toString());
        } catch (IOException | RuntimeException e) {
            throw new AsrException("asr.model_load_failed", "Vosk could not load the model in " + dir + ": "
                    + e.getMessage(), e);
        }
        String lang = language != null && !language.isBlank() ? language.trim().toLowerCase(Locale.ROOT)
                : guessLanguage(dir);
        return new VoskModelAsr(dir, lang, label, model);
    }

    /** A typed error before Kaldi sees a directory that is not a Vosk model (Kaldi would only log and fail). */
    static void checkLayout(Path dir) throws AsrException {
        if (!Files.exists(dir)) {
            throw new AsrException("asr.model_missing", "ASR model directory " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new AsrException("asr.model_invalid", dir + " is a file; --asr-model wants an unpacked Vosk model "
                    + "directory (e.g. vosk-model-small-de-0.15/ from https://alphacephei.com/vosk/models)");
        }
        boolean acoustic = Files.isRegularFile(dir.resolve("am/final.mdl")) || Files.isRegularFile(dir.resolve("final.mdl"));
        boolean graph = Files.isRegularFile(dir.resolve("graph/HCLG.fst")) || Files.isRegularFile(dir.resolve("HCLG.fst"))
                || Files.isRegularFile(dir.resolve("graph/HCLr.fst"));
        if (!acoustic || !graph) {
            throw new AsrException("asr.model_invalid", dir + " is not a Vosk model directory: "
                    + (acoustic ? "" : "no am/final.mdl; ") + (graph ? "" : "no graph/HCLG.fst or graph/HCLr.fst; ")
                    + "unpack a model from https://alphacephei.com/vosk/models and point at its top folder");
        }
    }

    static String guessLanguage(Path dir) {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString().toLowerCase(Locale.ROOT);
        Matcher m = NAME_LANGUAGE.matcher(name);
        if (!m.find()) {
            return "und";
        }
        String code = m.group(1);
        return switch (code) {
            case "cn" -> "zh"; // Vosk names its Mandarin models "cn"
            case "ua" -> "uk";
            default -> code;
        };
    }

    @Override
    public Transcript transcribe(AudioSource audio, double start, double end) throws AsrException {
        return transcribe(audio, start, end, () -> false);
    }

    @Override
    public Transcript transcribe(AudioSource audio, double start, double end, java.util.function.BooleanSupplier stop)
            throws AsrException {
        if (audio.sampleRate() <= 0) {
            throw new AsrException("asr.failed", "audio has no sample rate");
        }
        long first = Math.max(0, Math.round(start * audio.sampleRate()));
        long last = Math.min(audio.length(), Math.round(end * audio.sampleRate()));
        acquire();
        RecognizerPool.Lease lease = null;
        boolean healthy = false;
        try {
            lease = recognizers.take(audio.sampleRate());
            Recognizer rec = lease.rec;
            List<Word> words = new ArrayList<>();
            float[] buf = new float[CHUNK];
            short[] pcm = new short[CHUNK];
            // Vosk's word times count from the recognizer's first sample ever, this segment starts at `first`
            double offset = first / (double) audio.sampleRate() - lease.timeOrigin();
            boolean endpointLast = false;
            for (long pos = first; pos < last && !stop.getAsBoolean(); pos += CHUNK) {
                int n = (int) Math.min(CHUNK, last - pos);
                audio.read(pos, buf, 0, n);
                toPcm16(buf, pcm, n);
                lease.fed(n);
                endpointLast = rec.acceptWaveForm(pcm, n);
                if (endpointLast) {
                    VoskResults.words(rec.getResult(), offset, words);
                }
            }
            VoskResults.words(rec.getFinalResult(), offset, words);
            // an endpoint on the last chunk leaves Vosk short of its final state, so its next input would continue
            // this one's features and adaptation: such a recognizer is not reused
            healthy = !endpointLast;
            return new Transcript(VoskResults.text(words), words, language);
        } catch (IOException | RuntimeException e) {
            throw new AsrException("asr.failed", "Vosk failed on " + String.format(Locale.ROOT, "%.2f-%.2f s", start, end)
                    + ": " + e.getMessage(), e);
        } finally {
            if (lease != null) {
                lease.endUse();
                recognizers.giveBack(lease, healthy);
            }
            release();
        }
    }

    /**
     * A live recognizer over the shared model with partial words on; counts as a running recognizer until
     * closed, so {@link #close()} waits for it.
     */
    @Override
    public io.emotrace.pipeline.TranscriberStream openStream() throws AsrException {
        acquire();
        try {
            return new VoskStream(new Recognizer(model, 16_000f));
        } catch (IOException | RuntimeException e) {
            release();
            throw new AsrException("asr.failed", "Vosk could not open a live recognizer: " + e.getMessage(), e);
        }
    }

    /**
     * One live stream's recognizer; the partial hypothesis is read at most every {@link #PARTIAL_SAMPLES}, as text
     * (the best path, current), and when that changed its times from the lattice, read again at most every
     * {@link #TIMED_SAMPLES} ({@link PartialWords} says why).
     */
    private final class VoskStream implements io.emotrace.pipeline.TranscriberStream {
        private static final int PARTIAL_SAMPLES = 1600; // 0.1 s
        /** 0.5 s: the lattice grows in steps of at least 20 frames (0.6 s), so more frequent reads add little. */
        private static final int TIMED_SAMPLES = 8000;
        private final Recognizer rec;
        private List<Word> timed = List.of();
        private long timedAt = Long.MIN_VALUE / 2;
        private short[] pcm = new short[CHUNK];
        private long sinceProbe;
        private long fed;
        private double lastFinalEnd;
        private List<String> lastPartial = List.of();
        private boolean closed;

        VoskStream(Recognizer rec) {
            this.rec = rec;
            rec.setWords(true);
        }

        @Override
        public Update accept(float[] samples, int off, int n) throws AsrException {
            List<Word> finals = new ArrayList<>();
            List<Word> partial = null;
            try {
                for (int i = 0; i < n; i += CHUNK) {
                    int m = Math.min(CHUNK, n - i);
                    if (pcm.length < m) {
                        pcm = new short[m];
                    }
                    for (int k = 0; k < m; k++) {
                        float v = samples[off + i + k] * 32767f;
                        pcm[k] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
                    }
                    sinceProbe += m;
                    fed += m;
                    if (rec.acceptWaveForm(pcm, m)) {
                        VoskResults.words(rec.getResult(), 0, finals);
                        for (Word w : finals) {
                            lastFinalEnd = Math.max(lastFinalEnd, w.end());
                        }
                        lastPartial = List.of();
                        timed = List.of();
                        partial = List.of();
                        sinceProbe = 0;
                    } else if (sinceProbe >= PARTIAL_SAMPLES) {
                        sinceProbe = 0;
                        List<String> text = VoskResults.partialText(rec.getPartialResult());
                        if (!text.equals(lastPartial)) {
                            lastPartial = text;
                            if (!text.isEmpty() && fed - timedAt >= TIMED_SAMPLES) {
                                timed = timedPartial();
                                timedAt = fed;
                            }
                            partial = PartialWords.merge(text, timed, lastFinalEnd, fed / 16_000.0);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new AsrException("asr.failed", "Vosk failed on a live stream: " + e.getMessage(), e);
            }
            return new Update(finals, partial);
        }

        /** The lattice's partial words with times; partial words are on only for this read. */
        private List<Word> timedPartial() throws IOException {
            rec.setPartialWords(true);
            try {
                List<Word> words = new ArrayList<>();
                VoskResults.partialWords(rec.getPartialResult(), words);
                return words;
            } finally {
                rec.setPartialWords(false);
            }
        }

        @Override
        public List<Word> finish() throws AsrException {
            List<Word> finals = new ArrayList<>();
            try {
                VoskResults.words(rec.getFinalResult(), 0, finals);
            } catch (IOException | RuntimeException e) {
                throw new AsrException("asr.failed", "Vosk failed on a live stream: " + e.getMessage(), e);
            }
            return finals;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                rec.close();
                release();
            }
        }
    }

    /** Vosk's float input expects the int16 range; feeding int16 directly avoids any doubt about scaling. */
    private static void toPcm16(float[] in, short[] out, int n) {
        for (int i = 0; i < n; i++) {
            float v = in[i] * 32767f;
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
        }
    }

    private void acquire() throws AsrException {
        synchronized (lifecycle) {
            if (closed) {
                throw new AsrException("asr.failed", "the ASR model was closed");
            }
            active++;
        }
    }

    private void release() {
        synchronized (lifecycle) {
            active--;
            lifecycle.notifyAll();
        }
    }

    @Override
    public String language() {
        return language;
    }

    /** Recognizers waiting for the next segment (tests: reuse happens). */
    int idleRecognizers() {
        return recognizers.idleCount();
    }

    public Path directory() {
        return directory;
    }

    @Override
    public String describe() {
        return label + " (language " + language + ", word times and confidences)";
    }

    /** Waits for running recognizers, then frees the native model once. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            boolean interrupted = false;
            while (active > 0) {
                try {
                    lifecycle.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            recognizers.close();
            model.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
