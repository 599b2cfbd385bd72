package io.emotrace.web.jobs;

/** The latest progress of a running analysis, kept in memory (the database only gets stage changes). */
public record LiveProgress(String stage, double fraction, String message) {
}
