package org.accessctl.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes a double exactly as ECMAScript's Number.prototype.toString does, which is how
 * RFC 8785 wants every JSON number written: the shortest decimal that reads back as the same
 * double (the closest one if several are that short), in plain notation for magnitudes from
 * 1e-6 up to (not including) 1e21, and as "d.ddde+x" / "d.ddde-x" outside that range.
 *
 * <p>Java 17's Double.toString is not always the shortest form, so the digits are found here
 * directly: the exact binary value is cut down and rounded up to a given number of digits, and
 * the smallest number of digits at which one of the two reads back as the same double wins
 * (the nearer one if both do). This costs a little BigDecimal work per number, which is
 * nothing next to hashing and writing a log record.
 */
final class EcmaNumber {

    private EcmaNumber() {
    }

    static String toString(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new JsonException("JSON has no form for " + value);
        }
        if (value == 0) {
            return "0"; // also for -0, as ECMAScript writes it
        }
        if (value < 0) {
            return "-" + format(shortestDigits(-value));
        }
        return format(shortestDigits(value));
    }

    /** The shortest decimal that reads back as {@code value}, with no trailing zeros. */
    private static BigDecimal shortestDigits(double value) {
        BigDecimal exact = stickyTruncation(new BigDecimal(value));
        // Fitting only gets easier with more digits (if some p-digit decimal reads back, so
        // does the (p+1)-digit cut on the same side of the exact value), so the shortest length
        // is found by walking down from a length known to fit until one does not. Java's own
        // Double.toString always reads back and is at most a digit or two too long, which
        // makes it a cheap place to start.
        BigDecimal best = candidate(exact, value, significantDigits(Double.toString(value)));
        if (best == null) {
            throw new AssertionError("Double.toString(" + value + ") does not read back");
        }
        for (int digits = best.precision() - 1; digits >= 1; digits--) {
            BigDecimal shorter = candidate(exact, value, digits);
            if (shorter == null) {
                break;
            }
            best = shorter;
        }
        return best.stripTrailingZeros();
    }

    /**
     * The decimal of exactly {@code digits} significant digits that reads back as
     * {@code value} and is nearest to it, or null if there is none.
     */
    private static BigDecimal candidate(BigDecimal exact, double value, int digits) {
        BigDecimal below = exact.round(new MathContext(digits, RoundingMode.DOWN));
        BigDecimal above = exact.round(new MathContext(digits, RoundingMode.UP));
        // Both sides are tried because the round-trip interval is lopsided at powers of two:
        // the nearest candidate may miss while the farther one still reads back.
        boolean belowFits = below.doubleValue() == value;
        boolean aboveFits = above.doubleValue() == value;
        if (belowFits && aboveFits) {
            return closer(exact, below, above);
        }
        return belowFits ? below : aboveFits ? above : null;
    }

    /** Significant digits in Java's rendering of a double, e.g. 3 for "1.25E-7" and 1 for "100.0". */
    private static int significantDigits(String javaText) {
        int end = javaText.indexOf('E');
        String mantissa = (end < 0 ? javaText : javaText.substring(0, end)).replace("-", "").replace(".", "");
        int first = 0;
        while (first < mantissa.length() - 1 && mantissa.charAt(first) == '0') {
            first++;
        }
        int last = mantissa.length();
        while (last > first + 1 && mantissa.charAt(last - 1) == '0') {
            last--;
        }
        return last - first;
    }

    /**
     * The exact value of a double can have hundreds of digits, and rounding it dozens of times
     * is slow. Cutting it to 25 digits and, if anything was cut, appending a 1 as a 26th digit
     * gives a short number that rounds down, rounds up and compares with every midpoint of up
     * to 18 digits exactly as the full value does, which is all the search needs.
     */
    private static BigDecimal stickyTruncation(BigDecimal exact) {
        BigDecimal truncated = exact.round(new MathContext(25, RoundingMode.DOWN));
        if (truncated.compareTo(exact) == 0) {
            return exact;
        }
        // The cut keeps exactly 25 digits, so its last digit is worth 10^-scale; one more place.
        return truncated.add(BigDecimal.ONE.scaleByPowerOfTen(-(truncated.scale() + 1)));
    }

    /** The candidate nearer the exact value; on a tie, the one with an even last digit. */
    private static BigDecimal closer(BigDecimal exact, BigDecimal below, BigDecimal above) {
        int order = exact.subtract(below).compareTo(above.subtract(exact));
        if (order != 0) {
            return order < 0 ? below : above;
        }
        return below.unscaledValue().testBit(0) ? above : below;
    }

    /**
     * Lays out digits s (k of them) with decimal exponent n, meaning the value s × 10^(n−k),
     * following the cases of ECMAScript's Number::toString.
     */
    private static String format(BigDecimal decimal) {
        String s = decimal.unscaledValue().toString();
        int k = s.length();
        int n = k - decimal.scale();
        StringBuilder out = new StringBuilder(k + 8);
        if (k <= n && n <= 21) {
            out.append(s);
            out.append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(s, 0, n).append('.').append(s, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(s);
        } else {
            int exponent = n - 1;
            out.append(s.charAt(0));
            if (k > 1) {
                out.append('.').append(s, 1, k);
            }
            out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return out.toString();
    }
}
