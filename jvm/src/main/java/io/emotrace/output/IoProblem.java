package io.emotrace.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A file-system or file-format failure in words a user can act on. The NIO exceptions carry only the path as their
 * message ("/tmp/x/.out.rttm.tmp-..."), which says neither what went wrong nor which of the user's paths it was; the
 * JSON parser's message ends in its source and location lines, which say nothing to a user.
 */
public final class IoProblem {
    private IoProblem() {
    }

    /**
     * "what: path" for the common file-system kinds; the parser's own words for a malformed JSON file; the exception's
     * own message (or its class) otherwise.
     */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return reason(e) + ": " + f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
        }
        return reason(e);
    }

    /**
     * What went wrong without the path, for messages that name the file themselves ("cannot read model.json: no such
     * file or folder"): the kind for the common file-system cases, the parser's own words for malformed JSON, the
     * exception's own message (or its class) otherwise.
     */
    public static String reason(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            return j.getOriginalMessage();
        }
        String what = e instanceof NoSuchFileException ? "no such file or folder"
                : e instanceof NotDirectoryException ? "not a folder"
                : e instanceof FileAlreadyExistsException ? "a file is in the way"
                : e instanceof AccessDeniedException ? "permission denied"
                : null;
        if (e instanceof FileSystemException f) {
            String reason = what != null ? what : f.getReason();
            return reason != null ? reason : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
