package io.emotrace.asr;

import io.emotrace.SharedData;
import io.emotrace.models.ModelException;
import io.emotrace.models.ModelStore;
import io.emotrace.output.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The embedded English model: Maven fetches the {@code vosk-model-en} aar at build time (manifest entry
 * {@value #MODEL}, sha256 pinned); at first use its {@code assets/model-en-us/} is unpacked into
 * {@code <model cache>/}{@value #MODEL}{@code /model-en-us/}. The folder is built under a hidden temporary name
 * and renamed into place only when complete, so a crash or a concurrent first use never leaves half a model.
 */
public final class VoskModelCache {
    public static final String MODEL = "vosk-model-small-en-us-0.15";
    static final String PREFIX = "assets/model-en-us/";
    static final String FOLDER = "model-en-us";
    /** Written last inside the temporary folder: a published folder always has it. */
    static final String MARKER = ".emotrace-unpacked";

    private final ModelStore store;

    public VoskModelCache(ModelStore store) {
        this.store = store;
    }

    public static VoskModelCache withDefaults() {
        return new VoskModelCache(ModelStore.withDefaults(SharedData.root()));
    }

    /** Where the unpacked model lives (whether or not it exists yet). */
    public Path directory() {
        return store.cacheRoot().resolve(MODEL).resolve(FOLDER);
    }

    public boolean unpacked() {
        return Files.isRegularFile(directory().resolve(MARKER));
    }

    /** Null when the model is unpacked or can be unpacked (the aar is present and verified), else why not. */
    public String problem() {
        if (unpacked()) {
            return null;
        }
        try {
            store.resolve(MODEL);
            return null;
        } catch (ModelException e) {
            return e.getMessage();
        }
    }

    /** The unpacked model folder, unpacking the aar on first use. */
    public Path ensure() throws AsrException {
        Path target = directory();
        if (unpacked()) {
            return target;
        }
        Path aar;
        try {
            aar = store.resolve(MODEL);
        } catch (ModelException e) {
            throw new AsrException("asr.model_missing", e.getMessage(), e);
        }
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling("." + FOLDER + ".partial-" + UUID.randomUUID());
            try {
                int files = unpack(aar, temp);
                if (files == 0) {
                    throw new AsrException("asr.unpack_failed", aar + " has no " + PREFIX + " entries");
                }
                Files.writeString(temp.resolve(MARKER), "unpacked from " + aar + "\n", StandardCharsets.UTF_8);
                publish(temp, target);
            } finally {
                FileTrees.delete(temp);
            }
        } catch (IOException e) {
            throw new AsrException("asr.unpack_failed", "cannot unpack " + aar + " into " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    private static int unpack(Path aar, Path dest) throws IOException {
        Files.createDirectories(dest);
        int files = 0;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(aar))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (!e.getName().startsWith(PREFIX) || e.isDirectory()) {
                    continue;
                }
                Path out = dest.resolve(e.getName().substring(PREFIX.length())).normalize();
                if (!out.startsWith(dest)) {
                    throw new IOException("entry escapes the model folder: " + e.getName());
                }
                Files.createDirectories(out.getParent());
                Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING); // reads one entry, leaves the zip open
                files++;
            }
        }
        return files;
    }

    /** Renames the complete folder into place; losing a race to another process is fine, its copy is complete. */
    private static void publish(Path temp, Path target) throws IOException {
        if (Files.exists(target) && !Files.isRegularFile(target.resolve(MARKER))) {
            FileTrees.delete(target); // an unmarked folder was not written by us (or predates the marker): replace it
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            // another process published first
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot atomically rename into " + target, e);
        } catch (IOException e) {
            if (!Files.isRegularFile(target.resolve(MARKER))) {
                throw e;
            }
        }
    }

}
