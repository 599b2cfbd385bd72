package io.emotrace.rules;

import static io.emotrace.domain.Emotion.ANGRY;
import static io.emotrace.domain.Emotion.HAPPY;
import static io.emotrace.domain.Emotion.NEUTRAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.SharedData;
import io.emotrace.SharedTestData;
import io.emotrace.asr.Asr;
import io.emotrace.asr.EmbeddedEnglishAsr;
import io.emotrace.audio.ArrayAudioSource;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.domain.Emotion;
import io.emotrace.domain.Transcript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules on what the ASR (embedded Vosk) actually hears: real read speech from ../shared/data/asr, RAVDESS
 * actors, and phrases synthesised with espeak-ng (politeness and complaints, which no shared recording says).
 * No emotion model runs here: the acoustic emotion is each test's input (RAVDESS's own label where it has one).
 */
class RulesOnRealTranscriptsTest {
    static final String ASR_DIR = "data/asr/";
    static final Map<String, Transcript> HEARD = new LinkedHashMap<>();
    static Asr asr;
    static FfmpegAudioDecoder decoder;

    @BeforeAll
    static void transcribe() throws Exception {
        SharedTestData.require(ASR_DIR + "transcripts.tsv");
        decoder = new FfmpegAudioDecoder();
        asr = EmbeddedEnglishAsr.open();
        for (String f : List.of("sense_and_sensibility_01_austen_64kb-0890.wav", "sense_and_sensibility_01_austen_64kb-0920.wav",
                "sense_and_sensibility_01_austen_64kb-0930.wav", "001.wav", "005.wav")) {
            HEARD.put(f, heard(SharedTestData.require(ASR_DIR + f)));
        }
    }

    @AfterAll
    static void close() {
        if (asr != null) {
            asr.close();
        }
    }

    static Transcript heard(Path file) throws Exception {
        float[] samples = decoder.decodeAll(file);
        return asr.transcribe(new ArrayAudioSource(samples, 16000), 0, samples.length / 16000.0);
    }

