package io.emotrace.domain;

/**
 * Spectral energy of some speech above 4 kHz and in all, summed over its frames ({@code io.emotrace.audio.Bandwidth}
 * measures it); sums of disjoint speech add ({@link #plus}). Telephone audio (an 8 kHz call, a 300-3400 Hz band) has
 * almost none above 4 kHz. Audio at 8 kHz or below has none there.
 */
public record BandEnergy(double high, double all) {
    /** Not measured (or no energy): not telephone-band. */
    public static final BandEnergy NONE = new BandEnergy(0, 0);

    /**
     * Below this share of energy above 4 kHz speech is telephone-band: simulated calls (300-3400 Hz, mu-law)
     * measure 0.009 %, the AMI excerpts 0.057-1.2 %, simulated wideband meetings 0.6-18 %.
     */
    public static final double NARROWBAND_SHARE = 2.5e-4;

    public BandEnergy {
        if (!(high >= 0 && all >= high)) {
            throw new IllegalArgumentException("band energies need 0 <= high <= all: " + high + ", " + all);
        }
    }

    public BandEnergy plus(BandEnergy o) {
        return new BandEnergy(high + o.high, all + o.all);
    }

    /** This speech without {@code o}'s (a part of it); rounding never leaves a negative energy. */
    public BandEnergy minus(BandEnergy o) {
        double a = Math.max(0, all - o.all);
        return new BandEnergy(Math.min(a, Math.max(0, high - o.high)), a);
    }

    /** Share of the energy above 4 kHz (0 without energy). */
    public double share() {
        return all > 0 ? high / all : 0;
    }

    /** Telephone-band speech: energy, almost none of it above 4 kHz. */
    public boolean narrowband() {
        return all > 0 && share() < NARROWBAND_SHARE;
    }
}
