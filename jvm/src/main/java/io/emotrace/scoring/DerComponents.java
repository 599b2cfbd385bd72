package io.emotrace.scoring;

/**
 * DER parts in seconds, as NIST md-eval reports them: {@code total} is scored reference speaker time
 * (overlap counted once per speaker), {@code scored} the scored wall-clock time (UEM minus collars).
 */
public record DerComponents(double scored, double total, double missed, double falseAlarm, double confusion) {
    public static final DerComponents ZERO = new DerComponents(0, 0, 0, 0, 0);

    public double errors() {
        return missed + falseAlarm + confusion;
    }

    /**
     * (missed + false alarm + confusion) / total. With no reference speech it is 0 when there is no error
     * and 1 otherwise (the convention of dscore), never NaN or infinity.
     */
    public double der() {
        if (total > 0) {
            return errors() / total;
        }
        return errors() > 0 ? 1.0 : 0.0;
    }

    public DerComponents plus(DerComponents o) {
        return new DerComponents(scored + o.scored, total + o.total, missed + o.missed,
                falseAlarm + o.falseAlarm, confusion + o.confusion);
    }
}