    /** espeak-ng says {@code text} into a wav; Vosk transcribes it. Skips when espeak-ng is not installed here. */
    static Transcript spoken(String text) throws Exception {
        Path wav = Files.createTempFile("emotrace-rules-", ".wav");
        try {
            Process p;
            try {
                p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-s", "140", "-w", wav.toString(), text)
                        .redirectErrorStream(true).start();
            } catch (java.io.IOException e) {
                if (SharedData.isCi()) {
                    throw e;
                }
                Assumptions.abort("espeak-ng not installed (./emotrace setup installs it)");
                return null;
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "espeak-ng failed");
            return heard(wav);
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    private static StoredAnalysis oneSegment(Transcript t, Emotion voice, double confidence) {
        return Segments.analysis().add("S1", 0, 4, voice, confidence, t.text()).build();
    }

    private static List<RuleOutcome> fired(RuleEvaluation ev, String rule) {
        return ev.outcomes().stream().filter(o -> o.rule().equals(rule)).toList();
    }

    @Test
    void negationInSynthesisedSpeechDampensTheReading() throws Exception {
        // (the read "he was not an ill disposed young man" is heard as "... not a nail disposed ...": no emotion word)
        Transcript t = spoken("I am not happy with this service");
        RuleEvaluation ev = RuleSet.defaults().evaluate(oneSegment(t, ANGRY, 0.8));
        List<RuleOutcome> neg = fired(ev, "negation-dampens");
        assertEquals(2, neg.size(), "heard '" + t.text() + "': " + ev.outcomes());
        assertEquals(List.of("not", "happy"), neg.get(0).explanation().words());
        assertEquals(0.56, ev.adjustments().get(0).confidenceAfter(), 1e-9);
    }

    @Test
    void contradictionBetweenRealWordsAndTheVoice() {
        Transcript positive = HEARD.get("sense_and_sensibility_01_austen_64kb-0920.wav"); // "... more respectable ..."
        RuleEvaluation masked = RuleSet.defaults().evaluate(oneSegment(positive, ANGRY, 0.9));
        assertTrue(fired(masked, "masked-emotion").stream().anyMatch(o -> "masked-emotion".equals(o.flag())),
                "heard '" + positive.text() + "': " + masked.outcomes());
        assertTrue(fired(masked, "masked-emotion").get(0).explanation().words().toString().contains("respectable"));
        // the same words in a calm voice are no contradiction
        assertTrue(fired(RuleSet.defaults().evaluate(oneSegment(positive, NEUTRAL, 0.9)), "masked-emotion").isEmpty());

        Transcript negative = HEARD.get("sense_and_sensibility_01_austen_64kb-0890.wav"); // "... selfish ... ill disposed"
        RuleEvaluation reverse = RuleSet.defaults().evaluate(oneSegment(negative, HAPPY, 0.9));
        List<RuleOutcome> r = fired(reverse, "incongruent-positive-voice");
        assertEquals(1, r.size(), "heard '" + negative.text() + "': " + reverse.outcomes());
        assertTrue(r.get(0).explanation().scores().get("textPolarity") <= -0.4);
        assertTrue(r.get(0).explanation().words().toString().contains("selfish"));
    }

    @Test
    void hedgingInRealReadSpeech() {
        Transcript t = HEARD.get("sense_and_sensibility_01_austen_64kb-0930.wav"); // "he might even have been made amiable himself"
        RuleSet rs = Segments.rules("{\"id\": \"hedge\", \"when\": {\"type\": \"hedging\"},"
                + " \"then\": [{\"type\": \"scaleConfidence\", \"factor\": 0.8}]}");
        RuleEvaluation ev = rs.evaluate(oneSegment(t, HAPPY, 0.7));
        assertEquals(1, ev.outcomes().size(), "heard '" + t.text() + "'");
        assertEquals(List.of("might"), ev.outcomes().get(0).explanation().words());
    }

    @Test
    void keywordListsAndRegexesOnRealCommands() {
        RuleSet rs = Segments.rulesWith(", \"keywordSets\": {\"cards\": {\"words\": {\"en\": [\"clubs\", \"spades\"]},"
                + " \"regexes\": {\"en\": [\"\\\\b(?:ten|eight|four|seven)\\\\s+of\\\\s+(?:clubs|spades|hearts)\\\\b\"]}}}",
                "{\"id\": \"cards\", \"when\": {\"type\": \"keywords\", \"set\": \"cards\", \"minMatches\": 3},"
                        + " \"then\": [{\"type\": \"alert\", \"severity\": \"info\", \"message\": \"{reason}\"}]}");
        Transcript one = HEARD.get("001.wav");   // "ten of clubs": 1 word + 1 regex hit, below minMatches 3
        Transcript many = HEARD.get("005.wav");  // "eight of spades four of clubs seven of hearts"
        RuleEvaluation ev = rs.evaluate(Segments.analysis()
                .add("S1", 0, 2, NEUTRAL, 0.9, one.text())
                .add("S2", 2, 6, NEUTRAL, 0.9, many.text())
                .build());
        assertEquals(1, ev.outcomes().size(), "heard '" + one.text() + "' and '" + many.text() + "'");
        assertEquals(1, ev.outcomes().get(0).segment());
        assertTrue(ev.outcomes().get(0).explanation().words().containsAll(List.of("spades", "clubs",
                "eight of spades", "seven of hearts")), "heard '" + many.text() + "': " + ev.outcomes());
    }

    @Test
    void politenessAndComplaintsInSynthesisedSpeech() throws Exception {
        Transcript polite = spoken("thank you very much for waiting");
        Transcript complaint = spoken("I want to cancel my subscription and I want a refund");
        RuleEvaluation ev = RuleSet.defaults().evaluate(Segments.analysis()
                .add("S1", 0, 3, ANGRY, 0.5, polite.text())
                .add("S2", 3, 7, ANGRY, 0.95, complaint.text())
                .build());
        List<RuleOutcome> p = fired(ev, "politeness-neutral");
        assertEquals(2, p.size(), "heard '" + polite.text() + "': " + ev.outcomes());
        assertEquals(NEUTRAL, ev.adjustments().get(0).emotionAfter());
        List<RuleOutcome> c = fired(ev, "complaint-keywords");
        assertEquals(1, c.size(), "heard '" + complaint.text() + "': " + ev.outcomes());
        assertTrue(c.get(0).explanation().words().containsAll(List.of("refund", "cancel my subscription")),
                c.get(0).explanation().words().toString());
    }

    @Test
    void escalationOverRealRavdessTurnsWithTheirLabels() throws Exception {
        // actor 03 calm, actor 04 neutral, then actor 03 angry twice; times as spoken
        List<String[]> turns = List.of(
                new String[] {"S1", "Actor_03/03-01-02-01-01-01-03.flac", "calm"},
                new String[] {"S2", "Actor_04/03-01-01-01-01-01-04.flac", "neutral"},
                new String[] {"S1", "Actor_03/03-01-05-02-01-01-03.flac", "angry"},
                new String[] {"S1", "Actor_03/03-01-05-02-02-01-03.flac", "angry"});
        Segments s = Segments.analysis();
        double t = 0;
        for (String[] turn : turns) {
            Path f = SharedTestData.require("data/ravdess/" + turn[1]);
            float[] samples = decoder.decodeAll(f);
            Transcript heard = asr.transcribe(new ArrayAudioSource(samples, 16000), 0, samples.length / 16000.0);
            double d = samples.length / 16000.0;
            Emotion e = turn[2].equals("calm") ? NEUTRAL : Emotion.parse(turn[2]);
            s.add(turn[0], t, t + d, e, 0.9, heard.text());
            t += d + 0.5;
        }
        RuleEvaluation ev = RuleSet.defaults().evaluate(s.build());
        List<RuleOutcome> esc = fired(ev, "anger-escalation");
        assertEquals(1, esc.size(), ev.outcomes().toString());
        assertEquals("S1", esc.get(0).speaker());
        assertEquals("critical", esc.get(0).severity());
        // the actors' neutral sentences ("kids are talking by the door") trigger no text rule
        assertEquals(1, ev.outcomes().size(), ev.outcomes().toString());
    }
}
