package io.emotrace.models;

import java.nio.file.Path;

/**
 * Run by the build (exec:java in models/pom.xml): puts the named models into the cache with the same
 * {@link ModelStore} code and manifest checksums that {@code ./emotrace models fetch} uses. It never fails the
 * build: without npm or network it warns, and the runtime reports the stage unavailable with the fix.
 */
public final class BuildTimeFetch {
    private BuildTimeFetch() {
    }

    public static void main(String[] names) {
        String shared = System.getenv("EMOTRACE_SHARED");
        ModelStore store = ModelStore.withDefaults(Path.of(shared != null && !shared.isBlank() ? shared : "../shared"));
        for (String name : names) {
            try {
                ModelStore.Status before = store.status(store.manifest().get(name));
                if (before.state() == ModelStore.State.VERIFIED) {
                    System.out.println("[emotrace] " + name + " present and verified: " + before.path());
                    continue;
                }
                System.out.println("[emotrace] " + name + " fetched and verified: " + store.fetch(name, null));
            } catch (ModelException e) {
                System.out.println("[emotrace] WARNING: " + name + " not fetched: " + e.describe()
                        + "; later: ./emotrace models fetch " + name);
            }
        }
    }
}
