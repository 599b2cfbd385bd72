package io.emotrace.web.rules;

/** One stored rule-set version; version 0 is the shipped default, never stored. */
public record RuleVersion(int version, long createdAt, String author, String document) {
}
