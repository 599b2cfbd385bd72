package io.emotrace.web;

import io.emotrace.output.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The service as the API tests run it: a real server on a free loopback port over a fresh temp data folder, the
 * classpath's stages, no extensions, and an HTTP client for it. {@link #close()} stops it and deletes the folder.
 */
record TestService(Path data, EmotraceServer server, Http http) implements AutoCloseable {
    static TestService start(String name) throws Exception {
        return start(name, UnaryOperator.identity());
    }

    /** {@code config} adjusts the defaults (port 0, the temp folder) before the start. */
    static TestService start(String name, UnaryOperator<ServiceConfig> config) throws Exception {
        Path data = Files.createTempDirectory(name);
        EmotraceServer server = EmotraceServer.start(config.apply(ServiceConfig.defaults().port(0).dataDir(data)),
                ServiceStages.light(), List.of());
        return new TestService(data, server, new Http(server.baseUrl()));
    }

    @Override
    public void close() throws Exception {
        server.close();
        FileTrees.delete(data);
    }
}
