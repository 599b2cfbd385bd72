-- emotrace service schema v1. Portable between SQLite and PostgreSQL: TEXT, BIGINT, DOUBLE PRECISION, INTEGER.
CREATE TABLE recordings (
    id               TEXT PRIMARY KEY,
    file_name        TEXT NOT NULL,
    upload_path      TEXT NOT NULL,
    size_bytes       BIGINT NOT NULL,
    created_at       BIGINT NOT NULL,
    status           TEXT NOT NULL,
    stage            TEXT,
    progress         DOUBLE PRECISION NOT NULL DEFAULT 0,
    error_code       TEXT,
    error_message    TEXT,
    run_dir          TEXT,
    duration_seconds DOUBLE PRECISION,
    summary_json     TEXT,
    rules_version    INTEGER
);
CREATE TABLE jobs (
    id            TEXT PRIMARY KEY,
    recording_id  TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    status        TEXT NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    started_at    BIGINT,
    finished_at   BIGINT,
    error_code    TEXT,
    error_message TEXT
);
CREATE INDEX jobs_status ON jobs(status, created_at);
CREATE TABLE segments (
    recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    speaker      TEXT,
    start_s      DOUBLE PRECISION NOT NULL,
    end_s        DOUBLE PRECISION NOT NULL,
    emotion      TEXT,
    confidence   DOUBLE PRECISION,
    scores_json  TEXT,
    text         TEXT,
    PRIMARY KEY (recording_id, idx)
);
CREATE INDEX segments_time ON segments(recording_id, speaker, start_s);
CREATE TABLE flags (
    recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    rules_version INTEGER,
    rule         TEXT NOT NULL,
    severity     TEXT,
    speaker      TEXT,
    start_s      DOUBLE PRECISION NOT NULL,
    end_s        DOUBLE PRECISION NOT NULL,
    message      TEXT,
    PRIMARY KEY (recording_id, idx)
);
CREATE TABLE rules (
    id              TEXT PRIMARY KEY,
    current_version INTEGER NOT NULL
);
CREATE TABLE rule_versions (
    version    INTEGER PRIMARY KEY,
    created_at BIGINT NOT NULL,
    author     TEXT,
    document   TEXT NOT NULL
);
CREATE TABLE api_tokens (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    sha256     TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0
);
