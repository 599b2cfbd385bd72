package io.emotrace.web.api;

import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.AudioStream;
import io.emotrace.audio.UnsupportedAudioException;
import io.emotrace.output.FileTrees;
import io.emotrace.web.ApiException;
import io.emotrace.web.ServiceComponents;
import io.emotrace.web.db.RecordingRow;
import io.emotrace.web.jobs.RecordingFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Turns a fully received upload (a temp file) into a recording: checked by the decoder (content decides, never
 * the name or MIME type), fsync'd and renamed into {@code uploads/<id>/} and only then recorded with its job, so
 * a recorded upload is always complete on disk. Blocking: runs on a worker thread.
 */
final class UploadIntake {
    private UploadIntake() {
    }

    static RecordingRow accept(ServiceComponents c, Path tmp, String clientName) throws SQLException, IOException {
        boolean moved = false;
        try {
            long size = Files.size(tmp);
            if (size == 0) {
                throw new ApiException(400, "audio.empty", "the upload is empty");
            }
            if (size > c.config().maxUploadBytes()) {
                throw new ApiException(413, "too_large", "upload exceeds " + c.config().maxUploadBytes() + " bytes");
            }
            probe(c, tmp);
            String id = RecordingFiles.newId();
            Path dir = c.files().uploadDir(id);
            Files.createDirectories(dir);
            Path target = dir.resolve(RecordingFiles.safeFileName(clientName));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            RecordingFiles.syncDirectory(dir);
            RecordingFiles.syncDirectory(dir.getParent());
            RecordingRow row = new RecordingRow(id, RecordingFiles.safeFileName(clientName), target.toString(), size,
                    System.currentTimeMillis(), RecordingRow.QUEUED, null, 0, null, null, null, null, null, null);
            try {
                c.store().insert(row, UUID.randomUUID().toString());
            } catch (SQLException e) {
                FileTrees.delete(dir);
                throw e;
            }
            return row;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Opens the file with the decoder and decodes its first second: proof that it is audio we can analyse. */
    private static void probe(ServiceComponents c, Path file) {
        AudioDecoder decoder;
        try {
            decoder = c.engines().decoder();
        } catch (io.emotrace.EmotraceException e) {
            throw new ApiException(503, "decoder.unavailable", "no audio decoder available in this build: "
                    + e.getMessage());
        }
        try (AudioStream in = decoder.open(file)) {
            float[] buf = new float[AudioStream.SAMPLE_RATE];
            int got = 0;
            for (int r; got < buf.length && (r = in.read(buf, got, buf.length - got)) >= 0; ) {
                got += r;
            }
            if (got == 0) {
                throw new ApiException(422, "audio.empty", "the file holds no audio samples");
            }
        } catch (UnsupportedAudioException e) {
            int status = e.reason() == UnsupportedAudioException.Reason.TOO_LONG ? 413 : 415;
            throw new ApiException(status, e.code(), "not accepted as audio: " + e.getMessage()
                    .replace(file.toString(), "upload").replace(file.getFileName().toString(), "upload"));
        } catch (RuntimeException e) {
            if (e instanceof ApiException) {
                throw e;
            }
            throw new ApiException(415, "audio.not_audio", "not accepted as audio: " + e.getMessage());
        }
    }

}
