-- emotrace schema v4: how sure the diarizer is of each segment's speaker (calibrated probability, NULL when it does
-- not say). Portable (SQLite, PostgreSQL).
ALTER TABLE segments ADD COLUMN speaker_confidence DOUBLE PRECISION;
