package io.emotrace.emotion.standin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds an ONNX ModelProto (field numbers from onnx/onnx.proto: ModelProto, GraphProto, NodeProto,
 * AttributeProto, TensorProto, ValueInfoProto) for a small static graph of standard operators.
 */
public final class OnnxGraph {
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

    private final Proto graph = new Proto();
    private int nodeCount;

    public OnnxGraph(String name) {
        graph.string(2, name);
    }

    /** A graph input or output: float32 with symbolic ({@code String}) or fixed ({@code Integer}) dims. */
    public OnnxGraph input(String name, Object... dims) {
        graph.message(11, valueInfo(name, dims));
        return this;
    }

    public OnnxGraph output(String name, Object... dims) {
        graph.message(12, valueInfo(name, dims));
        return this;
    }

    public OnnxGraph floats(String name, float[] values, long... dims) {
        graph.message(5, new Proto().packedLongs(1, dims).varint(2, FLOAT).string(8, name).bytes(9, Proto.littleEndian(values)));
        return this;
    }

    public OnnxGraph longs(String name, long[] values, long... dims) {
        graph.message(5, new Proto().packedLongs(1, dims).varint(2, INT64).string(8, name).bytes(9, Proto.littleEndian(values)));
        return this;
    }

    /** A node; attributes alternate name, value (Long or long[]). */
    public OnnxGraph node(String opType, String[] inputs, String output, Object... attributes) {
        Proto n = new Proto();
        for (String in : inputs) {
            n.string(1, in);
        }
        n.string(2, output).string(3, opType.toLowerCase() + "_" + nodeCount++).string(4, opType);
        for (int i = 0; i < attributes.length; i += 2) {
            Proto a = new Proto().string(1, (String) attributes[i]);
            if (attributes[i + 1] instanceof long[] ints) {
                a.packedLongs(8, ints).varint(20, ATTR_INTS);
            } else {
                a.varint(3, (Long) attributes[i + 1]).varint(20, ATTR_INT);
            }
            n.message(5, a);
        }
        graph.message(1, n);
        return this;
    }

    public void write(Path file, int opset) throws IOException {
        Proto model = new Proto()
                .varint(1, 8) // ir_version 8
                .string(2, "emotrace")
                .string(3, "stand-in")
                .message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, opset));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, model.toByteArray());
    }

    private static Proto valueInfo(String name, Object... dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            shape.message(1, d instanceof String s ? new Proto().string(2, s) : new Proto().varint(1, (Integer) d));
        }
        Proto tensorType = new Proto().varint(1, FLOAT).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }
}
