package io.emotrace.runtime;

import java.util.Arrays;

/**
 * A dense host tensor in row-major order: either float or int64 elements plus a shape. Immutable by
 * convention (arrays are not copied, so callers must not mutate them after handing them over).
 */
public final class TensorData {
    public enum Type { FLOAT32, INT64 }

    private final Type type;
    private final float[] floats;
    private final long[] longs;
    private final long[] shape;

    private TensorData(Type type, float[] floats, long[] longs, long[] shape) {
        this.type = type;
        this.floats = floats;
        this.longs = longs;
        this.shape = shape.clone();
        long n = elementCount(shape);
        long have = type == Type.FLOAT32 ? floats.length : longs.length;
        if (n != have) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " elements, got " + have);
        }
    }

    public static TensorData of(float[] data, long... shape) {
        return new TensorData(Type.FLOAT32, data, null, shape);
    }

    public static TensorData ofLongs(long[] data, long... shape) {
        return new TensorData(Type.INT64, null, data, shape);
    }

    /** A rank-0 int64 tensor (e.g. Silero's {@code sr}). */
    public static TensorData scalar(long value) {
        return new TensorData(Type.INT64, null, new long[] {value}, new long[0]);
    }

    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public Type type() {
        return type;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long size() {
        return type == Type.FLOAT32 ? floats.length : longs.length;
    }

    /** The float elements; fails for an int64 tensor. */
    public float[] floats() {
        if (type != Type.FLOAT32) {
            throw new IllegalStateException("tensor is " + type + ", not FLOAT32");
        }
        return floats;
    }

    /** The int64 elements; fails for a float tensor. */
    public long[] longs() {
        if (type != Type.INT64) {
            throw new IllegalStateException("tensor is " + type + ", not INT64");
        }
        return longs;
    }

    @Override
    public String toString() {
        return "TensorData[" + type + " " + Arrays.toString(shape) + "]";
    }
}
