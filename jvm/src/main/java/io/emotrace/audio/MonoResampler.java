package io.emotrace.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_CHANNEL_ORDER_UNSPEC;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_compare;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set_double;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;
import static org.bytedeco.ffmpeg.global.swresample.swr_set_matrix;

import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Converts decoded frames of any rate, sample format and channel layout to 16 kHz mono float with libswresample.
 * Owns its SwrContext and output buffer; rebuilds the converter if the stream changes format mid-way.
 */
final class MonoResampler implements AutoCloseable {
    /** Receives converted samples; the buffer is only valid during the call. */
    interface Sink {
        void accept(FloatPointer samples, int count) throws UnsupportedAudioException;
    }

    /**
     * Rates outside this range come from damaged headers, not real audio, and would make the converter explode:
     * 1 Hz would be a 16000x upsampling (one 4096-sample packet becoming 65 M samples).
     */
    static final int MIN_SAMPLE_RATE = 1_000;
    static final int MAX_SAMPLE_RATE = 768_000;
    static final int MAX_CHANNELS = 64;

    private final String fileName;
    private final AVChannelLayout outLayout = new AVChannelLayout();
    private final AVChannelLayout inLayout = new AVChannelLayout();
    private final PointerPointer<FloatPointer> outPlanes = new PointerPointer<>(1);
    private SwrContext swr;
    private int inFormat = -1;
    private int inRate = -1;
    private FloatPointer out;
    private int outCapacity;
    private boolean closed;

    MonoResampler(String fileName) {
        this.fileName = fileName;
        av_channel_layout_default(outLayout, 1);
    }

    void convert(AVFrame frame, Sink sink) throws UnsupportedAudioException {
        if (swr == null || frame.format() != inFormat || frame.sample_rate() != inRate
                || av_channel_layout_compare(frame.ch_layout(), inLayout) != 0) {
            flush(sink);
            configure(frame);
        }
        int n = frame.nb_samples();
        ensureCapacity(swr_get_out_samples(swr, n));
        int got = swr_convert(swr, outPlanes, outCapacity, frame.extended_data(), n);
        if (got < 0) {
            throw new UnsupportedAudioException(UnsupportedAudioException.Reason.UNSUPPORTED_CODEC,
                    fileName + ": resampling failed: " + FfmpegErrors.describe(got));
        }
        if (got > 0) {
            sink.accept(out, got);
        }
    }

    /** Emits the samples still held in the resampler's filter delay (the tail of the stream). */
    void flush(Sink sink) throws UnsupportedAudioException {
        if (swr == null) {
            return;
        }
        ensureCapacity(swr_get_out_samples(swr, 0) + 64);
        for (int got; (got = swr_convert(swr, outPlanes, outCapacity, (PointerPointer<?>) null, 0)) > 0; ) {
            sink.accept(out, got);
        }
    }

    private void configure(AVFrame frame) throws UnsupportedAudioException {
        freeSwr();
        AVChannelLayout src = frame.ch_layout();
        int channels = src.nb_channels();
        if (!plausible(frame.sample_rate(), channels)) {
            throw new UnsupportedAudioException(UnsupportedAudioException.Reason.UNSUPPORTED_CODEC, fileName
                    + ": decoder produced " + channels + " channels at " + frame.sample_rate() + " Hz");
        }
        try (AVChannelLayout layout = new AVChannelLayout()) {
            try {
                build(frame, src, channels, layout);
            } finally {
                av_channel_layout_uninit(layout);
            }
        }
        inFormat = frame.format();
        inRate = frame.sample_rate();
    }

    private void build(AVFrame frame, AVChannelLayout src, int channels, AVChannelLayout layout)
            throws UnsupportedAudioException {
        // An unspecified layout (e.g. a bare channel count) gets the conventional layout for its count.
        if (src.order() == AV_CHANNEL_ORDER_UNSPEC) {
            av_channel_layout_default(layout, channels);
        } else {
            check(av_channel_layout_copy(layout, src), "channel layout");
        }
        SwrContext s = new SwrContext(null);
        int r = swr_alloc_set_opts2(s, outLayout, AV_SAMPLE_FMT_FLT, AudioStream.SAMPLE_RATE,
                layout, frame.format(), frame.sample_rate(), 0, null);
        if (!s.isNull()) {
            swr = s;
        }
        check(r, "resampler options");
        // Normalise the downmix matrix so each output is a weighted mean of the inputs: stereo L+R becomes
        // (L+R)/2 and a 5.1 mix keeps FFmpeg's centre/surround weights without ever exceeding full scale.
        check(av_opt_set_double(swr, "rematrix_maxval", 1.0, 0), "rematrix_maxval");
        if (layout.order() == AV_CHANNEL_ORDER_UNSPEC) {
            // No known layout for this many channels: plain average of all channels.
            double[] mean = new double[channels];
            java.util.Arrays.fill(mean, 1.0 / channels);
            check(swr_set_matrix(swr, mean, channels), "downmix matrix");
        }
        check(swr_init(swr), "resampler init");
        av_channel_layout_uninit(inLayout);
        check(av_channel_layout_copy(inLayout, src), "channel layout");
    }

    static boolean plausible(int rate, int channels) {
        return rate >= MIN_SAMPLE_RATE && rate <= MAX_SAMPLE_RATE && channels > 0 && channels <= MAX_CHANNELS;
    }

    private void check(int r, String what) throws UnsupportedAudioException {
        if (r < 0) {
            throw new UnsupportedAudioException(UnsupportedAudioException.Reason.UNSUPPORTED_CODEC,
                    fileName + ": cannot convert this audio format (" + what + "): " + FfmpegErrors.describe(r));
        }
    }

    private void ensureCapacity(int samples) {
        if (samples <= outCapacity) {
            return;
        }
        int cap = Math.max(samples, Math.max(4096, outCapacity * 2));
        if (out != null) {
            out.close();
        }
        out = new FloatPointer(cap);
        outCapacity = cap;
        outPlanes.put(0, out);
    }

    private void freeSwr() {
        if (swr != null) {
            swr_free(swr);
            swr = null;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        freeSwr();
        if (out != null) {
            out.close();
            out = null;
        }
        outPlanes.close();
        av_channel_layout_uninit(inLayout);
        inLayout.close();
        av_channel_layout_uninit(outLayout);
        outLayout.close();
    }
}
