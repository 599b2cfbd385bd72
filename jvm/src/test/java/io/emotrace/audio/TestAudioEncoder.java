package io.emotrace.audio;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.FF_COMPLIANCE_EXPERIMENTAL;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Test-only encoder: writes a real clip as AAC/Vorbis/Opus/MP3 with the bundled FFmpeg encoders, so the decoder
 * is tested on those formats without copying shared files into the repository.
 */
final class TestAudioEncoder {
    /** An encoder + container combination. */
    record Format(String encoder, String muxer, int sampleFormat, int rate, int channels, long bitRate) {
    }

    static final Format AAC_M4A = new Format("aac", "ipod", AV_SAMPLE_FMT_FLTP, 44_100, 2, 128_000);
    static final Format VORBIS_OGG = new Format("vorbis", "ogg", AV_SAMPLE_FMT_FLTP, 44_100, 2, 128_000);
    static final Format OPUS_OGG = new Format("libopus", "ogg", AV_SAMPLE_FMT_FLT, 48_000, 2, 96_000);
    static final Format MP3 = new Format("libmp3lame", "mp3", AV_SAMPLE_FMT_FLTP, 32_000, 1, 128_000);

    private TestAudioEncoder() {
    }

    static boolean available(Format f) {
        AVCodec c = avcodec_find_encoder_by_name(f.encoder());
        return c != null && !c.isNull();
    }

    /** Encodes 16 kHz mono samples (resampled/upmixed to the format's rate and channels) into {@code out}. */
    static void encode(float[] mono16k, Format f, Path out) {
        float[] interleaved = convert(mono16k, f.rate(), f.channels());
        int frames = interleaved.length / f.channels();
        AVCodec codec = avcodec_find_encoder_by_name(f.encoder());
        AVFormatContext oc = new AVFormatContext(null);
        AVCodecContext ctx = null;
        AVPacket pkt = null;
        AVFrame frame = null;
        try {
            check(avformat_alloc_output_context2(oc, null, f.muxer(), out.toString()), "output context");
            ctx = avcodec_alloc_context3(codec);
            ctx.sample_fmt(f.sampleFormat()).sample_rate(f.rate()).bit_rate(f.bitRate());
            av_channel_layout_default(ctx.ch_layout(), f.channels());
            ctx.time_base(new AVRational().num(1).den(f.rate()));
            ctx.strict_std_compliance(FF_COMPLIANCE_EXPERIMENTAL); // the native vorbis encoder is "experimental"
            if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
                ctx.flags(ctx.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            }
            check(avcodec_open2(ctx, codec, (AVDictionary) null), "open encoder " + f.encoder());
            AVStream st = avformat_new_stream(oc, null);
            check(avcodec_parameters_from_context(st.codecpar(), ctx), "stream parameters");
            st.time_base(ctx.time_base());
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, out.toString(), AVIO_FLAG_WRITE), "open " + out);
            oc.pb(pb);
            check(avformat_write_header(oc, (AVDictionary) null), "write header");
            pkt = av_packet_alloc();
            frame = av_frame_alloc();
            int frameSize = ctx.frame_size() > 0 ? ctx.frame_size() : 1024;
            for (int pos = 0; pos < frames; pos += frameSize) {
                int n = Math.min(frameSize, frames - pos);
                fillFrame(frame, ctx, interleaved, pos, n, f);
                frame.pts(pos);
                check(avcodec_send_frame(ctx, frame), "send frame");
                drain(ctx, pkt, oc, st);
            }
            check(avcodec_send_frame(ctx, null), "flush encoder");
            drain(ctx, pkt, oc, st);
            check(av_write_trailer(oc), "write trailer");
        } finally {
            if (frame != null) {
                av_frame_free(frame);
            }
            if (pkt != null) {
                av_packet_free(pkt);
            }
            if (ctx != null) {
                avcodec_free_context(ctx);
            }
            if (!oc.isNull()) {
                if (oc.pb() != null && !oc.pb().isNull()) {
                    AVIOContext pb = oc.pb();
                    avio_closep(pb);
                    oc.pb(null);
                }
                avformat_free_context(oc);
            }
        }
    }

    private static void fillFrame(AVFrame frame, AVCodecContext ctx, float[] interleaved, int pos, int n, Format f) {
        org.bytedeco.ffmpeg.global.avutil.av_frame_unref(frame);
        frame.nb_samples(n).format(f.sampleFormat()).sample_rate(f.rate());
        check(av_channel_layout_copy(frame.ch_layout(), ctx.ch_layout()), "frame layout");
        check(av_frame_get_buffer(frame, 0), "frame buffer");
        int ch = f.channels();
        if (f.sampleFormat() == AV_SAMPLE_FMT_FLT) {
            new FloatPointer(frame.data(0)).put(interleaved, pos * ch, n * ch);
        } else {
            float[] plane = new float[n];
            for (int c = 0; c < ch; c++) {
                for (int i = 0; i < n; i++) {
                    plane[i] = interleaved[(pos + i) * ch + c];
                }
                new FloatPointer(frame.data(c)).put(plane, 0, n);
            }
        }
    }

    private static void drain(AVCodecContext ctx, AVPacket pkt, AVFormatContext oc, AVStream st) {
        while (avcodec_receive_packet(ctx, pkt) >= 0) {
            av_packet_rescale_ts(pkt, ctx.time_base(), st.time_base());
            pkt.stream_index(st.index());
            check(av_interleaved_write_frame(oc, pkt), "write packet");
        }
    }

    /** 16 kHz mono to interleaved float at {@code rate} with {@code channels} identical channels (swresample). */
    private static float[] convert(float[] mono, int rate, int channels) {
        SwrContext swr = new SwrContext(null);
        try (AVChannelLayout in = new AVChannelLayout(); AVChannelLayout out = new AVChannelLayout();
             FloatPointer src = new FloatPointer(mono); PointerPointer<FloatPointer> srcPP = new PointerPointer<>(1)) {
            av_channel_layout_default(in, 1);
            av_channel_layout_default(out, channels);
            check(swr_alloc_set_opts2(swr, out, AV_SAMPLE_FMT_FLT, rate, in, AV_SAMPLE_FMT_FLT, 16_000, 0, null),
                    "swr");
            // Upmix copies mono to every channel at full level (FFmpeg's default would use -3 dB per channel),
            // so a correct mean downmix in the decoder gives back the original level.
            double[] copy = new double[channels];
            java.util.Arrays.fill(copy, 1.0);
            check(org.bytedeco.ffmpeg.global.swresample.swr_set_matrix(swr, copy, 1), "upmix matrix");
            check(swr_init(swr), "swr init");
            int cap = swr_get_out_samples(swr, mono.length) + 1024;
            try (FloatPointer dst = new FloatPointer((long) cap * channels);
                 PointerPointer<FloatPointer> dstPP = new PointerPointer<>(1)) {
                srcPP.put(0, src);
                dstPP.put(0, dst);
                int n = swr_convert(swr, dstPP, cap, srcPP, mono.length);
                check(n, "convert");
                dstPP.put(0, dst.getPointer((long) n * channels));
                int tail = swr_convert(swr, dstPP, cap - n, (PointerPointer<?>) null, 0);
                check(tail, "flush");
                float[] result = new float[(n + tail) * channels];
                dst.position(0).get(result);
                av_channel_layout_uninit(in);
                av_channel_layout_uninit(out);
                return result;
            }
        } finally {
            swr_free(swr);
        }
    }

    private static void check(int r, String what) {
        if (r < 0) {
            throw new IllegalStateException("test encoder: " + what + ": " + FfmpegErrors.describe(r));
        }
    }
}
