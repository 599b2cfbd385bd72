package io.emotrace.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.emotrace.EmotraceException;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.AudioSource;
import io.emotrace.domain.SpeechRegion;
import io.emotrace.pipeline.ProgressListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Utterance cuts from a scripted stream of speech probabilities, and a stream that stops mid-way. */
class UtteranceCutsTest {
    /** Speech (p = 0.9) in [from, to) seconds, silence elsewhere; after {@code failAfter} blocks its engine is gone. */
    private static VoiceActivityDetector scripted(double from, double to, int failAfter) {
        return new VoiceActivityDetector() {
            @Override
            public List<SpeechRegion> detect(AudioSource audio) {
                return List.of();
            }

            @Override
            public VadStream openStream() {
                return new VadStream() {
                    private long fed;
                    private long chunk;
                    private int blocks;

                    @Override
                    public int chunkSamples() {
                        return SileroVad.CHUNK;
                    }

                    @Override
                    public void accept(float[] samples, int off, int n, SileroVad.ProbabilitySink sink) {
                        if (++blocks > failAfter) {
                            throw new Failure(new EmotraceException("engine.closed", "vad engine is closed"));
                        }
                        fed += n;
                        while ((chunk + 1) * SileroVad.CHUNK <= fed) {
                            double t = chunk * SileroVad.CHUNK / 16000.0;
                            sink.accept(chunk, t >= from && t < to ? 0.9f : 0.01f);
                            chunk++;
                        }
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public String describe() {
                return "scripted";
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void oneUtteranceWhereTheProbabilitiesSaySpeech() throws Exception {
        List<long[]> cuts = UtteranceCuts.of(scripted(1.0, 2.0, Integer.MAX_VALUE),
                new ArrayAudioSource(new float[16000 * 3], 16000), UtteranceSegmenter.LIVE_MIN_SILENCE, ProgressListener.NONE);
        assertEquals(1, cuts.size());
        assertEquals(1.0, cuts.get(0)[0] / 16000.0, 0.06); // padded 50 ms, on 32 ms chunks
        assertEquals(2.0, cuts.get(0)[1] / 16000.0, 0.1);
    }

    @Test
    void aStreamWhoseEngineClosedFailsWithTheEnginesOwnError() {
        EmotraceException e = assertThrows(EmotraceException.class, () -> UtteranceCuts.of(scripted(1.0, 2.0, 5),
                new ArrayAudioSource(new float[16000 * 3], 16000), UtteranceSegmenter.LIVE_MIN_SILENCE, ProgressListener.NONE));
        assertEquals("engine.closed", e.code());
    }
}
