package io.emotrace.nativelib;

/** A native kernel call failed; {@link #code()} is one of {@code MelKernel.ERR_*}. */
public class NativeKernelException extends RuntimeException {
    private final int code;

    public NativeKernelException(int code, String message) {
        super(message + " (native code " + code + ")");
        this.code = code;
    }

    public int code() {
        return code;
    }
}
