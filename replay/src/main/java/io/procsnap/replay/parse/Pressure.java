package io.procsnap.replay.parse;

/**
 * {@code /proc/pressure/{cpu,io,memory}}:
 * <pre>
 * some avg10=0.00 avg60=0.00 avg300=0.00 total=0
 * full avg10=0.00 avg60=0.00 avg300=0.00 total=0
 * </pre>
 * {@code full} is null when the file has no such line (cpu on older kernels).
 */
public record Pressure(Line some, Line full) {
    /** @param total microseconds stalled */
    public record Line(double avg10, double avg60, double avg300, long total) { }
}
