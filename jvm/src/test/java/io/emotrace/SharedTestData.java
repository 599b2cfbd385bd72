package io.emotrace;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Tests that need ../shared: fail under CI when it is missing, skip (visibly) on a developer machine. */
public final class SharedTestData {
    private SharedTestData() {
    }

    public static Path require(String relative) {
        return SharedData.find(relative).orElseGet(() -> {
            String msg = "shared data missing: " + SharedData.root().resolve(relative)
                    + " (set EMOTRACE_SHARED to the folder with data/ and models/)";
            if (SharedData.isCi()) {
                fail(msg);
            }
            Assumptions.abort(msg);
            return null;
        });
    }
}
