package io.emotrace.runtime;

import static org.bytedeco.onnxruntime.global.onnxruntime.GetAvailableProviders;
import static org.bytedeco.onnxruntime.global.onnxruntime.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT;
import static org.bytedeco.onnxruntime.global.onnxruntime.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64;
import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_ENABLE_ALL;
import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_LOGGING_LEVEL_ERROR;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtArenaAllocator;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtDeviceAllocator;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtMemTypeDefault;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtSessionOptionsAppendExecutionProvider_CUDA;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.onnxruntime.ConstTensorTypeAndShapeInfo;
import org.bytedeco.onnxruntime.Env;
import org.bytedeco.onnxruntime.IoBinding;
import org.bytedeco.onnxruntime.MemoryInfo;
import org.bytedeco.onnxruntime.OrtStatus;
import org.bytedeco.onnxruntime.RunOptions;
import org.bytedeco.onnxruntime.Session;
import org.bytedeco.onnxruntime.SessionOptions;
import org.bytedeco.onnxruntime.StringVector;
import org.bytedeco.onnxruntime.TensorTypeAndShapeInfo;
import org.bytedeco.onnxruntime.TypeInfo;
import org.bytedeco.onnxruntime.Value;
import org.bytedeco.onnxruntime.ValueVector;

/**
 * An owned ONNX Runtime session: load once, run many.
 *
 * <p>Thread safety: ONNX Runtime documents {@code Session::Run} as safe to call concurrently on one session,
 * and this class keeps no per-run mutable state (names, memory info and run options are only read), so one
 * instance may serve a worker pool. {@link #close()} must not race with running calls.
 *
 * <p>Memory: every native object a run creates (input copies, tensors, the output vector) lives in a
 * {@link PointerScope} closed before the call returns; the session, its options and the name tables are
 * freed by {@link #close()}. The process-wide {@link Env} is created once and intentionally kept until exit
 * (ORT allows exactly one per process and sessions must not outlive it).
 */
public final class OnnxModel implements AutoCloseable {
    /** Settings for a session. intraOpThreads 0 lets ORT choose (one per physical core). */
    public record Options(int intraOpThreads, boolean preferCuda, int cudaDevice, int optimizationLevel) {
        public static Options defaults() {
            return new Options(0, true, 0, ORT_ENABLE_ALL);
        }

        public static Options cpu(int threads) {
            return new Options(threads, false, 0, ORT_ENABLE_ALL);
        }
    }

    /** A zero-copy view of one output while the native result is alive (see {@link #run(BoundInputs, OutputVisitor)}). */
    public interface OutputVisitor {
        void visit(int index, String name, long[] shape, Pointer data) throws ModelRuntimeException;
    }

    private static volatile Env env;

    private final Path file;
    private final SessionOptions options;
    private final Session session;
    private final MemoryInfo cpuMemory;
    private final RunOptions runOptions;
    private final List<TensorInfo> inputs;
    private final List<TensorInfo> outputs;
    private final String provider;
    private final String fallbackReason;
    private volatile boolean closed;

    private OnnxModel(Path file, SessionOptions options, Session session, String provider, String fallbackReason) {
        this.file = file;
        this.options = options;
        this.session = session;
        this.provider = provider;
        this.fallbackReason = fallbackReason;
        this.cpuMemory = MemoryInfo.CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
        this.runOptions = new RunOptions();
        this.inputs = readSignature(true);
        this.outputs = readSignature(false);
    }

    /** The shared environment, created on first use. */
    static Env env() {
        Env e = env;
        if (e == null) {
            synchronized (OnnxModel.class) {
                e = env;
                if (e == null) {
                    Loader.load(org.bytedeco.onnxruntime.global.onnxruntime.class);
                    e = new Env(ORT_LOGGING_LEVEL_ERROR, "emotrace");
                    env = e;
                }
            }
        }
        return e;
    }

    /** Execution providers compiled into the loaded ONNX Runtime (CPU always; CUDA only in a GPU build). */
    public static List<String> availableProviders() {
        env();
        try (StringVector v = GetAvailableProviders()) {
            List<String> out = new ArrayList<>();
            for (long i = 0; i < v.size(); i++) {
                out.add(v.get(i).getString());
            }
            return out;
        }
    }

