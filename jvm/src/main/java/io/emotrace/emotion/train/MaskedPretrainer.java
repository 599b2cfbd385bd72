package io.emotrace.emotion.train;

import io.emotrace.EmotraceException;
import io.emotrace.emotion.embedded.EmotionNet;
import io.emotrace.emotion.embedded.FbankPrep;
import io.emotrace.runtime.LearningRate;
import io.emotrace.runtime.OneDnnOff;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Conv1dImpl;
import org.bytedeco.pytorch.Conv1dOptions;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Self-supervised pretraining of the emotion network's encoder by masked-feature prediction: spans of frames of
 * unlabelled speech are hidden (set to the speaker's mean, 0 after speaker normalisation) and the encoder's frame
 * features must predict their mel bins, through a 1x1 convolution that is thrown away afterwards. The encoder so
 * learns how speech moves over time in many voices and languages before it ever sees an emotion label.
 *
 * <p>Time-boxed ({@code minutes}, the cosine schedule follows elapsed time) and resumable: the state in
 * {@code checkpoint} is written every {@link #CHECKPOINT_STEPS} steps and at the end.
 */
final class MaskedPretrainer {
    static final int CHECKPOINT_STEPS = 500;
    /** Mel bins predicted (the pitch rows beside them are inputs only). */
    static final int TARGET_BINS = LabelledClips.BINS;

    record Settings(int width, int channels, int embDim, int blocks, int batch, int cropFrames, double lr,
            double maskShare, int spanFrames, double minutes, long seed, int threads) {
        /** Everything that shapes the trained weights except the time budget, which a resumed run may extend. */
        String recipe() {
            return String.format(java.util.Locale.ROOT, "width=%d, channels=%d, embDim=%d, blocks=%d, batch=%d, "
                    + "cropFrames=%d, lr=%s, maskShare=%s, spanFrames=%d, seed=%d, threads=%d", width, channels, embDim,
                    blocks, batch, cropFrames, lr, maskShare, spanFrames, seed, threads);
        }
    }

    record Result(int steps, double seconds, double finalLoss) {
    }

    private final Settings s;
    private final PrintStream log;

    MaskedPretrainer(Settings s, PrintStream log) {
        this.s = s;
        this.log = log;
    }

    /**
     * Trains on {@code speech} and writes the encoder (a whole {@link EmotionNet}) to {@code encoderFile}; a loss that
     * is not finite stops the run with {@code train.nonfinite_loss} before anything is written.
     */
    Result train(List<Sample> speech, Path checkpoint, Path encoderFile) throws IOException, EmotraceException {
        torch.set_num_threads(s.threads());
        torch.manual_seed(s.seed());
        try (OneDnnOff noOneDnn = new OneDnnOff();
                EmotionNet net = new EmotionNet(s.width(), s.channels(), s.embDim(), s.blocks());
                Conv1dImpl head = new Conv1dImpl(new Conv1dOptions(s.embDim(), 2L * TARGET_BINS,
                        new LongPointer(1).put(0, 1)))) {
            TensorVector params = Optimisation.joined(net.parameters(), head.parameters());
            AdamWOptions opts = new AdamWOptions(s.lr());
            opts.weight_decay().put(1e-4);
            // one owner, closed on every path before the network whose parameters it holds
            try (AdamW optimizer = new AdamW(params, opts)) {
                return run(net, head, optimizer, speech, checkpoint, encoderFile);
            }
        }
    }

    private Result run(EmotionNet net, Conv1dImpl head, AdamW optimizer, List<Sample> speech, Path checkpoint,
            Path encoderFile) throws IOException, EmotraceException {
        int step = 0;
        double done = 0; // seconds of earlier invocations
        Path state = checkpoint.resolve("state.txt");
        // what the checkpoint was trained on: another recipe or other speech must not resume it
        String key = s.recipe() + " | " + speech.size() + " clips, "
                + speech.stream().mapToLong(Sample::frames).sum() + " frames";
        Path keyFile = checkpoint.resolve("key.txt");
        if (Files.isRegularFile(state)) {
            String had = Files.isRegularFile(keyFile) ? Files.readString(keyFile, StandardCharsets.UTF_8).strip() : "";
            if (!had.equals(key)) {
                throw new IOException("the checkpoint in " + checkpoint + " was trained with other settings or "
                        + "speech (" + had + "); use another --out or remove it");
            }
            String[] st = Files.readString(state, StandardCharsets.UTF_8).strip().split(" ");
            step = Integer.parseInt(st[0]);
            done = Double.parseDouble(st[1]);
            load(net, checkpoint.resolve("net.pt"));
            load(head, checkpoint.resolve("head.pt"));
            try (InputArchive a = new InputArchive()) {
                a.load_from(checkpoint.resolve("optim.pt").toString());
                optimizer.load(a);
            }
            log.printf("resumed at step %d (%.1f of %.1f min)%n", step, done / 60, s.minutes());
        }
        Files.createDirectories(checkpoint);
        Files.writeString(keyFile, key, StandardCharsets.UTF_8);
        double budget = s.minutes() * 60;
        long t0 = System.nanoTime();
        double ema = Double.NaN;
        int lastSaved = step;
        net.train(true);
        while (true) {
            double elapsed = done + (System.nanoTime() - t0) / 1e9;
            double progress = elapsed / budget;
            if (progress >= 1) {
                break;
            }
            LearningRate.set(optimizer, lrAt(progress));
            Random rnd = new Random(s.seed() * 1_000_003L + step);
            double loss = step(net, head, optimizer, speech, rnd);
            if (!Double.isFinite(loss)) {
                // the weights are poisoned from here on: keep the last checkpoint, write no encoder
                throw new EmotraceException("train.nonfinite_loss", "masked-frame loss is " + loss + " at step "
                        + step + " (learning rate " + lrAt(progress) + "); no encoder written, the checkpoint in "
                        + checkpoint + " holds the last finite state (step " + lastSaved + ")");
            }
            ema = Double.isNaN(ema) ? loss : 0.98 * ema + 0.02 * loss;
            step++;
            if (step % CHECKPOINT_STEPS == 0) {
                requireFinite(net, head, step, checkpoint, lastSaved);
                save(net, head, optimizer, checkpoint, step, elapsed);
                lastSaved = step;
                log.printf("  step %d, %.1f min, masked-frame loss %.4f (EMA)%n", step, elapsed / 60, ema);
            }
        }
        double total = done + (System.nanoTime() - t0) / 1e9;
        requireFinite(net, head, step, checkpoint, lastSaved);
        save(net, head, optimizer, checkpoint, step, total);
        net.eval();
        Files.createDirectories(encoderFile.toAbsolutePath().getParent());
        try (OutputArchive a = new OutputArchive()) {
            net.save(a);
            a.save_to(encoderFile + ".tmp");
        }
        Files.move(Path.of(encoderFile + ".tmp"), encoderFile, StandardCopyOption.REPLACE_EXISTING);
        return new Result(step, total, ema);
    }

    private double step(EmotionNet net, Conv1dImpl head, AdamW optimizer, List<Sample> speech, Random rnd) {
        int b = s.batch();
        int len = s.cropFrames();
        int w = s.width();
        float[] x = new float[b * w * len];
        float[] target = new float[b * TARGET_BINS * len];
        float[] mask = new float[b * TARGET_BINS * len];
        for (int i = 0; i < b; i++) {
            Sample smp = speech.get(rnd.nextInt(speech.size()));
            float[] crop = Augment.crop(smp.fbank(), smp.frames(), w, len, rnd);
            boolean[] hidden = spans(len, rnd);
            float[] ch = FbankPrep.toChannels(crop, len, w);
            for (int bin = 0; bin < TARGET_BINS; bin++) {
                System.arraycopy(ch, bin * len, target, (i * TARGET_BINS + bin) * len, len);
                for (int t = 0; t < len; t++) {
                    if (hidden[t]) {
                        mask[(i * TARGET_BINS + bin) * len + t] = 1;
                    }
                }
            }
            for (int row = 0; row < w; row++) {
                for (int t = 0; t < len; t++) {
                    if (hidden[t]) {
                        ch[row * len + t] = 0;
                    }
                }
            }
            System.arraycopy(ch, 0, x, i * w * len, w * len);
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor xt = torch.from_blob(new FloatPointer(x), b, w, len);
            Tensor tt = torch.from_blob(new FloatPointer(target), b, TARGET_BINS, len);
            Tensor mt = torch.from_blob(new FloatPointer(mask), b, TARGET_BINS, len);
            Tensor frames = net.forward(xt, 0).frames(); // (b, D, T')
            long tOut = frames.size(2);
            // each output frame predicts the two input frames under it (the first layer has stride 2)
            Tensor pred = head.forward(frames).view(b, TARGET_BINS, 2, tOut).permute(0, 1, 3, 2)
                    .reshape(b, TARGET_BINS, 2 * tOut).narrow(2, 0, len);
            Tensor err = pred.sub(tt);
            Tensor loss = err.mul(err).mul(mt).sum().div(mt.sum().clamp_min(new org.bytedeco.pytorch.Scalar(1)));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            return loss.item_float();
        }
    }

    /** Frames hidden in one crop: spans of {@code spanFrames} at random starts until {@code maskShare} is covered. */
    boolean[] spans(int len, Random rnd) {
        boolean[] hidden = new boolean[len];
        int want = (int) Math.round(s.maskShare() * len);
        int covered = 0;
        for (int tries = 0; covered < want && tries < 10 * len; tries++) {
            int start = rnd.nextInt(Math.max(1, len - s.spanFrames() + 1));
            for (int t = start; t < Math.min(len, start + s.spanFrames()); t++) {
                if (!hidden[t]) {
                    hidden[t] = true;
                    covered++;
                }
            }
        }
        return hidden;
    }

    private double lrAt(double progress) {
        if (progress < 0.03) {
            return s.lr() * Math.max(0.05, progress / 0.03);
        }
        return s.lr() * (0.02 + 0.98 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, (progress - 0.03) / 0.97))));
    }



    private static void load(org.bytedeco.pytorch.Module m, Path file) {
        try (InputArchive a = new InputArchive()) {
            a.load_from(file.toString());
            m.load(a);
        }
    }

    /**
     * Stops the run unless every weight is finite: the loss is read before the update, so a finite loss can still leave
     * non-finite weights behind it; checked before anything is saved.
     */
    private static void requireFinite(EmotionNet net, Conv1dImpl head, int step, Path checkpoint, int lastSaved)
            throws EmotraceException {
        try (PointerScope scope = new PointerScope()) {
            TensorVector p = Optimisation.joined(net.parameters(), head.parameters());
            for (long i = 0; i < p.size(); i++) {
                if (!p.get(i).isfinite().all().item_bool()) {
                    throw new EmotraceException("train.nonfinite_loss", "the weights are not finite after step "
                            + step + "; no encoder written, the checkpoint in " + checkpoint
                            + " holds the last finite state (step " + lastSaved + ")");
                }
            }
        }
    }

    private static void save(EmotionNet net, Conv1dImpl head, AdamW optimizer, Path dir, int step, double seconds)
            throws IOException {
        Files.createDirectories(dir);
        for (var e : List.of(java.util.Map.entry("net.pt", (org.bytedeco.pytorch.Module) net),
                java.util.Map.entry("head.pt", (org.bytedeco.pytorch.Module) head))) {
            try (OutputArchive a = new OutputArchive()) {
                e.getValue().save(a);
                a.save_to(dir.resolve(e.getKey() + ".tmp").toString());
            }
        }
        try (OutputArchive a = new OutputArchive()) {
            optimizer.save(a);
            a.save_to(dir.resolve("optim.pt.tmp").toString());
        }
        for (String f : List.of("net.pt", "head.pt", "optim.pt")) {
            Files.move(dir.resolve(f + ".tmp"), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Path tmp = dir.resolve("state.txt.tmp");
        Files.writeString(tmp, step + " " + seconds, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("state.txt"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Loads a pretrained encoder into a fresh network of the same shape (every layer; the classifier's are random). */
    static void initialise(EmotionNet net, Path encoderFile) {
        load(net, encoderFile);
    }
}
