package io.emotrace.audio;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import io.emotrace.audio.UnsupportedAudioException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One open file decoded by FFmpeg into 16 kHz mono float, pulled packet by packet: memory holds at most one
 * packet's worth of converted samples, whatever the file length.
 *
 * <p>Damage policy: a packet the codec rejects is skipped and counted; a read error, or a run of
 * {@value #MAX_CONSECUTIVE_ERRORS} rejected packets, ends the stream early. Either way the audio decoded so far is
 * delivered and {@link #truncated()} is set (with {@link #warnings()} saying why); only when nothing at all
 * decodes does {@link FfmpegAudioDecoder#open} throw {@code TRUNCATED} ({@code EMPTY} for a clean file with no
 * samples). A decoded length clearly short of the declared duration also sets {@link #truncated()}.
 */
public final class FfmpegAudioStream implements AudioStream {
    static final int MAX_CONSECUTIVE_ERRORS = 64;
    private static final int MAX_WARNINGS = 16;

    private final Path file;
    private final String name;
    private final long maxSamples;
    private final List<String> warnings = new ArrayList<>();
    private final MonoResampler.Sink sink = this::append;
    private AVFormatContext format;
    private AVCodecContext decoder;
    private AVPacket packet;
    private AVFrame frame;
    private MonoResampler resampler;
    private int streamIndex;
    private AudioInfo info;

    private float[] pending = new float[8192];
    private int pendingStart;
    private int pendingEnd;
    private long position;
    private long produced;
    private long nonFinite;

    private boolean demuxDone;
    private boolean finished;
    private boolean closed;
    private boolean truncated;
    private int consecutiveErrors;
    private int corruptPackets;

    private FfmpegAudioStream(Path file, DecoderLimits limits) {
        this.file = file;
        this.name = String.valueOf(file.getFileName());
        this.maxSamples = limits.maxOutputSamples();
    }

    /** Opens, validates and decodes up to the first samples, so bad input fails here rather than mid-pipeline. */
    static FfmpegAudioStream open(Path file, DecoderLimits limits) throws UnsupportedAudioException {
        Objects.requireNonNull(file, "file");
        FfmpegErrors.init();
        checkFile(file, limits);
        FfmpegAudioStream s = new FfmpegAudioStream(file, limits);
        try {
            s.openNative(limits);
            s.decodeMore();
            if (s.pendingSize() == 0) {
                throw s.nothingDecoded();
            }
            return s;
        } catch (UnsupportedAudioException | RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }

    private static void checkFile(Path file, DecoderLimits limits) throws UnsupportedAudioException {
        String name = String.valueOf(file.getFileName());
        if (!Files.exists(file)) {
            throw new UnsupportedAudioException(Reason.UNREADABLE, name + ": no such file (" + file + ")");
        }
        if (Files.isDirectory(file)) {
            throw new UnsupportedAudioException(Reason.UNREADABLE, name + ": is a directory, not an audio file");
        }
        if (!Files.isReadable(file)) {
            throw new UnsupportedAudioException(Reason.UNREADABLE, name + ": permission denied (" + file + ")");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UnsupportedAudioException(Reason.UNREADABLE, name + ": cannot read: " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new UnsupportedAudioException(Reason.EMPTY, name + ": file is empty (0 bytes)");
        }
        if (limits.maxFileBytes() > 0 && size > limits.maxFileBytes()) {
            throw new UnsupportedAudioException(Reason.TOO_LONG, name + ": file is " + size
                    + " bytes, more than the limit of " + limits.maxFileBytes() + " bytes");
        }
    }

    private void openNative(DecoderLimits limits) throws UnsupportedAudioException {
        format = new AVFormatContext(null);
        AVDictionary options = new AVDictionary(null);
        int r;
        // "file:" keeps names containing ':' from being parsed as protocols; the whitelist stops playlist-like
        // demuxers (hls, concat) from following references to the network or other protocols.
        try (BytePointer url = new BytePointer("file:" + file.toAbsolutePath(), StandardCharsets.UTF_8)) {
            av_dict_set(options, "protocol_whitelist", "file", 0);
            r = avformat_open_input(format, url, null, options);
        } finally {
            av_dict_free(options);
        }
        if (r < 0) {
            format = null; // avformat_open_input frees the context itself on failure
            throw openError(r);
        }
        r = avformat_find_stream_info(format, (PointerPointer<?>) null);
        if (r < 0) {
            throw new UnsupportedAudioException(Reason.TRUNCATED,
                    name + ": cannot read stream information: " + FfmpegErrors.describe(r));
        }
        String container = format.iformat() == null ? "?" : format.iformat().name().getString();
        streamIndex = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (PointerPointer<?>) null, 0);
        if (streamIndex < 0) {
            throw new UnsupportedAudioException(Reason.NO_AUDIO_STREAM,
                    name + ": no audio stream in this " + container + " file");
        }
        AVStream stream = format.streams(streamIndex);
        AVCodecParameters par = stream.codecpar();
        String codecName = avcodec_get_name(par.codec_id()).getString();
        AVCodec codec = avcodec_find_decoder(par.codec_id());
        if (codec == null || codec.isNull()) {
            throw new UnsupportedAudioException(Reason.UNSUPPORTED_CODEC,
                    name + ": no decoder for audio codec '" + codecName + "' (" + container + ")");
        }
        decoder = avcodec_alloc_context3(codec);
        if (decoder == null || decoder.isNull()) {
            decoder = null;
            throw new UnsupportedAudioException(Reason.UNREADABLE, name + ": out of memory allocating a decoder");
        }
        r = avcodec_parameters_to_context(decoder, par);
        if (r >= 0) {
            decoder.pkt_timebase(stream.time_base());
            r = avcodec_open2(decoder, codec, (AVDictionary) null);
        }
        if (r < 0) {
            throw new UnsupportedAudioException(Reason.UNSUPPORTED_CODEC, name + ": cannot open the '" + codecName
                    + "' decoder: " + FfmpegErrors.describe(r));
        }
        int rate = decoder.sample_rate();
        int channels = decoder.ch_layout().nb_channels();
        if (!MonoResampler.plausible(rate, channels)) {
            throw new UnsupportedAudioException(Reason.UNSUPPORTED_CODEC, name + ": implausible stream parameters ("
                    + rate + " Hz, " + channels + " channels)");
        }
        double duration = declaredDuration(stream);
        info = new AudioInfo(container, decoder.codec() == null ? codecName : decoder.codec().name().getString(),
                rate, channels, duration);
        if (duration > limits.maxDurationSeconds()) {
            throw new UnsupportedAudioException(Reason.TOO_LONG, String.format(java.util.Locale.ROOT,
                    "%s: declared duration %.1f h exceeds the limit of %.1f h", name, duration / 3600,
                    limits.maxDurationSeconds() / 3600));
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        if (packet == null || packet.isNull() || frame == null || frame.isNull()) {
            throw new UnsupportedAudioException(Reason.UNREADABLE, name + ": out of memory allocating buffers");
        }
        resampler = new MonoResampler(name);
    }

    private double declaredDuration(AVStream stream) {
        long d = stream.duration();
        if (d != AV_NOPTS_VALUE && d > 0) {
            double s = d * av_q2d(stream.time_base());
            if (Double.isFinite(s)) {
                return s;
            }
        }
        d = format.duration();
        return d != AV_NOPTS_VALUE && d > 0 ? d / (double) AV_TIME_BASE : Double.NaN;
    }

    private UnsupportedAudioException openError(int r) {
        String why = FfmpegErrors.describe(r);
        if (r == AVERROR_INVALIDDATA) {
            return new UnsupportedAudioException(Reason.NOT_AUDIO,
                    name + ": not a recognised audio container: " + why);
        }
        if (r == AVERROR_EOF) {
            return new UnsupportedAudioException(Reason.TRUNCATED, name + ": file ends inside its header: " + why);
        }
        if (r == -2 || r == -13 || r == -5 || r == -21) { // ENOENT, EACCES, EIO, EISDIR
            return new UnsupportedAudioException(Reason.UNREADABLE, name + ": cannot read: " + why);
        }
        return new UnsupportedAudioException(Reason.NOT_AUDIO, name + ": cannot open as audio: " + why);
    }

    private UnsupportedAudioException nothingDecoded() {
        if (truncated || corruptPackets > 0) {
            return new UnsupportedAudioException(Reason.TRUNCATED, name + ": no decodable audio ("
                    + String.join("; ", warnings) + ")");
        }
        return new UnsupportedAudioException(Reason.EMPTY, name + ": contains no audio samples");
    }

    @Override
    public AudioInfo info() {
        return info;
    }

    @Override
    public int read(float[] dst, int off, int len) throws UnsupportedAudioException {
        if (closed) {
            throw new IllegalStateException(name + ": stream is closed");
        }
        Objects.checkFromIndexSize(off, len, dst.length);
        if (len == 0) {
            return 0;
        }
        if (pendingSize() == 0) {
            decodeMore();
            if (pendingSize() == 0) {
                return -1;
            }
        }
        int n = Math.min(len, pendingSize());
        System.arraycopy(pending, pendingStart, dst, off, n);
        pendingStart += n;
        position += n;
        return n;
    }

    @Override
    public long position() {
        return position;
    }

    /** True when the input ended in damaged or missing data; the audio before it was still delivered. */
    public boolean truncated() {
        return truncated;
    }

    /** Why the stream is marked truncated or what was skipped (bounded list, for logs and result.json). */
    @Override
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** Packets the codec rejected and that were skipped. */
    public int corruptPackets() {
        return corruptPackets;
    }

    private int pendingSize() {
        return pendingEnd - pendingStart;
    }

    /** Decodes until some samples are pending or the stream has ended. */
    private void decodeMore() throws UnsupportedAudioException {
        pendingStart = 0;
        pendingEnd = 0;
        while (pendingSize() == 0 && !finished) {
            int r = avcodec_receive_frame(decoder, frame);
            if (r >= 0) {
                consecutiveErrors = 0;
                try {
                    resampler.convert(frame, sink);
                } finally {
                    av_frame_unref(frame);
                }
            } else if (r == AVERROR_EOF) {
                resampler.flush(sink);
                finish();
            } else if (r == FfmpegErrors.AVERROR_EAGAIN) {
                if (demuxDone) {
                    finish(); // a decoder that ignores the flush request; nothing more will come
                } else {
                    sendNextPacket();
                }
            } else {
                packetRejected(r);
            }
        }
    }

    private void append(FloatPointer src, int count) throws UnsupportedAudioException {
        produced += count;
        if (produced > maxSamples) {
            throw new UnsupportedAudioException(Reason.TOO_LONG, String.format(java.util.Locale.ROOT,
                    "%s: decoded audio exceeds the limit of %.1f h (the header understated its length)", name,
                    maxSamples / (double) SAMPLE_RATE / 3600));
        }
        if (pendingEnd + count > pending.length) {
            int keep = pendingSize();
            float[] next = keep + count > pending.length ? new float[Math.max(keep + count, pending.length * 2)]
                    : pending;
            System.arraycopy(pending, pendingStart, next, 0, keep);
            pending = next;
            pendingStart = 0;
            pendingEnd = keep;
        }
        src.position(0).get(pending, pendingEnd, count);
        for (int i = pendingEnd, end = pendingEnd + count; i < end; i++) {
            float v = pending[i];
            if (!(v >= -1f && v <= 1f)) {
                // Float sources may hold NaN/Inf or overs; the contract is finite samples in [-1, 1].
                if (Float.isNaN(v) || Float.isInfinite(v)) {
                    nonFinite++;
                    v = 0f;
                }
                pending[i] = Math.max(-1f, Math.min(1f, v));
            }
        }
        pendingEnd += count;
    }

    private void sendNextPacket() throws UnsupportedAudioException {
        while (true) {
            int r = av_read_frame(format, packet);
            if (r < 0) {
                if (r != AVERROR_EOF) {
                    markTruncated("read error after " + seconds(produced) + ": " + FfmpegErrors.describe(r));
                }
                endOfInput();
                return;
            }
            try {
                if (packet.stream_index() != streamIndex) {
                    continue;
                }
                r = avcodec_send_packet(decoder, packet);
            } finally {
                av_packet_unref(packet);
            }
            if (r < 0 && r != FfmpegErrors.AVERROR_EAGAIN) {
                packetRejected(r);
                if (demuxDone) {
                    return;
                }
                continue;
            }
            return;
        }
    }

    private void packetRejected(int r) {
        corruptPackets++;
        consecutiveErrors++;
        warn("skipped a damaged packet at " + seconds(produced) + ": " + FfmpegErrors.describe(r));
        if (consecutiveErrors >= MAX_CONSECUTIVE_ERRORS && !demuxDone) {
            markTruncated("gave up after " + consecutiveErrors + " damaged packets in a row at " + seconds(produced));
            endOfInput();
        } else if (consecutiveErrors >= 4 * MAX_CONSECUTIVE_ERRORS) {
            finished = true; // even the drain keeps failing
        }
    }

    /** Tells the decoder no more packets come, so it returns its buffered frames and then EOF. */
    private void endOfInput() {
        demuxDone = true;
        avcodec_send_packet(decoder, null);
    }

    private void finish() {
        finished = true;
        double declared = info.durationSeconds();
        double decoded = produced / (double) SAMPLE_RATE;
        if (Double.isFinite(declared) && declared - decoded > Math.max(0.5, 0.02 * declared)) {
            markTruncated(String.format(java.util.Locale.ROOT, "decoded %.2f s of a declared %.2f s", decoded,
                    declared));
        }
        if (nonFinite > 0) {
            warn(nonFinite + " non-finite samples replaced by silence");
        }
    }

    private void markTruncated(String why) {
        truncated = true;
        warn(why);
    }

    private void warn(String message) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(message);
        }
    }

    private static String seconds(long samples) {
        return String.format(java.util.Locale.ROOT, "%.2f s", samples / (double) SAMPLE_RATE);
    }

    /** Frees every native object exactly once; safe to call repeatedly and after a failed open. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending = new float[0];
        pendingStart = 0;
        pendingEnd = 0;
        if (resampler != null) {
            resampler.close();
            resampler = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (decoder != null) {
            avcodec_free_context(decoder);
            decoder = null;
        }
        if (format != null) {
            avformat_close_input(format);
            format = null;
        }
    }

    @Override
    public String toString() {
        return "FfmpegAudioStream[" + name + ", " + info + ", position=" + position + "]";
    }
}
