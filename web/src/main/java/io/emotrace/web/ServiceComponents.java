package io.emotrace.web;

import io.emotrace.audio.AudioDecoder;
import io.emotrace.pipeline.DiarizerFactory;
import io.emotrace.pipeline.EmotionRecognizerFactory;
import io.emotrace.pipeline.RuleEngineFactory;
import io.emotrace.pipeline.StageCatalog;
import io.emotrace.pipeline.TranscriberFactory;
import io.emotrace.vad.VadFactory;
import io.emotrace.web.auth.RequestAuth;
import io.emotrace.web.db.Database;
import io.emotrace.web.db.RecordingStore;
import io.emotrace.web.jobs.JobRunner;
import io.emotrace.web.jobs.RecordingFiles;
import io.emotrace.web.rules.RulesBackend;
import io.emotrace.web.rules.RulesService;
import io.emotrace.web.rules.RulesWork;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.List;

/** The service's parts, wired once at start; routes and extensions get them from here. */
public record ServiceComponents(Vertx vertx, ServiceConfig config, Database db, RecordingStore store,
                                WorkerExecutor dbPool, RequestAuth auth, EventFanout events, RecordingFiles files,
                                Stages stages, JobRunner jobs, RulesService rules, RulesWork rulesWork,
                                StoreQueries queries)
        implements AutoCloseable {

    static ServiceComponents create(Vertx vertx, ServiceConfig config, Database db, RecordingStore store,
                                    WorkerExecutor dbPool, RequestAuth auth, Stages stages) {
        EventFanout events = new EventFanout();
        RecordingFiles files = new RecordingFiles(config.dataPath());
        RulesService rules = new RulesService(db, store, RulesBackend.fromClasspath(), events,
                Duration.ofMillis(config.ruleEvaluationBudgetMs()));
        RulesWork rulesWork = new RulesWork(vertx, config.ruleWorkers(), config.ruleEvaluationBudgetMs());
        JobRunner jobs = new JobRunner(store, files, stages, rules, events, config);
        StoreQueries queries = new StoreQueries(store, dbPool, jobs);
        return new ServiceComponents(vertx, config, db, store, dbPool, auth, events, files, stages, jobs, rules,
                rulesWork, queries);
    }

    @Override
    public void close() {
        jobs.close();
        rules.close();
        rulesWork.close();
        db.close();
    }

    /**
     * The stage providers, kept as lists so each job can build a {@link io.emotrace.pipeline.StageCatalog} whose
     * emotion and ASR stages also report their segments live.
     */
    public record Stages(List<AudioDecoder> decoders, List<VadFactory> vad, List<DiarizerFactory> diarizers,
                         List<EmotionRecognizerFactory> emotion, List<TranscriberFactory> asr,
                         List<RuleEngineFactory> rules) {
        public Stages {
            decoders = List.copyOf(decoders);
            vad = List.copyOf(vad);
            diarizers = List.copyOf(diarizers);
            emotion = List.copyOf(emotion);
            asr = List.copyOf(asr);
            rules = List.copyOf(rules);
        }

        public static Stages fromClasspath() {
            return new Stages(load(AudioDecoder.class), load(VadFactory.class), load(DiarizerFactory.class),
                    load(EmotionRecognizerFactory.class), load(TranscriberFactory.class),
                    load(RuleEngineFactory.class));
        }

        private static <T> List<T> load(Class<T> type) {
            return StageCatalog.providers(type, "emotrace serve");
        }
    }
}
