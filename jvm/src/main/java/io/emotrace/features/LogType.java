package io.emotrace.features;

/**
 * NATURAL: ln(max(x, floor)) as Kaldi fbank. WHISPER: log10(max(x, floor)); the Whisper dynamic-range clamp
 * (max - 8) and the (x + 4) / 4 scaling are a post-step over the whole clip (applied by the caller over the whole clip).
 */
public enum LogType { NATURAL, LOG10 }
