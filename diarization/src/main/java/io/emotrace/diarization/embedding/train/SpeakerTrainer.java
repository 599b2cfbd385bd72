package io.emotrace.diarization.embedding.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotrace.diarization.embedding.SpeakerFbank;
import io.emotrace.diarization.embedding.SpeakerModelFiles;
import io.emotrace.diarization.embedding.SpeakerNet;
import io.emotrace.diarization.embedding.SpeakerNetConfig;
import io.emotrace.runtime.LearningRate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The training loop: Adam with warm-up and cosine decay, batches from {@link BatchSampler}, checkpoints in
 * {@code OUT/checkpoint/} every few minutes (network, loss head, optimiser state, step and elapsed time) so an
 * interrupted run resumes where it stopped. The run is time-boxed: learning-rate progress is the larger of
 * steps done / planned steps and time used / time allowed, so a run cut short by its time budget still decays.
 */
final class SpeakerTrainer {
    /**
     * @param balanceCorpora draw speakers with weight 1 / sqrt(speakers of their corpus) instead of uniformly
     * @param phoneChannel   augment with the telephone channel too ({@link WaveAugmenter.Settings#channels()})
     * @param stopAfterMinutes end this invocation after so many wall minutes (0 = never) with a checkpoint: a
     *                       schedule longer than one working session is run in several resumed parts
     * @param emotionConfusion weight of the emotion-confusion term ({@link EmotionConfusion}); 0 = off
     * @param specAugment    share of crops whose features get SpecAugment masks ({@link BatchSampler}); 0 = off
     * @param speedSpeakers  speed factors (e.g. 0.9, 1.1) whose resampled copies of every training voice count as
     *                       speakers of their own ({@link BatchSampler}); empty = off
     * @param tilt           share of augmented crops given a vocal-effort spectral tilt ({@link WaveAugmenter#tilt});
     *                       0 = off
     * @param formantSpeakers formant factors whose copies of every training voice ({@link FormantShift}) count as
     *                       speakers of their own, after the speed copies ({@link BatchSampler#withFormantSpeakers});
     *                       empty = off
     * @param pitchShift     share of crops whose pitch is moved with the vocal tract kept, as the same speaker
     *                       ({@link BatchSampler#withPitchShift}); 0 = off
     * @param pitchRange     the widest pitch factor of those crops (and its inverse), above 1
     */
    record Options(int epochs, double minutes, long seed, int speakersPerBatch, double learningRate, double augmentProb,
            int threads, double checkpointMinutes, boolean balanceCorpora, boolean phoneChannel, double stopAfterMinutes,
            double emotionConfusion, double specAugment, List<Double> speedSpeakers, double tilt,
            List<Double> formantSpeakers, double pitchShift, double pitchRange) {
        Options {
            speedSpeakers = List.copyOf(speedSpeakers);
            formantSpeakers = List.copyOf(formantSpeakers);
        }

        /**
         * The schedule alone, every lever of the recipe off: speakers drawn uniformly, no telephone channel, no
         * emotion-confusion term, SpecAugment, speed or formant copies, tilt or pitch shift. The {@code with...}
         * methods turn them on.
         */
        Options(int epochs, double minutes, long seed, int speakersPerBatch, double learningRate, double augmentProb,
                int threads, double checkpointMinutes) {
            this(epochs, minutes, seed, speakersPerBatch, learningRate, augmentProb, threads, checkpointMinutes, false,
                    false, 0, 0, 0, List.of(), 0, List.of(), 0, BatchSampler.MAX_PITCH_FACTOR);
        }

        Options withCorpora(boolean balance, boolean phone) {
            return new Options(epochs, minutes, seed, speakersPerBatch, learningRate, augmentProb, threads,
                    checkpointMinutes, balance, phone, stopAfterMinutes, emotionConfusion, specAugment, speedSpeakers,
                    tilt, formantSpeakers, pitchShift, pitchRange);
        }

        Options withStopAfter(double wallMinutes) {
            return new Options(epochs, minutes, seed, speakersPerBatch, learningRate, augmentProb, threads,
                    checkpointMinutes, balanceCorpora, phoneChannel, wallMinutes, emotionConfusion, specAugment,
                    speedSpeakers, tilt, formantSpeakers, pitchShift, pitchRange);
        }

        Options withEmotionConfusion(double weight) {
            return new Options(epochs, minutes, seed, speakersPerBatch, learningRate, augmentProb, threads,
                    checkpointMinutes, balanceCorpora, phoneChannel, stopAfterMinutes, weight, specAugment,
                    speedSpeakers, tilt, formantSpeakers, pitchShift, pitchRange);
        }

        Options withSpecAugment(double share) {
            return new Options(epochs, minutes, seed, speakersPerBatch, learningRate, augmentProb, threads,
                    checkpointMinutes, balanceCorpora, phoneChannel, stopAfterMinutes, emotionConfusion, share,
                    speedSpeakers, tilt, formantSpeakers, pitchShift, pitchRange);
        }

        Options withSpeedSpeakers(List<Double> factors) {
            return new Options(epochs, minutes, seed, speakersPerBatch, learningRate, augmentProb, threads,
                    checkpointMinutes, balanceCorpora, phoneChannel, stopAfterMinutes, emotionConfusion, specAugment,
                    factors, tilt, formantSpeakers, pitchShift, pitchRange);
        }

        Options withTilt(double share) {
            return new Options(epochs, minutes, seed, speakersPerBatch, learningRate, augmentProb, threads,
                    checkpointMinutes, balanceCorpora, phoneChannel, stopAfterMinutes, emotionConfusion, specAugment,
                    speedSpeakers, share, formantSpeakers, pitchShift, pitchRange);
        }

        Options withFormantSpeakers(List<Double> factors) {
            return new Options(epochs, minutes, seed, speakersPerBatch, learningRate, augmentProb, threads,
                    checkpointMinutes, balanceCorpora, phoneChannel, stopAfterMinutes, emotionConfusion, specAugment,
                    speedSpeakers, tilt, factors, pitchShift, pitchRange);
        }

        Options withPitchShift(double share, double range) {
            return new Options(epochs, minutes, seed, speakersPerBatch, learningRate, augmentProb, threads,
                    checkpointMinutes, balanceCorpora, phoneChannel, stopAfterMinutes, emotionConfusion, specAugment,
                    speedSpeakers, tilt, formantSpeakers, share, range);
        }
    }