    public static OnnxModel load(Path file) throws ModelRuntimeException {
        return load(file, Options.defaults());
    }

    /**
     * Loads a model. With {@code preferCuda}, the CUDA execution provider is appended when ORT has it and a
     * session can be created with it; any failure (no driver, no device, CPU-only build) falls back to CPU
     * and the reason is kept in {@link #fallbackReason()}.
     */
    public static OnnxModel load(Path file, Options opt) throws ModelRuntimeException {
        if (!Files.isRegularFile(file)) {
            throw new ModelRuntimeException("model.missing", "model file not found: " + file);
        }
        Env e;
        try {
            e = env();
        } catch (UnsatisfiedLinkError | RuntimeException ex) {
            throw new ModelRuntimeException("runtime.onnx.unavailable", "ONNX Runtime could not be loaded: " + ex, ex);
        }
        String fallback = null;
        if (opt.preferCuda()) {
            Accelerators.Status cuda = Accelerators.onnxCuda();
            if (cuda.usable()) {
                SessionOptions so = newOptions(opt);
                try {
                    OrtStatus st = OrtSessionOptionsAppendExecutionProvider_CUDA(so.asOrtSessionOptions(), opt.cudaDevice());
                    if (st != null && !st.isNull()) {
                        throw new IllegalStateException("CUDA execution provider refused");
                    }
                    Session s = newSession(e, file, so);
                    return new OnnxModel(file, so, s, "CUDAExecutionProvider", null);
                } catch (RuntimeException | UnsatisfiedLinkError ex) {
                    so.close();
                    fallback = "CUDA execution provider failed, using CPU: " + ex.getMessage();
                }
            } else {
                fallback = cuda.reason();
            }
        }
        SessionOptions so = newOptions(opt);
        try {
            return new OnnxModel(file, so, newSession(e, file, so), "CPUExecutionProvider", fallback);
        } catch (RuntimeException ex) {
            so.close();
            throw new ModelRuntimeException("model.load", "cannot load ONNX model " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static SessionOptions newOptions(Options opt) {
        SessionOptions so = new SessionOptions();
        so.SetIntraOpNumThreads(Math.max(0, opt.intraOpThreads()));
        so.SetInterOpNumThreads(1);
        so.SetGraphOptimizationLevel(opt.optimizationLevel());
        return so;
    }

    private static Session newSession(Env e, Path file, SessionOptions so) {
        // ORTCHAR_T is char on Linux: the path goes in as a NUL-terminated UTF-8 BytePointer.
        try (BytePointer path = new BytePointer(file.toAbsolutePath().toString(), java.nio.charset.StandardCharsets.UTF_8)) {
            return new Session(e, path, so);
        }
    }

    private List<TensorInfo> readSignature(boolean in) {
        List<TensorInfo> out = new ArrayList<>();
        try (PointerScope scope = new PointerScope()) {
            StringVector names = in ? session.GetInputNames() : session.GetOutputNames();
            for (long i = 0; i < names.size(); i++) {
                TypeInfo ti = in ? session.GetInputTypeInfo(i) : session.GetOutputTypeInfo(i);
                ConstTensorTypeAndShapeInfo t = ti.GetTensorTypeAndShapeInfo();
                long[] dims = new long[(int) t.GetDimensionsCount()];
                if (dims.length > 0) {
                    t.GetDimensions(dims, dims.length);
                }
                out.add(new TensorInfo(names.get(i).getString(), typeName(t.GetElementType()), dims));
            }
        }
        return List.copyOf(out);
    }

    static String typeName(int onnxType) {
        return switch (onnxType) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> "float32";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> "int64";
            case 2 -> "uint8";
            case 3 -> "int8";
            case 6 -> "int32";
            case 9 -> "bool";
            case 10 -> "float16";
            case 11 -> "float64";
            default -> "onnx-type-" + onnxType;
        };
    }

    public Path file() {
        return file;
    }

    public List<TensorInfo> inputs() {
        return inputs;
    }

    public List<TensorInfo> outputs() {
        return outputs;
    }

    /** {@code CPUExecutionProvider} or {@code CUDAExecutionProvider}. */
    public String provider() {
        return provider;
    }

    /** Why CUDA was not used although preferred, or null. */
    public String fallbackReason() {
        return fallbackReason;
    }

    /** Runs with host inputs; returns every declared output, copied into Java arrays. */
    public Map<String, TensorData> run(Map<String, TensorData> feeds) throws ModelRuntimeException {
        return run(feeds, outputs.stream().map(TensorInfo::name).toArray(String[]::new));
    }

    /** Runs with host inputs and returns the named outputs, copied into Java arrays. */
    public Map<String, TensorData> run(Map<String, TensorData> feeds, String... outputNames) throws ModelRuntimeException {
        ensureOpen();
        for (String name : feeds.keySet()) {
            if (inputs.stream().noneMatch(t -> t.name().equals(name))) {
                throw new ModelRuntimeException("model.input", "model " + file.getFileName() + " has no input '" + name
                        + "'; inputs: " + inputs);
            }
        }
        try (PointerScope scope = new PointerScope()) {
            String[] names = feeds.keySet().toArray(String[]::new);
            Pointer[] buffers = new Pointer[names.length];
            long[][] shapes = new long[names.length][];
            for (int i = 0; i < names.length; i++) {
                TensorData t = feeds.get(names[i]);
                shapes[i] = t.shape();
                buffers[i] = t.type() == TensorData.Type.FLOAT32 ? new FloatPointer(t.floats()) : new LongPointer(t.longs());
            }
            Map<String, TensorData> result = new LinkedHashMap<>();
            try (BoundInputs bound = bind(names, buffers, shapes, outputNames)) {
                run(bound, (index, name, shape, data) -> result.put(name, copyOut(name, shape, data)));
            }
            return result;
        }
    }

    private static TensorData copyOut(String name, long[] shape, Pointer data) throws ModelRuntimeException {
        int n = Math.toIntExact(TensorData.elementCount(shape));
        if (data instanceof FloatPointer fp) {
            float[] a = new float[n];
            fp.capacity(n).get(a);
            return TensorData.of(a, shape);
        }
        if (data instanceof LongPointer lp) {
            long[] a = new long[n];
            lp.capacity(n).get(a);
            return TensorData.ofLongs(a, shape);
        }
        throw new ModelRuntimeException("model.output", "output '" + name + "' has an element type this wrapper does not copy");
    }

    /**
     * Wraps caller-owned native buffers (FloatPointer for float32, LongPointer for int64) as input tensors
     * once, together with the names of the outputs to fetch, so a streaming caller can rewrite the buffers
     * and run again without any copy or allocation. The buffers must stay alive and unmoved until the
     * returned object is closed.
     */
    public BoundInputs bind(String[] names, Pointer[] buffers, long[][] shapes, String... outputNames) throws ModelRuntimeException {
        ensureOpen();
        Value values = new Value(names.length);
        NativeNames inNames = new NativeNames(names);
        NativeNames outNames = new NativeNames(outputNames);
        try (PointerScope scope = new PointerScope()) {
            for (int i = 0; i < names.length; i++) {
                long n = TensorData.elementCount(shapes[i]);
                Pointer buf = buffers[i];
                Value t;
                if (buf instanceof FloatPointer fp) {
                    t = Value.CreateTensorFloat(cpuMemory.asOrtMemoryInfo(), fp, n, new LongPointer(shapes[i]), shapes[i].length);
                } else if (buf instanceof LongPointer lp) {
                    t = Value.CreateTensorLong(cpuMemory.asOrtMemoryInfo(), lp, n, new LongPointer(shapes[i]), shapes[i].length);
                } else {
                    throw new ModelRuntimeException("model.input", "input '" + names[i] + "': only FloatPointer and LongPointer buffers are supported");
                }
                // Ort::Value is move-only: put() moves the tensor into slot i of the contiguous array.
                values.getPointer(i).put(t);
            }
        } catch (RuntimeException ex) {
            new BoundInputs(values, inNames, outNames).close();
            throw new ModelRuntimeException("model.input", "cannot create input tensors: " + ex.getMessage(), ex);
        } catch (ModelRuntimeException ex) {
            new BoundInputs(values, inNames, outNames).close();
            throw ex;
        }
        return new BoundInputs(values, inNames, outNames);
    }

    /** A table of NUL-terminated names owned here (not left to GC), in the form Session::Run takes. */
    private static final class NativeNames implements AutoCloseable {
        final String[] names;
        final BytePointer[] strings;
        final PointerPointer<BytePointer> table;

        NativeNames(String[] names) {
            this.names = names.clone();
            this.strings = new BytePointer[names.length];
            for (int i = 0; i < names.length; i++) {
                strings[i] = new BytePointer(names[i], java.nio.charset.StandardCharsets.UTF_8);
            }
            this.table = new PointerPointer<>(strings);
        }

        @Override
        public void close() {
            table.close();
            for (BytePointer p : strings) {
                p.close();
            }
        }
    }

    /** Input tensors bound to native buffers plus the output names; close to release them (not the buffers). */
    public static final class BoundInputs implements AutoCloseable {
        private final Value values;
        private final NativeNames inputs;
        private final NativeNames outputs;

        private BoundInputs(Value values, NativeNames inputs, NativeNames outputs) {
            this.values = values;
            this.inputs = inputs;
            this.outputs = outputs;
        }

        @Override
        public void close() {
            values.close();
            inputs.close();
            outputs.close();
        }
    }

    /**
     * Runs over bound native inputs and hands each bound output to the visitor while it is alive (zero copy;
     * the pointer is invalid after the visitor returns).
     */
    public void run(BoundInputs in, OutputVisitor visitor) throws ModelRuntimeException {
        ensureOpen();
        String[] outputNames = in.outputs.names;
        try (PointerScope scope = new PointerScope()) {
            ValueVector result;
            try {
                result = session.Run(runOptions, in.inputs.table, in.values, in.inputs.names.length, in.outputs.table,
                        outputNames.length);
            } catch (RuntimeException ex) {
                throw new ModelRuntimeException("model.run", "ONNX Runtime failed on " + file.getFileName() + ": " + ex.getMessage(), ex);
            }
            for (int i = 0; i < outputNames.length; i++) {
                // ValueVector.get moves the Ort::Value out; this Java object now owns it (freed by the scope).
                Value v = result.get(i);
                TensorTypeAndShapeInfo info = v.GetTensorTypeAndShapeInfo();
                long[] shape = new long[(int) info.GetDimensionsCount()];
                if (shape.length > 0) {
                    info.GetDimensions(shape, shape.length);
                }
                int type = info.GetElementType();
                Pointer data = switch (type) {
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> v.GetTensorMutableDataFloat();
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> v.GetTensorMutableDataLong();
                    default -> v.GetTensorMutableRawData();
                };
                visitor.visit(i, outputNames[i], shape, data);
            }
        }
    }

    /**
     * IO-binding hook for device-resident tensors (GPU machines only; not exercised on CPU-only CI): the
     * binder binds inputs/outputs created over device memory (see {@link #cudaMemoryInfo(int)}), then the
     * session runs without a host round trip. The binding is released before returning.
     */
    public void runWithBinding(Consumer<IoBinding> binder) throws ModelRuntimeException {
        ensureOpen();
        try (IoBinding binding = new IoBinding(session)) {
            binder.accept(binding);
            binding.SynchronizeInputs();
            session.Run(runOptions, binding);
            binding.SynchronizeOutputs();
        } catch (RuntimeException ex) {
            throw new ModelRuntimeException("model.run", "IO-bound run failed on " + file.getFileName() + ": " + ex.getMessage(), ex);
        }
    }

    /** Memory info describing CUDA device memory, for tensors bound through {@link #runWithBinding}. Caller closes it. */
    public static MemoryInfo cudaMemoryInfo(int device) {
        return new MemoryInfo("Cuda", OrtDeviceAllocator, device, OrtMemTypeDefault);
    }

    private void ensureOpen() throws ModelRuntimeException {
        if (closed) {
            throw new ModelRuntimeException("model.closed", "model " + file.getFileName() + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            runOptions.close();
            cpuMemory.close();
            session.close();
            options.close();
        }
    }

    @Override
    public String toString() {
        return "OnnxModel[" + file.getFileName() + ", " + provider + ", in=" + inputs + ", out=" + outputs + "]";
    }
}
