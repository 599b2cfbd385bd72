package io.emotrace.rules;

import java.util.Set;

/** Which segments a rule looks at: empty sets mean every speaker / every language. */
public record Scope(Set<String> speakers, Set<String> languages) {
    public static final Scope ALL = new Scope(Set.of(), Set.of());

    public Scope {
        speakers = Set.copyOf(speakers);
        languages = Set.copyOf(languages);
    }

    public boolean covers(String speaker, String language) {
        return (speakers.isEmpty() || (speaker != null && speakers.contains(speaker)))
                && (languages.isEmpty() || (language != null && languages.contains(language)));
    }
}
