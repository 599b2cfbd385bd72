package io.emotrace.web.db;

/** One row of {@code jobs}: an analysis of a recording ({@code kind} "analyze") and how often it was started. */
public record JobRow(String id, String recordingId, String kind, String status, int attempts, long createdAt) {
}
