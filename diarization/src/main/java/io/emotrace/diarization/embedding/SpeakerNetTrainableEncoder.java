package io.emotrace.diarization.embedding;

import io.emotrace.EmotraceException;
import io.emotrace.emotion.train.TrainableVoiceEncoder;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * A trainable copy of the speaker network the emotion model carries ({@link SpeakerNetVoiceStats#EMOTION_ENCODER_DIR},
 * else the diarizer's), for fine-tuning on emotion labels: its own network, never the process's shared one.
 */
public final class SpeakerNetTrainableEncoder implements TrainableVoiceEncoder {
    private final SpeakerNet net;

    private SpeakerNetTrainableEncoder(SpeakerNet net) {
        this.net = net;
    }

    /** Registered through META-INF/services. */
    public static final class Provider implements TrainableVoiceEncoder.Provider {
        @Override
        public TrainableVoiceEncoder open() throws EmotraceException {
            String dir = SpeakerNetVoiceStats.encoderDir();
            byte[] json = SpeakerModelFiles.resource(dir, SpeakerModelFiles.JSON);
            byte[] weights = SpeakerModelFiles.resource(dir, SpeakerModelFiles.WEIGHTS);
            if (json == null || weights == null) {
                throw new EmotraceException("speaker.model.missing", "no speaker network at classpath:" + dir);
            }
            return new SpeakerNetTrainableEncoder(SpeakerModelFiles.loadNet(SpeakerModelFiles.describe(json), weights,
                    "classpath:" + dir));
        }
    }

    @Override
    public int bins() {
        return net.config().melBins();
    }

    @Override
    public int dim() {
        return 2 * net.config().mfaChannels();
    }

    @Override
    public Module module() {
        return net;
    }

    @Override
    public Tensor pooled(Tensor frames) {
        return net.pooledStats(frames);
    }

    @Override
    public void close() {
        net.close();
    }
}
