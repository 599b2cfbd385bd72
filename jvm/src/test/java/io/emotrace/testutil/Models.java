package io.emotrace.testutil;

import static org.junit.jupiter.api.Assertions.fail;

import io.emotrace.SharedData;
import io.emotrace.models.ModelException;
import io.emotrace.models.ModelStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Model files for tests: Silero comes from the build's npm fetch; missing fails under CI=true, skips otherwise. */
public final class Models {
    private Models() {
    }

    public static Path require(String name) {
        try {
            return ModelStore.withDefaults(SharedData.root()).resolve(name);
        } catch (ModelException e) {
            if (SharedData.isCi()) {
                fail("model " + name + " missing under CI: " + e.getMessage());
            }
            Assumptions.abort(e.getMessage());
            return null;
        }
    }
}
