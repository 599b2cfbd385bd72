package io.emotrace.cli.models;

import io.emotrace.SharedData;
import io.emotrace.cli.CliCommand;
import io.emotrace.models.ModelStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./emotrace models list}: every model in the manifest with its local state and licence. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List known models: task, state (verified / present, not pinned / corrupt / missing), licence.")
public final class ModelsListCommand implements CliCommand, Callable<Integer> {

    @Override
    public String parent() {
        return "models";
    }

    @Override
    public Integer call() {
        ModelStore store = ModelStore.withDefaults(SharedData.root());
        List<ModelStore.Status> all = store.statusAll();
        String fmt = "%-30s %-21s %-10s %-14s %s%n";
        System.out.printf(fmt, "NAME", "TASK", "STATUS", "SOURCE", "LICENCE");
        for (ModelStore.Status s : all) {
            String state = switch (s.state()) {
                case VERIFIED -> "verified";
                case PRESENT_UNPINNED -> "present";
                case CORRUPT -> "CORRUPT";
                case MISSING -> "missing";
            };
            System.out.printf(fmt, s.entry().name(), s.entry().task(), state,
                    s.entry().source().kind(), s.entry().licence());
        }
        System.out.println();
        System.out.println("cache: " + store.cacheRoot() + "   shared: " + SharedData.root());
        System.out.println("present = found but its sha256 is not pinned in the manifest; "
                + "get a missing model with: ./emotrace models fetch NAME");
        return 0;
    }
}
