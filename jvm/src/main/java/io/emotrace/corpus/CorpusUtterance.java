package io.emotrace.corpus;

import java.nio.file.Path;

/**
 * One single-speaker recording listed in a corpus {@code labels.csv}.
 *
 * @param corpus  corpus folder name, e.g. {@code ravdess}
 * @param file    absolute path of the audio file
 * @param source  path relative to the data root (stable across machines), e.g. {@code ravdess/Actor_01/x.flac}
 * @param speaker corpus speaker id, e.g. {@code ravdess-01}
 * @param emotion emotion label, or null when the corpus has none
 * @param text    spoken text, or null when unknown
 */
public record CorpusUtterance(String corpus, Path file, String source, String speaker, String emotion, String text) {
}
