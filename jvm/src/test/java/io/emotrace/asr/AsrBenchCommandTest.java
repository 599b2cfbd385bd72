package io.emotrace.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedTestData;
import io.emotrace.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AsrBenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void smokeRunOnTwoRealUtterancesPrintsPerUtteranceAndTotalWer() {
        Path data = SharedTestData.require("data/asr");
        CliRun r = CliRun.of(new CommandLine(new AsrBenchCommand()), "--data", data.toString(), "--limit", "2");
        assertEquals(0, r.code(), r.err());
        String text = r.out();
        assertTrue(text.contains("sense_and_sensibility_01_austen_64kb-0870.wav"), text);
        assertTrue(text.contains("sense_and_sensibility_01_austen_64kb-0880.wav"), text);
        Matcher m = Pattern.compile("read speech +WER +([0-9.]+)% \\((\\d+) errors / (\\d+) words").matcher(text);
        assertTrue(m.find(), text);
        assertEquals(22 + 8, Integer.parseInt(m.group(3))); // reference words of the two utterances
        assertTrue(Double.parseDouble(m.group(1)) <= 15.0, text); // the small model on clean read speech
        assertTrue(text.contains("target: WER <= 15% on the read speech: met"), text);
    }

    @Test
    void transcriptsTsvIsParsedStrictly() throws IOException {
        Path ok = Files.writeString(dir.resolve("ok.tsv"), "file\ttranscript\n001.wav\tten of clubs\n\nx.wav\tread text\n");
        List<AsrBenchCommand.Utterance> u = AsrBenchCommand.readTranscripts(ok);
        assertEquals(2, u.size());
        assertTrue(u.get(0).isCommand());
        assertEquals("read text", u.get(1).reference());
        Path bad = Files.writeString(dir.resolve("bad.tsv"), "file\ttranscript\nno tab here\n");
        IOException e = assertThrows(IOException.class, () -> AsrBenchCommand.readTranscripts(bad));
        assertTrue(e.getMessage().contains("bad.tsv:2"), e.getMessage());
    }

    @Test
    void missingDataIsAnErrorNotACrash() {
        CliRun r = CliRun.of(new CommandLine(new AsrBenchCommand()), "--data", dir.resolve("none").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("[bench.data_missing]"), r.err());
    }
}
