-- emotrace service schema v2: names given by hand to the speakers of one recording (no voiceprint involved).
CREATE TABLE speaker_names (
    recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
    speaker      TEXT NOT NULL,
    name         TEXT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (recording_id, speaker)
);
