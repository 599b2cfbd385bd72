package io.emotrace.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;

/** FFmpeg error codes as readable text, and the one-time process setup of the native libraries. */
final class FfmpegErrors {
    /** AVERROR(EAGAIN): the preset exposes no helper for errno-based codes; EAGAIN is 11 on Linux. */
    static final int AVERROR_EAGAIN = -11;

    static {
        // FFmpeg logs to stderr by default; our errors are reported through typed exceptions instead.
        av_log_set_level(AV_LOG_QUIET);
    }

    private FfmpegErrors() {
    }

    /** Loads the FFmpeg natives and silences their console logging (idempotent). */
    static void init() {
        // the static initializer does the work
    }

    static String describe(int code) {
        byte[] buf = new byte[256];
        if (av_strerror(code, buf, buf.length) < 0) {
            return "FFmpeg error " + code;
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8) + " (" + code + ")";
    }
}
