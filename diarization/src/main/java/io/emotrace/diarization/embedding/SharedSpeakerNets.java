package io.emotrace.diarization.embedding;

import io.emotrace.Digests;
import io.emotrace.EmotraceException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The process's loaded speaker networks, one per model: the diarizer's embedder and the emotion stage's
 * {@link SpeakerNetVoiceStats} open the same shipped weights, and without this each loaded its own copy (4-6 MiB
 * resident each, measured 2026-12-06, with its own fbank extractor and lock). A network is keyed by where its files
 * were read (the classpath, or a folder) and a digest of all of them
 * (weights, card, PLDA back-end, nuisance projection), so a folder whose files changed, or another folder, loads its
 * own. Counts its users: {@link #release} of the last one closes it (after the calls running on it) and forgets it; a
 * later {@link #acquire} loads it again. Holds nothing while no one uses a network.
 */
final class SharedSpeakerNets {
    /** Loads a network (called at most once per key while it is in use). */
    interface Loader {
        ProjectSpeakerEmbedder.Loaded load() throws EmotraceException;
    }

    private record Key(String place, String files) {
    }

    private static final class Entry {
        final Key key;
        final ProjectSpeakerEmbedder.Loaded loaded;
        int users;

        Entry(Key key, ProjectSpeakerEmbedder.Loaded loaded) {
            this.key = key;
            this.loaded = loaded;
        }
    }

    /** Guarded by itself; loads happen under it too, so two first users of one model never load it twice. */
    private static final Map<Key, Entry> OPEN = new HashMap<>();
    private static final Map<ProjectSpeakerEmbedder.Loaded, Entry> BY_NETWORK = new java.util.IdentityHashMap<>();

    private SharedSpeakerNets() {
    }

    /**
     * The network of these {@code files} read from {@code place}, loaded by {@code loader} when no one holds it yet;
     * each call is one more user, to {@link #release} once.
     */
    static ProjectSpeakerEmbedder.Loaded acquire(String place, List<byte[]> files, Loader loader)
            throws EmotraceException {
        Key key = new Key(place, digest(files));
        synchronized (OPEN) {
            Entry e = OPEN.get(key);
            if (e == null) {
                e = new Entry(key, loader.load());
                OPEN.put(key, e);
                BY_NETWORK.put(e.loaded, e);
            }
            e.users++;
            return e.loaded;
        }
    }

    /** One user of {@code loaded} is done; the last one closes it. */
    static void release(ProjectSpeakerEmbedder.Loaded loaded) {
        boolean last;
        synchronized (OPEN) {
            Entry e = BY_NETWORK.get(loaded);
            if (e == null) {
                throw new IllegalStateException("a speaker network released more often than acquired");
            }
            last = --e.users == 0;
            if (last) {
                OPEN.remove(e.key);
                BY_NETWORK.remove(loaded);
            }
        }
        if (last) {
            loaded.close(); // outside the lock: it waits for running calls, and other models may load meanwhile
        }
    }

    /** Networks loaded now (tests). */
    static int open() {
        synchronized (OPEN) {
            return OPEN.size();
        }
    }

    /** Users of {@code loaded} now; 0 once it is freed (tests). */
    static int users(ProjectSpeakerEmbedder.Loaded loaded) {
        synchronized (OPEN) {
            Entry e = BY_NETWORK.get(loaded);
            return e == null ? 0 : e.users;
        }
    }

    /** SHA-256 over the files, each with its length first (so files cannot run into each other). */
    private static String digest(List<byte[]> files) {
        MessageDigest md = Digests.sha256();
        for (byte[] f : files) {
            int n = f.length;
            md.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            md.update(f);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
