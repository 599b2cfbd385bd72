package io.emotrace.domain;

/** A recognised word with absolute times in seconds and the recogniser's confidence in [0, 1]. */
public record Word(String text, double start, double end, double confidence) {
}
