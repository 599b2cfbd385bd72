package io.emotrace.emotion.train;

import io.emotrace.corpus.CorpusUtterance;
import io.emotrace.domain.Emotion;

/** One labelled utterance with its cached fbank (row-major [frames][bins]). */
public record Sample(CorpusUtterance utterance, Emotion label, float[] fbank, int frames) {
    public String corpus() {
        return utterance.corpus();
    }

    public String speaker() {
        return utterance.speaker();
    }
}
