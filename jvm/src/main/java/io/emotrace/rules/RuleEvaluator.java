package io.emotrace.rules;

import io.emotrace.rules.text.LanguagePack;
import io.emotrace.rules.text.LanguagePacks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a parsed rule set to an analysis: first every segment rule on each segment in time order (rules by
 * priority; later rules see what earlier ones changed), then every history rule on each speaker's adjusted
 * timeline. Pure: reads the analysis, never writes it.
 */
final class RuleEvaluator {
    private RuleEvaluator() {
    }

    static RuleEvaluation evaluate(RuleSet set, StoredAnalysis analysis, EvaluationBudget budget) {
        EvaluationContext ctx = new EvaluationContext(set.keywordSets(), analysis, budget);
        List<SegmentState> states = states(set, analysis, ctx);
        List<RuleOutcome> outcomes = new ArrayList<>();
        Map<Integer, Set<String>> changedBy = new LinkedHashMap<>();
        for (SegmentState s : states) {
            for (Rule r : set.rules()) {
                if (!r.enabled() || r.isHistoryRule() || !r.scope().covers(s.speaker(), s.language)) {
                    continue;
                }
                budget.check();
                Explanation why = ((SegmentCondition) r.when()).test(s, ctx);
                if (why == null) {
                    continue;
                }
                for (Action a : r.then()) {
                    if (a.changesSegment() && s.emotion == null) {
                        ctx.note(r.id() + ": " + a.type() + " skipped on segments without an emotion");
                        continue;
                    }
                    String change = a.changesSegment() ? Action.apply(a, s) : null;
                    if (change != null) {
                        changedBy.computeIfAbsent(s.view.index(), k -> new LinkedHashSet<>()).add(r.id());
                    }
                    outcomes.add(outcome(r, a, s.speaker(), s.start(), s.end(), s.view.index(), change, why));
                }
            }
        }
        for (Rule r : set.rules()) {
            if (!r.enabled() || !r.isHistoryRule()) {
                continue;
            }
            budget.check();
            HistoryCondition c = (HistoryCondition) r.when();
            List<SegmentState> inScope = states.stream().filter(s -> r.scope().covers(s.speaker(), s.language)).toList();
            Map<String, List<SegmentState>> bySpeaker = new LinkedHashMap<>();
            if (c.perSpeaker()) {
                inScope.forEach(s -> bySpeaker.computeIfAbsent(s.speaker(), k -> new ArrayList<>()).add(s));
            } else {
                bySpeaker.put(null, inScope);
            }
            bySpeaker.forEach((speaker, own) -> {
                for (HistoryCondition.Hit h : c.scan(own, inScope, ctx)) {
                    String who = c.perSpeaker() ? speaker : (h.segment() == null ? null
                            : analysis.segments().get(h.segment()).speaker());
                    for (Action a : r.then()) {
                        outcomes.add(outcome(r, a, who, h.start(), h.end(), null, null, h.explanation()));
                    }
                }
            });
        }
        outcomes.sort(Comparator.comparingDouble(RuleOutcome::start).thenComparingDouble(RuleOutcome::end));
        return new RuleEvaluation(set.name(), set.version(), set.sha256(), outcomes, adjustments(states, changedBy),
                new ArrayList<>(ctx.notes()));
    }

    private static List<SegmentState> states(RuleSet set, StoredAnalysis analysis, EvaluationContext ctx) {
        List<SegmentState> states = new ArrayList<>();
        boolean anyText = false;
        for (SegmentView v : analysis.segments()) {
            ctx.budget.check(); // tokenising long transcripts counts too
            String lang = v.language() != null ? v.language()
                    : analysis.language() != null ? analysis.language() : set.defaultLanguage();
            LanguagePack pack = LanguagePacks.get(lang).orElse(null);
            states.add(new SegmentState(v, lang, pack));
            anyText |= !v.spokenText().isBlank();
        }
        if (!analysis.segments().isEmpty() && !anyText) {
            ctx.note("no transcript in this analysis (ASR did not run or heard nothing): text rules cannot fire");
        }
        if (analysis.segments().isEmpty()) {
            ctx.note("the analysis has no segments: no rule can fire");
        }
        states.sort(Comparator.comparingDouble(SegmentState::start).thenComparingInt(s -> s.view.index()));
        return states;
    }

    private static RuleOutcome outcome(Rule r, Action a, String speaker, double start, double end, Integer segment,
                                       String change, Explanation why) {
        String flag = a instanceof Action.AddFlag f ? f.flag() : null;
        String severity = a instanceof Action.RaiseAlert al ? al.severity() : null;
        String message = a instanceof Action.RaiseAlert al ? al.message()
                .replace("{reason}", why.reason())
                .replace("{speaker}", Objects.toString(speaker, "(speakers not separated)"))
                .replace("{rule}", r.id())
                : why.reason();
        return new RuleOutcome(r.id(), a.type(), speaker, start, end, segment, flag, severity, change, message, why);
    }

    private static List<SegmentAdjustment> adjustments(List<SegmentState> states, Map<Integer, Set<String>> changedBy) {
        List<SegmentAdjustment> out = new ArrayList<>();
        for (SegmentState s : states) {
            Set<String> rules = changedBy.get(s.view.index());
            if (rules != null) {
                out.add(new SegmentAdjustment(s.view.index(), s.view.emotion(), s.view.confidence(), s.emotion,
                        s.confidence, new ArrayList<>(rules)));
            }
        }
        return out;
    }
}
