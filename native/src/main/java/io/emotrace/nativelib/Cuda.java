package io.emotrace.nativelib;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/** CUDA side of the kernel library: detection that never throws, device buffers that free themselves. */
public final class Cuda {
    private Cuda() {
    }

    /** deviceCount 0 means unusable; detail says why (no driver, no device, built without CUDA). */
    public record Status(int deviceCount, boolean builtWithCuda, String detail) {
        public boolean available() {
            return deviceCount > 0;
        }
    }

    public record DeviceInfo(int index, String name, long totalMemory, int ccMajor, int ccMinor) {
    }

    private static volatile Status cached;

    /** Probed once per JVM: device presence does not change while we run. */
    public static Status status() {
        Status s = cached;
        if (s == null) {
            s = probe();
            cached = s;
        }
        return s;
    }

    private static Status probe() {
        try {
            MelKernel.load();
            boolean built = MelKernel.et_cuda_built() == 1;
            try (BytePointer reason = CStrings.buffer(512)) {
                int n = MelKernel.et_cuda_device_count(reason, 512);
                return new Status(Math.max(0, n), built, CStrings.read(reason));
            }
        } catch (Throwable t) { // UnsatisfiedLinkError and friends: report, never crash
            return new Status(0, false, "native kernel library failed to load: " + t);
        }
    }

    public static DeviceInfo deviceInfo(int device) {
        try (BytePointer name = CStrings.buffer(256); LongPointer mem = new LongPointer(1);
                IntPointer major = new IntPointer(1); IntPointer minor = new IntPointer(1)) {
            check(MelKernel.et_cuda_device_info(device, name, 256, mem, major, minor), "device info");
            return new DeviceInfo(device, CStrings.read(name), mem.get(), major.get(), minor.get());
        }
    }

    public static String lastError() {
        BytePointer p = MelKernel.et_cuda_last_error();
        return CStrings.read(p);
    }

    static void check(int rc, String what) {
        if (rc != MelKernel.OK) {
            throw new NativeKernelException(rc, "CUDA " + what + " failed: " + lastError());
        }
    }

    /** A cudaMalloc'ed buffer; the raw pointer can be handed to LibTorch from_blob or ORT IO binding. */
    public static final class DeviceBuffer implements AutoCloseable {
        private final int device;
        private final long bytes;
        private long pointer;

        private DeviceBuffer(int device, long pointer, long bytes) {
            this.device = device;
            this.pointer = pointer;
            this.bytes = bytes;
        }

        public static DeviceBuffer allocate(int device, long bytes) {
            MelKernel.load();
            try (LongPointer out = new LongPointer(1)) {
                check(MelKernel.et_cuda_malloc(device, bytes, out), "malloc of " + bytes + " bytes");
                return new DeviceBuffer(device, out.get(), bytes);
            }
        }

        public int device() {
            return device;
        }

        public long pointer() {
            if (pointer == 0) {
                throw new IllegalStateException("device buffer is closed");
            }
            return pointer;
        }

        public long bytes() {
            return bytes;
        }

        /** Host to device, {@code bytes} from host memory at src (its position included). */
        public void upload(Pointer src, long byteOffset, long count) {
            checkRange(byteOffset, count);
            check(MelKernel.et_cuda_copy_h2d(device, pointer() + byteOffset, src, count), "copy to device");
        }

        public void download(Pointer dst, long byteOffset, long count) {
            checkRange(byteOffset, count);
            check(MelKernel.et_cuda_copy_d2h(device, dst, pointer() + byteOffset, count), "copy to host");
        }

        private void checkRange(long off, long count) {
            if (off < 0 || count < 0 || off + count > bytes) {
                throw new IndexOutOfBoundsException("range " + off + "+" + count + " outside " + bytes + " bytes");
            }
        }

        @Override
        public synchronized void close() {
            if (pointer != 0) {
                long p = pointer;
                pointer = 0;
                check(MelKernel.et_cuda_free(device, p), "free");
            }
        }
    }
}
