package io.emotrace.diarization.bench;

import io.emotrace.Digests;
import io.emotrace.diarization.clustering.SpeakerClusterer;
import io.emotrace.diarization.pipeline.Evidence;
import io.emotrace.diarization.pipeline.Piece;
import io.emotrace.rttm.RttmTurn;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Bench recordings after the expensive stages, kept on disk so clustering can be studied and re-tuned without
 * running segmentation and embeddings again. A file's name is a hash of everything that shapes its evidence
 * (embedding weights, pipeline settings other than clustering, which recording), so a stale entry is never read.
 */
final class EvidenceCache {
    /**
     * 4: the models' wall time is stored after the evidence. Version 3 files are still read, except the long
     * recording's, whose CPU field held its wall time: it is analysed again.
     */
    private static final int VERSION = 4;
    private static final int WITHOUT_WALL = 3;

    /** The 3-hour recording's id ({@code bench diarization --long-minutes}). */
    static final String LONG_ID = "long";

    private final Path dir;
    private final String context;

    /** {@code context}: what the evidence depends on besides the recording (model hash, pipeline settings). */
    EvidenceCache(Path dir, String context) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.context = context;
    }

    /** A cached recording, or null. {@code note[0]} receives the description stored with it. */
    BenchFile load(String recordingKey, String[] note) throws IOException {
        Path p = path(recordingKey);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(p)))) {
            int version = in.readInt();
            if (version != VERSION && version != WITHOUT_WALL) {
                return null;
            }
            String id = in.readUTF();
            if (version == WITHOUT_WALL && id.equals(LONG_ID)) {
                return null;
            }
            note[0] = in.readUTF();
            double seconds = in.readDouble();
            int refSpeakers = in.readInt();
            double vad = in.readDouble();
            double cpu = in.readDouble();
            int nt = in.readInt();
            List<RttmTurn> ref = new ArrayList<>(nt);
            for (int i = 0; i < nt; i++) {
                ref.add(new RttmTurn(in.readUTF(), in.readUTF(), in.readDouble(), in.readDouble()));
            }
            Evidence ev = readEvidence(in);
            // version 3 kept no wall time: the stages' own seconds stand for it (a short file's figures use those)
            double wall = version == VERSION ? in.readDouble()
                    : vad + ev.chainSegmentationSeconds() + ev.chainEmbeddingSeconds();
            return new BenchFile(id, seconds, ref, refSpeakers, ev, vad, cpu, wall);
        }
    }

    void store(String recordingKey, BenchFile f, String note) throws IOException {
        Path p = path(recordingKey);
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(VERSION);
            out.writeUTF(f.id());
            out.writeUTF(note);
            out.writeDouble(f.seconds());
            out.writeInt(f.referenceSpeakers());
            out.writeDouble(f.vadSeconds());
            out.writeDouble(f.cpuSeconds());
            out.writeInt(f.reference().size());
            for (RttmTurn t : f.reference()) {
                out.writeUTF(t.fileId());
                out.writeUTF(t.speaker());
                out.writeDouble(t.start());
                out.writeDouble(t.end());
            }
            writeEvidence(out, f.evidence());
            out.writeDouble(f.wallSeconds());
        }
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Evidence readEvidence(DataInputStream in) throws IOException {
        long totalFrames = in.readLong();
        boolean overlapAware = in.readBoolean();
        boolean narrowband = in.readBoolean();
        int windows = in.readInt();
        double seg = in.readDouble();
        double emb = in.readDouble();
        double embAudio = in.readDouble();
        int np = in.readInt();
        List<Piece> pieces = new ArrayList<>(np);
        for (int i = 0; i < np; i++) {
            long start = in.readLong();
            byte[] act = new byte[in.readInt()];
            in.readFully(act);
            int[] items = new int[in.readInt()];
            for (int k = 0; k < items.length; k++) {
                items[k] = in.readInt();
            }
            pieces.add(new Piece(start, act, items));
        }
        int ni = in.readInt();
        List<SpeakerClusterer.Item> items = new ArrayList<>(ni);
        for (int i = 0; i < ni; i++) {
            float[] e = new float[in.readInt()];
            for (int k = 0; k < e.length; k++) {
                e[k] = in.readFloat();
            }
            items.add(new SpeakerClusterer.Item(e, in.readDouble(), in.readBoolean(), in.readInt()));
        }
        Evidence companion = in.readBoolean() ? readEvidence(in) : null;
        return new Evidence(pieces, items, totalFrames, overlapAware, windows, seg, emb, embAudio, narrowband,
                companion);
    }

    private static void writeEvidence(DataOutputStream out, Evidence ev) throws IOException {
        out.writeLong(ev.totalFrames());
        out.writeBoolean(ev.overlapAware());
        out.writeBoolean(ev.narrowband());
        out.writeInt(ev.windows());
        out.writeDouble(ev.segmentationSeconds());
        out.writeDouble(ev.embeddingSeconds());
        out.writeDouble(ev.embeddedAudioSeconds());
        out.writeInt(ev.pieces().size());
        for (Piece pc : ev.pieces()) {
            out.writeLong(pc.startFrame());
            out.writeInt(pc.activity().length);
            out.write(pc.activity());
            out.writeInt(pc.items().length);
            for (int v : pc.items()) {
                out.writeInt(v);
            }
        }
        out.writeInt(ev.items().size());
        for (SpeakerClusterer.Item it : ev.items()) {
            out.writeInt(it.embedding().length);
            for (float v : it.embedding()) {
                out.writeFloat(v);
            }
            out.writeDouble(it.seconds());
            out.writeBoolean(it.reliable());
            out.writeInt(it.group());
        }
        out.writeBoolean(ev.companion() != null);
        if (ev.companion() != null) {
            writeEvidence(out, ev.companion());
        }
    }

    /** The file that holds {@code recordingKey}'s evidence under this cache's context. */
    Path path(String recordingKey) {
        return dir.resolve(sha256(context + "\n" + recordingKey).substring(0, 24) + ".evidence");
    }

    static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] b) {
        return Digests.sha256Hex(b);
    }
}
