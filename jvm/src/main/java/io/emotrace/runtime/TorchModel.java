package io.emotrace.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TupleElements;
import org.bytedeco.pytorch.global.torch;

/**
 * An owned TorchScript module (LibTorch {@code torch::jit::load}): load once, forward many, on CUDA when
 * LibTorch sees a usable GPU, else CPU.
 *
 * <p>Thread safety: TorchScript inference ({@code Module::forward} under no-grad) may be called concurrently
 * on one loaded module; autograd state is thread-local and every call creates its own tensors. Inputs and
 * outputs cross as {@link TensorData}; every tensor a call creates is released by its {@link PointerScope}.
 */
public final class TorchModel implements AutoCloseable {
    private final Path file;
    private final JitModule module;
    private final Device device;
    private final String deviceName;
    private volatile boolean closed;

    private TorchModel(Path file, JitModule module, Device device, String deviceName) {
        this.file = file;
        this.module = module;
        this.device = device;
        this.deviceName = deviceName;
    }

    /** Loads a TorchScript file; {@code preferCuda} moves it to GPU 0 when {@link Accelerators#torchCuda()} says usable. */
    public static TorchModel load(Path file, boolean preferCuda) throws ModelRuntimeException {
        if (!Files.isRegularFile(file)) {
            throw new ModelRuntimeException("model.missing", "TorchScript file not found: " + file);
        }
        boolean cuda = preferCuda && Accelerators.torchCuda().usable();
        JitModule m;
        try {
            m = torch.load(file.toAbsolutePath().toString());
        } catch (UnsatisfiedLinkError e) {
            throw new ModelRuntimeException("runtime.torch.unavailable", "LibTorch could not be loaded: " + e, e);
        } catch (RuntimeException e) {
            throw new ModelRuntimeException("model.load", "cannot load TorchScript " + file + ": " + e.getMessage(), e);
        }
        try {
            m.eval();
            Device d = new Device(cuda ? "cuda:0" : "cpu");
            if (cuda) {
                m.to(d);
            }
            return new TorchModel(file, m, d, cuda ? "cuda:0" : "cpu");
        } catch (RuntimeException e) {
            m.close();
            throw new ModelRuntimeException("model.load", "cannot prepare TorchScript " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code cpu} or {@code cuda:0}. */
    public String device() {
        return deviceName;
    }

    /** Runs {@code forward} and returns its tensor, or the tensors of a returned tuple/list, on the host. */
    public List<TensorData> forward(TensorData... inputs) throws ModelRuntimeException {
        if (closed) {
            throw new ModelRuntimeException("model.closed", "model " + file.getFileName() + " is closed");
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            IValueVector args = new IValueVector();
            for (TensorData in : inputs) {
                args.push_back(new IValue(toTensor(in)));
            }
            IValue out = module.forward(args);
            List<TensorData> result = new ArrayList<>();
            collect(out, result);
            return result;
        } catch (RuntimeException e) {
            throw new ModelRuntimeException("model.run", "LibTorch forward failed on " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private Tensor toTensor(TensorData in) {
        long[] shape = in.shape();
        // from_blob borrows the native copy; clone()/to() give LibTorch its own storage before the scope frees it.
        Tensor t = in.type() == TensorData.Type.FLOAT32
                ? torch.from_blob(new FloatPointer(in.floats()), shape, new TensorOptions(torch.ScalarType.Float))
                : torch.from_blob(new LongPointer(in.longs()), shape, new TensorOptions(torch.ScalarType.Long));
        return deviceName.equals("cpu") ? t.clone() : t.to(device, t.scalar_type());
    }

    private static void collect(IValue v, List<TensorData> out) throws ModelRuntimeException {
        if (v.isTensor()) {
            out.add(toData(v.toTensor()));
        } else if (v.isTuple()) {
            TupleElements el = v.toTuple().elements();
            for (long i = 0; i < el.size(); i++) {
                collect(el.get(i), out);
            }
        } else if (v.isTensorList()) {
            var list = v.toTensorVector();
            for (long i = 0; i < list.size(); i++) {
                out.add(toData(list.get(i)));
            }
        } else {
            throw new ModelRuntimeException("model.output", "forward returned neither a tensor nor a tuple/list of tensors");
        }
    }

    private static TensorData toData(Tensor t) throws ModelRuntimeException {
        Tensor host = t.cpu().contiguous();
        long[] shape = new long[(int) host.dim()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = host.size(i);
        }
        int n = Math.toIntExact(host.numel());
        if (host.scalar_type() == torch.ScalarType.Float) {
            float[] a = new float[n];
            host.data_ptr_float().capacity(n).get(a);
            return TensorData.of(a, shape);
        }
        if (host.scalar_type() == torch.ScalarType.Long) {
            long[] a = new long[n];
            host.data_ptr_long().capacity(n).get(a);
            return TensorData.ofLongs(a, shape);
        }
        Tensor f = host.to(torch.ScalarType.Float).contiguous();
        float[] a = new float[n];
        f.data_ptr_float().capacity(n).get(a);
        return TensorData.of(a, shape);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            module.close();
            device.close();
        }
    }
}
