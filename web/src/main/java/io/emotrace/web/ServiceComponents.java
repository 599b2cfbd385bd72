package io.emotrace.web;

import io.emotrace.pipeline.Engines;
import io.emotrace.web.auth.RequestAuth;
import io.emotrace.web.db.Database;
import io.emotrace.web.db.RecordingStore;
import io.emotrace.web.jobs.JobRunner;
import io.emotrace.web.jobs.RecordingFiles;
import io.emotrace.web.rules.RulesBackend;
import io.emotrace.web.rules.RulesService;
import io.emotrace.web.rules.RulesWork;
import io.emotrace.web.speakers.SpeakerService;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;

/** The service's parts, wired once at start; routes and extensions get them from here. */
public record ServiceComponents(Vertx vertx, ServiceConfig config, Database db, RecordingStore store,
                                WorkerExecutor dbPool, RequestAuth auth, EventFanout events, RecordingFiles files,
                                Engines engines, JobRunner jobs, RulesService rules, RulesWork rulesWork,
                                StoreQueries queries, SpeakerService speakers, io.emotrace.web.live.LiveSessions live)
        implements AutoCloseable {

    static ServiceComponents create(Vertx vertx, ServiceConfig config, Database db, RecordingStore store,
                                    WorkerExecutor dbPool, RequestAuth auth, Engines engines) {
        EventFanout events = new EventFanout();
        RecordingFiles files = new RecordingFiles(config.dataPath());
        RulesService rules = new RulesService(db, store, RulesBackend.fromClasspath(), events,
                Duration.ofMillis(config.ruleEvaluationBudgetMs()));
        RulesWork rulesWork = new RulesWork(vertx, config.ruleWorkers(), config.ruleEvaluationBudgetMs());
        SpeakerService speakers = new SpeakerService(config.speakersPath(), config.speakerThreshold());
        JobRunner jobs = new JobRunner(store, files, engines, rules, events, config,
                speakers.directory().namer(config.speakerThreshold()));
        StoreQueries queries = new StoreQueries(store, dbPool, jobs);
        io.emotrace.web.live.LiveSessions live = new io.emotrace.web.live.LiveSessions(config, store, files, engines,
                jobs, rules, events);
        return new ServiceComponents(vertx, config, db, store, dbPool, auth, events, files, engines, jobs, rules,
                rulesWork, queries, speakers, live);
    }

    @Override
    public void close() {
        live.close(); // first: ending streams queue their offline analyses, and they use the engines
        jobs.close();
        rules.close();
        rulesWork.close();
        speakers.close();
        engines.close(); // after the jobs: a cancelled run still inside an engine finishes its unit first
        db.close();
    }
}
