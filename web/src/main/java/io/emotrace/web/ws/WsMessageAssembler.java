package io.emotrace.web.ws;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Joins one connection's data frames into messages under three bounds, instead of Vert.x's aggregation (which
 * drops an oversize fragmented message without a word): a frame over {@code maxFrameBytes} or a message over
 * {@code maxMessageBytes} means close with 1009; a message over {@code maxHandledBytes} is not kept (at most that
 * much is buffered) and is answered {@code ws.too_big}; a text message that is not UTF-8 means close with 1007.
 * Used on the connection's event loop only.
 */
final class WsMessageAssembler {
    static final short CLOSE_TOO_BIG = 1009;
    static final short CLOSE_BAD_DATA = 1007;

    /** What a frame amounts to. */
    sealed interface Result permits Pending, Text, TooBig, Binary, Close {
    }

    /** The message goes on in later frames. */
    record Pending() implements Result {
    }

    record Text(String text) implements Result {
    }

    /** A complete message over the handled size, not kept. */
    record TooBig(long bytes) implements Result {
    }

    /** A complete binary message (live audio); {@code data} null when it was over the binary limit (not kept). */
    record Binary(byte[] data, long bytes) implements Result {
    }

    record Close(short code, String reason) implements Result {
    }

    private static final Pending PENDING = new Pending();

    private final int maxFrameBytes;
    private final int maxHandledBytes;
    private final int maxMessageBytes;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean binary;
    private long size;

    WsMessageAssembler(int maxFrameBytes, int maxHandledBytes, int maxMessageBytes) {
        this.maxFrameBytes = maxFrameBytes;
        this.maxHandledBytes = maxHandledBytes;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** {@code first}: a text or binary frame (not a continuation); {@code text}: its message is text. */
    Result frame(boolean first, boolean text, boolean fin, byte[] data) {
        if (data.length > maxFrameBytes) {
            return close(CLOSE_TOO_BIG, "frame over " + maxFrameBytes + " bytes");
        }
        if (first) {
            reset();
            binary = !text;
        }
        size += data.length;
        if (size > maxMessageBytes) {
            return close(CLOSE_TOO_BIG, "message over " + maxMessageBytes + " bytes");
        }
        if (!binary && size <= maxHandledBytes || binary && size <= maxFrameBytes) {
            buffer.write(data, 0, data.length);
        } else {
            buffer.reset(); // over the handled size or binary: only the count is kept
        }
        if (!fin) {
            return PENDING;
        }
        long bytes = size;
        boolean wasBinary = binary;
        byte[] message = buffer.toByteArray();
        reset();
        if (wasBinary) {
            return new Binary(bytes <= maxFrameBytes ? message : null, bytes);
        }
        if (bytes > maxHandledBytes) {
            return new TooBig(bytes);
        }
        try {
            return new Text(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message)).toString());
        } catch (CharacterCodingException e) {
            return new Close(CLOSE_BAD_DATA, "text message is not valid UTF-8");
        }
    }

    private Close close(short code, String reason) {
        reset();
        return new Close(code, reason);
    }

    private void reset() {
        buffer.reset();
        size = 0;
        binary = false;
    }
}
