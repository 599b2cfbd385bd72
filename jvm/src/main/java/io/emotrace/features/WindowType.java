package io.emotrace.features;

/** Analysis windows; POVEY is Kaldi's (hann^0.85), HANN is periodic when the config says so. */
public enum WindowType { POVEY, HANN, HAMMING, RECTANGULAR }
