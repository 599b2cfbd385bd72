package io.emotrace.features;

/** HTK: 1127 ln(1 + f/700) (Kaldi); SLANEY: linear below 1 kHz, log above (librosa default, Whisper). */
public enum MelScale { HTK, SLANEY }
