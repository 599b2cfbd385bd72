package io.emotrace.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./emotrace}: assembles the command tree from every module on the classpath. */
public final class Main {
    /** Commands every build answers to; one with no provider yet says so instead of pretending. */
    static final Map<String, String> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("analyze", "full analysis of recordings");
        KNOWN.put("emotion", "speech emotion recognition (issue: emotion)");
        KNOWN.put("diarize", "who spoke when (issue: diarization)");
        KNOWN.put("transcribe", "speech to text (issue: transcription and rules)");
        KNOWN.put("serve", "HTTP/WebSocket service (issue: service and web UI)");
        KNOWN.put("simulate", "meeting simulator (issue: diarization)");
        KNOWN.put("score-diarization", "DER/JER scoring (issue: diarization)");
        KNOWN.put("train", "train the project's models");
        KNOWN.put("rules", "business rules (issue: transcription and rules)");
        KNOWN.put("models", "list and fetch models");
        KNOWN.put("embeddings", "search and cluster emotion embeddings (.npy)");
        KNOWN.put("speakers", "enrolled voices: enroll, list, delete (issue: known speakers)");
        KNOWN.put("live", "stream audio to a running service for live analysis (issue: live analysis)");
        KNOWN.put("bench", "benchmarks that print figures");
    }

    private Main() {
    }

    @Command(name = "emotrace", mixinStandardHelpOptions = true, version = "emotrace 0.1.0",
            description = "Multi-speaker conversation analyzer: diarization, emotion, transcription, rules.")
    static final class Root implements Callable<Integer> {
        @Override
        public Integer call() {
            new CommandLine(this).usage(System.out);
            return 0;
        }
    }

    @Command(name = "group", mixinStandardHelpOptions = true)
    static final class Group implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(System.out);
            return 0;
        }
    }

    @Command(name = "unavailable")
    static final class Unavailable implements Callable<Integer> {
        private final String name;
        private final String what;

        @CommandLine.Unmatched
        List<String> ignored = new ArrayList<>();

        Unavailable(String name, String what) {
            this.name = name;
            this.what = what;
        }

        @Override
        public Integer call() {
            System.err.println("emotrace " + name + ": not available in this build (" + what + ").");
            return 3;
        }
    }

    public static CommandLine commandLine() {
        CommandLine root = new CommandLine(new Root());
        List<CliCommand> nested = new ArrayList<>();
        for (CliCommand c : ServiceLoader.load(CliCommand.class)) {
            if (c.parent() == null) {
                root.addSubcommand(c.name(), c.command());
            } else {
                nested.add(c);
            }
        }
        for (CliCommand c : nested) {
            CommandLine parent = root.getSubcommands().get(c.parent());
            if (parent == null) {
                parent = new CommandLine(new Group());
                parent.getCommandSpec().name(c.parent());
                parent.getCommandSpec().usageMessage().description(KNOWN.getOrDefault(c.parent(), c.parent()));
                root.addSubcommand(c.parent(), parent);
            }
            parent.addSubcommand(c.name(), c.command());
        }
        for (Map.Entry<String, String> e : KNOWN.entrySet()) {
            if (!root.getSubcommands().containsKey(e.getKey())) {
                CommandLine cl = new CommandLine(new Unavailable(e.getKey(), e.getValue()));
                cl.getCommandSpec().usageMessage().description("[not available yet] " + e.getValue());
                root.addSubcommand(e.getKey(), cl);
            }
        }
        return root;
    }

    public static void main(String[] args) {
        int code = commandLine().setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }
}
