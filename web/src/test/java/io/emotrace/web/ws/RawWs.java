package io.emotrace.web.ws;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A WebSocket client on a plain socket to 127.0.0.1 that writes frames exactly as told (fragments, bad UTF-8). */
final class RawWs implements AutoCloseable {
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CONTINUATION = 0x0;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    RawWs(int port, String pathAndQuery) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        String key = Base64.getEncoder().encodeToString("emotrace-raw-ws!".getBytes(StandardCharsets.US_ASCII));
        out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("no upgrade: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("no upgrade: " + head);
        }
    }

    /** One masked frame; the peer may already have closed, which is then not an error here. */
    void frame(int opcode, boolean fin, byte[] payload) throws IOException {
        byte[] mask = {7, 1, 9, 3};
        int len = payload.length;
        byte[] head;
        if (len < 126) {
            head = new byte[] {(byte) ((fin ? 0x80 : 0) | opcode), (byte) (0x80 | len)};
        } else if (len < 65536) {
            head = new byte[] {(byte) ((fin ? 0x80 : 0) | opcode), (byte) (0x80 | 126), (byte) (len >> 8),
                    (byte) len};
        } else {
            head = new byte[10];
            head[0] = (byte) ((fin ? 0x80 : 0) | opcode);
            head[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                head[9 - i] = (byte) ((long) len >> (8 * i));
            }
        }
        byte[] masked = new byte[len];
        for (int i = 0; i < len; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        try {
            out.write(head);
            out.write(mask);
            out.write(masked);
            out.flush();
        } catch (IOException closedByServer) {
            // the server may close mid-message; the close code tells why
        }
    }

    void text(String s) throws IOException {
        frame(TEXT, true, s.getBytes(StandardCharsets.UTF_8));
    }

    /** The next text message (fragments joined), or null when a close frame or the end came first. */
    String nextText() throws IOException {
        StringBuilder msg = new StringBuilder();
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte() & 0x7f;
            long len = b1 == 126 ? in.readUnsignedShort() : b1 == 127 ? in.readLong() : b1;
            byte[] data = in.readNBytes((int) len);
            int op = b0 & 0x0f;
            if (op == 0x8) {
                lastClose = len >= 2 ? ((data[0] & 0xff) << 8) | (data[1] & 0xff) : 1005;
                return null;
            }
            if (op == TEXT || op == CONTINUATION) {
                msg.append(new String(data, StandardCharsets.UTF_8));
                if ((b0 & 0x80) != 0) {
                    return msg.toString();
                }
            }
        }
    }

    private int lastClose = -1;

    /** Reads until the server's close frame and returns its status code; -1 if the connection just ended. */
    int closeCode() throws IOException {
        try {
            while (nextText() != null) {
                // skip messages
            }
            return lastClose;
        } catch (java.io.EOFException | SocketTimeoutException | java.net.SocketException e) {
            return lastClose;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
