package io.emotrace.cli.models;

import io.emotrace.SharedData;
import io.emotrace.cli.CliCommand;
import io.emotrace.models.ModelEntry;
import io.emotrace.models.ModelException;
import io.emotrace.models.ModelStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./emotrace models fetch NAME|--all [--from FILE]}: downloads (or imports) and verifies weights. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = "Fetch a model into the cache and verify its sha256 (npm, URL, Maven), or import a file with --from.")
public final class ModelsFetchCommand implements CliCommand, Callable<Integer> {
    static final class Target {
        @Parameters(index = "0", paramLabel = "NAME", description = "model name (see: models list)")
        String name;

        @Option(names = "--all", description = "every model that can be fetched automatically")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--from", paramLabel = "FILE", description = "import this local file (user-provided exports)")
    Path from;

    @Override
    public String parent() {
        return "models";
    }

    @Override
    public Integer call() {
        ModelStore store = ModelStore.withDefaults(SharedData.root());
        List<String> names = new ArrayList<>();
        if (target.all) {
            if (from != null) {
                System.err.println("--from needs one model NAME, not --all");
                return 2;
            }
            for (ModelEntry e : store.manifest().models()) {
                if (e.kind() != ModelEntry.Kind.USER_PROVIDED || e.source().url() != null) {
                    names.add(e.name());
                }
            }
        } else {
            names.add(target.name);
        }
        int failures = 0;
        for (String n : names) {
            try {
                Path p = store.fetch(n, from);
                ModelStore.Status s = store.status(store.manifest().get(n));
                System.out.println(n + ": " + (s.state() == ModelStore.State.VERIFIED ? "verified" : "present (sha256 not pinned)")
                        + " at " + p);
            } catch (ModelException e) {
                failures++;
                System.err.println("emotrace models fetch: " + n + ": error " + e.describe());
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
