package io.emotrace.web.live;

import io.emotrace.EmotraceException;
import io.emotrace.diarization.clustering.ClusteringSettings;
import io.emotrace.diarization.clustering.SpeakerClusterer;
import io.emotrace.diarization.clustering.SpeakerCount;
import io.emotrace.diarization.online.OnlineSpeakers;
import io.emotrace.diarization.pipeline.EvidenceResolver;
import io.emotrace.pipeline.Diarizer;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.vad.UtteranceCuts;
import io.emotrace.vad.UtteranceSegmenter;
import io.emotrace.vad.VoiceActivityDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * A live stream's speaker attribution replayed offline, without a service or real time: the same utterance cuts
 * ({@link UtteranceCuts}: the VAD fed in 0.1 s blocks, {@link UtteranceSegmenter#live}), the same embeddings, the same online assignment
 * and re-clustering ({@link OnlineSpeakers#live}), so the same-voice distance can be chosen on tuning recordings
 * (many distances over one set of embeddings) instead of on the streams {@code bench live} measures.
 */
public final class LiveAttributionReplay {
    /** One utterance of the stream and its speaker embedding. */
    public record Utterance(double start, double end, float[] embedding) {
    }

    private LiveAttributionReplay() {
    }

    /** The silence that ends a live stream's utterances, s. */
    public static double liveMinSilence() {
        return UtteranceSegmenter.LIVE_MIN_SILENCE;
    }

    /**
     * Where a live stream of {@code audio} (16 kHz mono) would cut the utterances it analyses, with utterances ended by
     * {@code minSilence} s of silence ({@link #liveMinSilence()} in the service): {start, end} sample indices.
     */
    public static List<long[]> cuts(VoiceActivityDetector vad, float[] audio, double minSilence)
            throws EmotraceException {
        return UtteranceCuts.of(vad, new ArrayAudioSource(audio, LiveAnalyzer.RATE), minSilence, ProgressListener.NONE);
    }

    /** The utterances of {@link #cuts}, each with its speaker embedding. */
    public static List<Utterance> utterances(VoiceActivityDetector vad, Diarizer diarizer, float[] audio,
            double minSilence) throws EmotraceException {
        List<Utterance> out = new ArrayList<>();
        for (long[] c : cuts(vad, audio, minSilence)) {
            float[] clip = java.util.Arrays.copyOfRange(audio, (int) c[0], (int) c[1]);
            out.add(new Utterance(c[0] / (double) LiveAnalyzer.RATE, c[1] / (double) LiveAnalyzer.RATE,
                    diarizer.embedClips(List.of(clip))[0]));
        }
        return out;
    }

    /**
     * The speaker turns of {@code utterances} clustered as the offline diarizer clusters its embeddings (centring,
     * threshold, partition of {@code settings}), all utterances at once instead of one by one.
     */
    public static List<RttmTurn> cluster(String fileId, List<Utterance> utterances, ClusteringSettings settings) {
        List<SpeakerClusterer.Item> items = new ArrayList<>();
        for (int i = 0; i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            double sec = u.end() - u.start();
            items.add(new SpeakerClusterer.Item(u.embedding(), sec, sec >= settings.shapeSeconds(), i));
        }
        List<RttmTurn> turns = new ArrayList<>();
        if (items.isEmpty()) {
            return turns;
        }
        int[] labels = EvidenceResolver.cluster(items, settings, SpeakerCount.AUTO, null).labels();
        for (int i = 0; i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            turns.add(new RttmTurn(fileId, "S" + (labels[i] + 1), u.start(), u.end()));
        }
        return turns;
    }

    /** One utterance's label as a live stream first sends it, with the features of that decision. */
    public record Emitted(String label, double[] features) {
    }

    /**
     * The labels a live stream sends at {@code sameVoiceDistance} as each utterance ends (before any later re-clustering
     * changes them), with the assignment's features ({@link OnlineSpeakers#FEATURES}).
     */
    public static List<Emitted> emitted(List<Utterance> utterances, double sameVoiceDistance) {
        OnlineSpeakers speakers = OnlineSpeakers.live(sameVoiceDistance);
        List<Emitted> out = new ArrayList<>();
        for (Utterance u : utterances) {
            OnlineSpeakers.Assignment a = speakers.assign(u.embedding(), u.end() - u.start());
            out.add(new Emitted(a.speaker(), a.features()));
            if (speakers.reclusterDue()) {
                speakers.recluster();
            }
        }
        return out;
    }

    /**
     * The speaker turns a live stream ends with at {@code sameVoiceDistance}: each utterance assigned in order,
     * re-clustered on the live cadence, labels as they stand after the last utterance (relabels included).
     */
    public static List<RttmTurn> attribute(String fileId, List<Utterance> utterances, double sameVoiceDistance) {
        return attribute(fileId, utterances, sameVoiceDistance, null);
    }

    /** As {@link #attribute(String, List, double)}, re-clustering as {@code reclustering} (null: the plain way). */
    public static List<RttmTurn> attribute(String fileId, List<Utterance> utterances, double sameVoiceDistance,
            ClusteringSettings reclustering) {
        OnlineSpeakers speakers = OnlineSpeakers.live(sameVoiceDistance, reclustering);
        for (Utterance u : utterances) {
            speakers.assign(u.embedding(), u.end() - u.start());
            if (speakers.reclusterDue()) {
                speakers.recluster();
            }
        }
        List<RttmTurn> turns = new ArrayList<>();
        for (int i = 0; i < utterances.size(); i++) {
            Utterance u = utterances.get(i);
            turns.add(new RttmTurn(fileId, speakers.label(i), u.start(), u.end()));
        }
        return turns;
    }
}
