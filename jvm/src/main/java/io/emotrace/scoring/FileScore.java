package io.emotrace.scoring;

import java.util.List;
import java.util.Map;

/**
 * Scores of one file. {@code mapping} is the optimal reference-to-hypothesis speaker mapping used for DER
 * (reference speakers with no partner are absent); {@code speakerJers} is the JER of each reference speaker.
 */
public record FileScore(String fileId, DerComponents der, double jer, List<String> refSpeakers,
        List<String> hypSpeakers, Map<String, String> mapping, Map<String, Double> speakerJers) {
}
