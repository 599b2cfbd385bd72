package io.emotrace.nativelib;

import org.bytedeco.javacpp.BytePointer;

/** NUL-terminated text from a fixed-size native buffer (getString() alone would return the whole buffer). */
final class CStrings {
    private CStrings() {
    }

    static String read(BytePointer buffer) {
        if (buffer == null || buffer.isNull()) {
            return "";
        }
        long len = BytePointer.strlen(buffer);
        return buffer.limit(buffer.position() + len).getString();
    }

    /** A zeroed buffer for the native side to fill. */
    static BytePointer buffer(int size) {
        BytePointer b = new BytePointer(size);
        b.zero();
        return b;
    }
}
