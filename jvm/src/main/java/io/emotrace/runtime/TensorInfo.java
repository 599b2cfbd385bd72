package io.emotrace.runtime;

import java.util.Arrays;

/**
 * Declared signature of one model input or output. Dimensions of -1 are dynamic (batch, time).
 *
 * @param elementType ONNX element type name, e.g. {@code float32}, {@code int64}
 */
public record TensorInfo(String name, String elementType, long[] shape) {
    @Override
    public String toString() {
        return name + ": " + elementType + Arrays.toString(shape);
    }
}