    /**
     * A large-margin fine-tune (Thienpondt et al., VoxSRC 2020): a trained network, a larger AM-softmax margin and
     * longer crops, with a fresh schedule and optimiser. Longer crops are closer to the whole utterances diarization
     * embeds, and the larger margin asks for tighter voices once the network has learnt them.
     *
     * @param margin     AM-softmax margin (the recipe's 0.2)
     * @param cropFrames crop lengths in 10-ms frames ({@link BatchSampler#CROP_FRAMES} in the recipe)
     * @param initFrom   checkpoint whose network and class head start a run with no checkpoint of its own yet
     *                   (step 0, fresh Adam); null = a new network
     */
    record Recipe(double margin, List<Integer> cropFrames, Path initFrom) {
        Recipe {
            cropFrames = List.copyOf(cropFrames);
        }

        static Recipe standard() {
            return new Recipe(0.2, java.util.Arrays.stream(BatchSampler.CROP_FRAMES).boxed().toList(), null);
        }

        boolean isStandard() {
            return equals(standard());
        }

        int[] cropFrameArray() {
            return cropFrames.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    record Result(SpeakerNet net, long steps, double seconds, double finalLoss, double finalAmLoss, double finalPairLoss,
            boolean resumed) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Options o;
    private final Recipe recipe;
    private final Consumer<String> log;

    SpeakerTrainer(Options o, Consumer<String> log) {
        this(o, Recipe.standard(), log);
    }

    SpeakerTrainer(Options o, Recipe recipe, Consumer<String> log) {
        this.o = o;
        this.recipe = recipe;
        this.log = log;
    }

    Result train(SpeakerCorpus data, SpeakerFbank fbank, SpeakerNetConfig shape, Path checkpointDir) throws IOException {
        torch.set_num_threads(o.threads());
        torch.manual_seed(o.seed());
        List<String> speakers = data.trainSpeakers();
        SpeakerNet net = new SpeakerNet(shape);
        int classes = speakers.size() * (1 + o.speedSpeakers().size() + o.formantSpeakers().size());
        TrainingLoss loss = newLoss(classes, shape.embedDim(), recipe.margin());
        TensorVector params = new TensorVector();
        for (TensorVector v : new TensorVector[] {net.parameters(), loss.parameters()}) {
            for (long i = 0; i < v.size(); i++) {
                params.push_back(v.get(i));
            }
        }
        AdamOptions adamOptions = new AdamOptions(o.learningRate());
        adamOptions.weight_decay().put(2e-5);
        Adam adam = new Adam(params, adamOptions);
        EmotionConfusion confusion = o.emotionConfusion() > 0 ? new EmotionConfusion(shape.embedDim()) : null;
        Adam headAdam = confusion == null ? null : new Adam(confusion.parameters(), new AdamOptions(1e-3));
        BatchSampler sampler = new BatchSampler(data.train(), speakers, o.speakersPerBatch(), o.augmentProb(), o.seed(),
                new WaveAugmenter((o.phoneChannel() ? WaveAugmenter.Settings.channels() : WaveAugmenter.Settings.defaults())
                        .withTilt(o.tilt())),
                fbank, o.balanceCorpora(), o.specAugment(), o.speedSpeakers()).withCropFrames(recipe.cropFrameArray())
                .withFormantSpeakers(o.formantSpeakers()).withPitchShift(o.pitchShift(), o.pitchRange());
        long perEpoch = Math.max(1, (data.train().size() + 2L * o.speakersPerBatch() - 1) / (2L * o.speakersPerBatch()));
        long planned = perEpoch * o.epochs();
        long step = 0;
        double spentBefore = 0;
        boolean resumed = false;
        Path state = checkpointDir.resolve("state.json");
        if (!Files.isRegularFile(state) && recipe.initFrom() != null) {
            Path init = recipe.initFrom();
            var s = JSON.readTree(init.resolve("state.json").toFile());
            List<Double> had = new java.util.ArrayList<>();
            s.path("speedSpeakers").forEach(v -> had.add(v.asDouble()));
            List<Double> hadFormants = new java.util.ArrayList<>();
            s.path("formantSpeakers").forEach(v -> hadFormants.add(v.asDouble()));
            if (s.path("speakers").asInt() != speakers.size() || s.path("seed").asLong() != o.seed()
                    || s.path("channels").asInt(SpeakerNetConfig.compact().channels()) != shape.channels()
                    || s.path("cepstra").asInt(0) != shape.cepstra() || !had.equals(o.speedSpeakers())
                    || !hadFormants.equals(o.formantSpeakers())) {
                throw new IOException("--init-from " + init + " was trained on another data set, seed, width, input or "
                        + "speed speakers (" + s + ")");
            }
            SpeakerModelFiles.loadModule(net, init.resolve("net.pt"));
            SpeakerModelFiles.loadModule(loss, init.resolve("loss.pt"));
            log.accept(String.format(Locale.ROOT, "fine-tune from %s (its step %d): margin %.2f, crops %s frames; "
                    + "a fresh schedule and optimiser", init, s.path("step").asLong(), recipe.margin(),
                    recipe.cropFrames()));
        } else if (Files.isRegularFile(state)) {
            var s = JSON.readTree(state.toFile());
            if (s.path("speakers").asInt() != speakers.size() || s.path("seed").asLong() != o.seed()) {
                throw new IOException("checkpoint in " + checkpointDir + " is from another data set or seed; delete it to start over");
            }
            int width = s.path("channels").asInt(SpeakerNetConfig.compact().channels()); // older checkpoints: compact
            if (width != shape.channels()) {
                throw new IOException("checkpoint in " + checkpointDir + " is a network of width " + width
                        + ", not " + shape.channels() + "; pass --width " + width + " or delete it to start over");
            }
            int cepstra = s.path("cepstra").asInt(0);
            if (cepstra != shape.cepstra()) { // allowed on purpose: a warm restart that adapts a network to smoothed input
                log.accept(String.format(Locale.ROOT, "the checkpoint's network read %s; it is the starting point of a "
                        + "network that reads %s", cepstraName(cepstra), cepstraName(shape.cepstra())));
            }
            SpeakerModelFiles.loadModule(net, checkpointDir.resolve("net.pt"));
            List<Double> had = new java.util.ArrayList<>();
            s.path("speedSpeakers").forEach(v -> had.add(v.asDouble()));
            List<Double> hadFormants = new java.util.ArrayList<>();
            s.path("formantSpeakers").forEach(v -> hadFormants.add(v.asDouble()));
            List<Double> formants = o.formantSpeakers();
            if (had.equals(o.speedSpeakers()) && hadFormants.equals(formants)) {
                SpeakerModelFiles.loadModule(loss, checkpointDir.resolve("loss.pt"));
                try (var in = new org.bytedeco.pytorch.InputArchive()) {
                    in.load_from(checkpointDir.resolve("adam.pt").toString());
                    adam.load(in);
                }
            } else if (had.equals(o.speedSpeakers()) && hadFormants.size() < formants.size()
                    && formants.subList(0, hadFormants.size()).equals(hadFormants)) {
                // the formant copies' classes come after every speed copy's: the checkpoint's are the first rows
                int kept = speakers.size() * (1 + had.size() + hadFormants.size());
                widenClasses(loss, kept, shape.embedDim(), checkpointDir.resolve("loss.pt"));
                log.accept("formant speakers " + formants + ": the checkpoint's network and its " + kept
                        + " classes' weights (formant speakers " + hadFormants + ") start a head of " + classes
                        + " classes (the new factors' rows new); the optimiser starts afresh");
            } else if (hadFormants.isEmpty() && formants.isEmpty() && had.size() < o.speedSpeakers().size()
                    && o.speedSpeakers().subList(0, had.size()).equals(had)) {
                // classes are variant-major (speaker + variant * speakers): the checkpoint's classes are the first rows
                int kept = speakers.size() * (1 + had.size());
                widenClasses(loss, kept, shape.embedDim(), checkpointDir.resolve("loss.pt"));
                log.accept("speed speakers " + o.speedSpeakers() + ": the checkpoint's network and its " + kept
                        + " classes' weights (speed speakers " + had + ") start a head of " + classes
                        + " classes (the new factors' rows new); the optimiser starts afresh");
            } else {
                throw new IOException("checkpoint in " + checkpointDir + " was trained with speed speakers " + had
                        + " and formant speakers " + hadFormants + ", not " + o.speedSpeakers() + " and " + formants
                        + "; pass the same factors (new ones may only be added after those, formant ones after the "
                        + "speed ones are settled) or delete it");
            }
            if (confusion != null && Files.isRegularFile(checkpointDir.resolve("emotion-head.pt"))) {
                SpeakerModelFiles.loadModule(confusion, checkpointDir.resolve("emotion-head.pt"));
            } else if (confusion != null) {
                log.accept("emotion confusion: a new emotion classifier (the checkpoint has none)");
            }
            step = s.path("step").asLong();
            spentBefore = s.path("seconds").asDouble();
            resumed = true;
            log.accept(String.format(Locale.ROOT, "resumed at step %d (%.1f min already spent)", step, spentBefore / 60));
        }
        log.accept(String.format(Locale.ROOT, "training on %d speakers, %d clips; %d steps/epoch, %d planned steps, "
                + "budget %.1f min", speakers.size(), data.train().size(), perEpoch, planned, o.minutes()));
        long t0 = System.nanoTime();
        long lastCheckpoint = t0;
        long sampleNanos = 0;
        double emaLoss = Double.NaN;
        double emaAm = Double.NaN;
        double emaPair = Double.NaN;
        double emaHead = Double.NaN;
        double emaConf = Double.NaN;
        net.train(true);
        while (true) {
            double spent = spentBefore + (System.nanoTime() - t0) / 1e9;
            double progress = Math.max(step / (double) planned, spent / (o.minutes() * 60));
            if (progress >= 1) {
                break;
            }
            if (o.stopAfterMinutes() > 0 && (System.nanoTime() - t0) / 60e9 >= o.stopAfterMinutes()) {
                log.accept(String.format(Locale.ROOT, "stopping this run after %.1f min at %.0f %% of the schedule; "
                        + "run the same command again to resume from the checkpoint", o.stopAfterMinutes(), progress * 100));
                break;
            }
            double lr = learningRate(progress);
            LearningRate.set(adam, lr);
            long ts = System.nanoTime();
            BatchSampler.Batch b = sampler.batch(step);
            sampleNanos += System.nanoTime() - ts;
            float[] losses;
            try (PointerScope scope = new PointerScope()) {
                Tensor x = torch.from_blob(new FloatPointer(b.features()), b.crops(), b.frames(), 80).clone();
                long[] lab = new long[b.crops()];
                for (int i = 0; i < lab.length; i++) {
                    lab[i] = b.labels()[i];
                }
                Tensor y = torch.from_blob(new LongPointer(lab), new long[] {lab.length},
                        new TensorOptions(torch.ScalarType.Long)).clone();
                Tensor emb = net.forward(x);
                Tensor[] l = loss.forward(emb, y);
                Tensor total = l[0];
                Tensor[] c = confusion == null ? null : confusion.forward(emb, b.emotions());
                if (c != null) { // the classifier's loss only reaches its own weights, the confusion only the network
                    total = total.add(c[0]).add(c[1].mul(new org.bytedeco.pytorch.Scalar(o.emotionConfusion())));
                    headAdam.zero_grad();
                }
                adam.zero_grad();
                total.backward();
                adam.step();
                if (c != null) {
                    headAdam.step();
                }
                losses = new float[] {l[0].item_float(), l[1].item_float(), l[2].item_float(),
                        c == null ? Float.NaN : c[0].item_float(), c == null ? Float.NaN : c[1].item_float()};
            }
            emaLoss = Double.isNaN(emaLoss) ? losses[0] : 0.95 * emaLoss + 0.05 * losses[0];
            emaAm = Double.isNaN(emaAm) ? losses[1] : 0.95 * emaAm + 0.05 * losses[1];
            emaPair = Double.isNaN(emaPair) ? losses[2] : 0.95 * emaPair + 0.05 * losses[2];
            if (!Float.isNaN(losses[3])) {
                emaHead = Double.isNaN(emaHead) ? losses[3] : 0.95 * emaHead + 0.05 * losses[3];
                emaConf = Double.isNaN(emaConf) ? losses[4] : 0.95 * emaConf + 0.05 * losses[4];
            }
            step++;
            if (step % 10 == 0) {
                log.accept(String.format(Locale.ROOT, "step %d  loss %.3f (am %.3f, pair %.3f)%s  lr %.2e  %.1f min"
                        + "  (batch building %.0f %% of the time)", step, emaLoss, emaAm, emaPair,
                        confusion == null ? "" : String.format(Locale.ROOT, "  emotion classifier %.3f (chance %.3f), "
                                + "confusion %.3f", emaHead, Math.log(EmotionConfusion.CLASSES.size()), emaConf),
                        lr, spent / 60, 100.0 * sampleNanos / (System.nanoTime() - t0)));
            }
            if ((System.nanoTime() - lastCheckpoint) / 60e9 >= o.checkpointMinutes()) {
                checkpoint(checkpointDir, net, loss, adam, step, spentBefore + (System.nanoTime() - t0) / 1e9, speakers.size());
                saveConfusion(checkpointDir, confusion);
                lastCheckpoint = System.nanoTime();
            }
        }
        double seconds = spentBefore + (System.nanoTime() - t0) / 1e9;
        checkpoint(checkpointDir, net, loss, adam, step, seconds, speakers.size());
        saveConfusion(checkpointDir, confusion);
        net.train(false);
        loss.close();
        adam.close();
        if (confusion != null) {
            headAdam.close();
            confusion.close();
        }
        return new Result(net, step, seconds, emaLoss, emaAm, emaPair, resumed);
    }

    /** The recipe's objective: AM-softmax margin 0.2 (a fine-tune may ask for more), scale 30, pair term weight 1. */
    private static TrainingLoss newLoss(int classes, int embedDim, double margin) {
        return new TrainingLoss(classes, embedDim, margin, 30, 1.0);
    }

    /** Copies a checkpoint's head of {@code classes} classes into the first rows of the wider {@code loss}. */
    private static void widenClasses(TrainingLoss loss, int classes, int embedDim, Path lossFile) {
        try (TrainingLoss old = newLoss(classes, embedDim, 0.2);
                PointerScope scope = new PointerScope();
                org.bytedeco.pytorch.NoGradGuard noGrad = new org.bytedeco.pytorch.NoGradGuard()) {
            SpeakerModelFiles.loadModule(old, lossFile);
            var from = old.named_parameters();
            var to = loss.named_parameters();
            for (String name : List.of("class_weights", "pair_scale", "pair_bias")) {
                Tensor src = from.get(name);
                Tensor dst = to.get(name);
                dst.narrow(0, 0, src.size(0)).copy_(src);
            }
        }
    }

    private static String cepstraName(int n) {
        return n == 0 ? "the fbank as it is" : "frames smoothed to " + n + " cepstral coefficients";
    }

    /** 3 % linear warm-up, then cosine from the base rate down to 2 % of it. */
    double learningRate(double progress) {
        double warm = 0.03;
        if (progress < warm) {
            return o.learningRate() * (0.1 + 0.9 * progress / warm);
        }
        double p = (progress - warm) / (1 - warm);
        return o.learningRate() * (0.02 + 0.98 * 0.5 * (1 + Math.cos(Math.PI * p)));
    }

    private static void saveConfusion(Path dir, EmotionConfusion confusion) {
        if (confusion != null) {
            SpeakerModelFiles.saveModule(confusion, dir.resolve("emotion-head.pt"));
        }
    }

    private void checkpoint(Path dir, SpeakerNet net, TrainingLoss loss, Adam adam, long step, double seconds, int speakers)
            throws IOException {
        Files.createDirectories(dir);
        SpeakerModelFiles.saveModule(net, dir.resolve("net.pt"));
        SpeakerModelFiles.saveModule(loss, dir.resolve("loss.pt"));
        try (var out = new org.bytedeco.pytorch.OutputArchive()) {
            adam.save(out);
            out.save_to(dir.resolve("adam.pt").toString());
        }
        ObjectNode s = JSON.createObjectNode();
        s.put("step", step);
        s.put("seconds", seconds);
        s.put("seed", o.seed());
        s.put("speakers", speakers);
        s.put("channels", net.config().channels());
        s.put("cepstra", net.config().cepstra());
        if (!o.speedSpeakers().isEmpty()) {
            o.speedSpeakers().forEach(s.putArray("speedSpeakers")::add);
        }
        if (!o.formantSpeakers().isEmpty()) {
            o.formantSpeakers().forEach(s.putArray("formantSpeakers")::add);
        }
        if (!recipe.isStandard()) { // provenance of a fine-tune; resuming takes the command's values
            s.put("margin", recipe.margin());
            recipe.cropFrames().forEach(s.putArray("cropFrames")::add);
            if (recipe.initFrom() != null) {
                s.put("initFrom", recipe.initFrom().toString());
            }
        }
        Path tmp = dir.resolve("state.json.tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), s);
        Files.move(tmp, dir.resolve("state.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        log.accept(String.format(Locale.ROOT, "checkpoint at step %d (%.1f min)", step, seconds / 60));
    }
}
