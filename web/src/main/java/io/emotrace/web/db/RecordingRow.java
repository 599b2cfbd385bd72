package io.emotrace.web.db;

/** One row of {@code recordings}. Times are epoch milliseconds; progress is the last stored stage fraction. */
public record RecordingRow(String id, String fileName, String uploadPath, long sizeBytes, long createdAt,
                           String status, String stage, double progress, String errorCode, String errorMessage,
                           String runDir, Double durationSeconds, String summaryJson, Integer rulesVersion) {
    public static final String QUEUED = "queued";
    /** A live stream still receiving audio; its analysis job waits until the stream ends. */
    public static final String LIVE = "live";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public boolean finished() {
        return DONE.equals(status) || FAILED.equals(status);
    }
}
