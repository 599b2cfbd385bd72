package io.emotrace.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An hour-long input decoded in small chunks keeps Java heap and native memory flat. */
class FfmpegStreamingMemoryTest {
    private static final int RATE = 22_050; // not 16 kHz, so the resampler runs the whole hour
    private static final long SECONDS = 3600;

    @TempDir
    Path tmp;

    @Test
    void decodingAnHourKeepsMemoryFlat() throws Exception {
        float[] speech = new FfmpegAudioDecoder().decodeAll(
                SharedTestData.require("data/ravdess/Actor_01/03-01-05-02-01-01-01.flac"));
        Path wav = tmp.resolve("hour.wav");
        long frames = RATE * SECONDS;
        writeRepeated(wav, speech, frames);

        long totalSamples = 0;
        long baseHeap = 0;
        long baseNative = 0;
        long baseRss = 0;
        long maxHeap = 0;
        long maxNative = 0;
        long maxRss = 0;
        float[] chunk = new float[1600];
        long checkEvery = 16_000L * 300; // every 5 minutes of output
        long nextCheck = checkEvery;
        try (FfmpegAudioStream in = new FfmpegAudioDecoder().open(wav)) {
            assertEquals(SECONDS, in.info().durationSeconds(), 0.01);
            for (int r; (r = in.read(chunk, 0, chunk.length)) >= 0; ) {
                totalSamples += r;
                if (totalSamples >= nextCheck) {
                    nextCheck += checkEvery;
                    System.gc();
                    long heap = usedHeap();
                    long nat = Pointer.totalBytes();
                    long rss = Pointer.physicalBytes();
                    if (baseHeap == 0) { // after the first 5 minutes: everything is warmed up
                        baseHeap = heap;
                        baseNative = nat;
                        baseRss = rss;
                    }
                    maxHeap = Math.max(maxHeap, heap);
                    maxNative = Math.max(maxNative, nat);
                    maxRss = Math.max(maxRss, rss);
                }
            }
            assertTrue(!in.truncated(), in.warnings()::toString);
        }
        Files.delete(wav);
        System.out.printf("streaming 1 h: heap %d -> max %d KiB, JavaCPP %d -> max %d KiB, RSS %d -> max %d MiB%n",
                baseHeap >> 10, maxHeap >> 10, baseNative >> 10, maxNative >> 10, baseRss >> 20, maxRss >> 20);
        assertEquals(SECONDS * 16_000, totalSamples, 16, "every sample of the hour delivered");
        // Holding the hour would take 230 MB of floats; streaming must stay within small constant slack.
        assertTrue(maxHeap - baseHeap < 8L << 20, "heap grew by " + ((maxHeap - baseHeap) >> 10) + " KiB");
        assertTrue(maxNative - baseNative < 1L << 20, "JavaCPP bytes grew by " + (maxNative - baseNative));
        assertTrue(maxRss - baseRss < 64L << 20, "RSS grew by " + ((maxRss - baseRss) >> 20) + " MiB");
    }

    @Test
    void repeatedOpenAndFailedOpenLeakNothing() throws Exception {
        Path flac = SharedTestData.require("data/ravdess/Actor_01/03-01-01-01-01-01-01.flac");
        byte[] bytes = Files.readAllBytes(flac);
        Path cut = tmp.resolve("cut.flac");
        Files.write(cut, java.util.Arrays.copyOf(bytes, 60)); // fails inside the header
        Path noAudio = tmp.resolve("text.mp3");
        Files.writeString(noAudio, "not audio at all\n".repeat(100));
        FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();
        float[] buf = new float[4096];
        long baseRss = 0;
        long baseNative = 0;
        for (int i = 0; i < 1000; i++) {
            if (i % 50 == 0) {
                // Collect often so the young generation reuses the same pages: RSS then shows native growth only.
                System.gc();
            }
            if (i == 200) {
                baseRss = Pointer.physicalBytes();
                baseNative = Pointer.totalBytes();
            }
            try (AudioStream in = decoder.open(flac)) {
                in.read(buf, 0, buf.length); // closed half-way through: must still free everything
            }
            for (Path bad : new Path[] {cut, noAudio}) {
                try (AudioStream in = decoder.open(bad)) {
                    throw new AssertionError("should not open " + bad);
                } catch (UnsupportedAudioException expected) {
                    // every native object allocated before the failure must be freed by open itself
                }
            }
        }
        System.gc();
        long rssGrowth = Pointer.physicalBytes() - baseRss;
        System.out.printf("800 open/close + 1600 failed opens: RSS %+d KiB, JavaCPP %+d bytes%n", rssGrowth >> 10,
                Pointer.totalBytes() - baseNative);
        // A leaked format context + AVIO buffer is tens of KiB; 2400 leaks would be far beyond this bound.
        assertTrue(rssGrowth < 16L << 20, "RSS grew by " + (rssGrowth >> 10) + " KiB");
        assertTrue(Pointer.totalBytes() - baseNative < 64 << 10, "JavaCPP bytes grew");
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** 16-bit mono WAV of {@code frames} samples: real speech repeated (played at 22.05 kHz) end to end. */
    private static void writeRepeated(Path wav, float[] speech, long frames) throws Exception {
        ByteBuffer block = ByteBuffer.allocate(speech.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : speech) {
            block.putShort((short) Math.round(v * 32767f));
        }
        byte[] bytes = block.array();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(wav), 1 << 20)) {
            out.write(TestWav.header(RATE, 1, 16, 1, frames * 2));
            for (long left = frames * 2; left > 0; left -= bytes.length) {
                out.write(bytes, 0, (int) Math.min(bytes.length, left));
            }
        }
    }
}
