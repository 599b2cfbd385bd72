package io.emotrace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EmotionBenchCommandTest {
    @Test
    void theMedianOfThePasses() {
        assertEquals(3.0, EmotionBenchCommand.median(new double[] {9, 1, 3}));
        assertEquals(2.5, EmotionBenchCommand.median(new double[] {4, 1, 2, 3}));
        assertEquals(7.0, EmotionBenchCommand.median(new double[] {7}));
    }

    @Test
    void noPassesIsRefusedBeforeAnythingIsLoaded() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new EmotionBenchCommand());
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("--repeats", "0"));
        assertTrue(err.toString().contains("--repeats"), err.toString());
    }
}
