package io.marketintel.indicators;

/**
 * The derived metrics of a series of closes on a regular grid (one slot per hour or per day; a missing close is
 * {@code NaN}). Plain arithmetic, no framework: every value is either exact by its definition or {@code NaN} (NULL
 * in the API) — a gap is never filled in or estimated.
 * <ul>
 *   <li>SMA n: the mean of the last n closes; NaN unless all n are present.</li>
 *   <li>EMA n: α = 2/(n+1), seeded with the SMA n of the first n consecutive closes of a run of closes, then
 *       {@code α·close + (1-α)·previous}; a gap ends the run (NaN) and the next run seeds again.</li>
 *   <li>RSI 14 (Wilder): average gain and loss seeded with the mean of the first 14 consecutive changes, then
 *       {@code (previous·13 + current)/14}; a missing change restarts it. 100 when no losses, 50 when flat.</li>
 *   <li>Realized volatility over k returns: the sample standard deviation of the last k log returns
 *       {@code ln(close_t/close_t-1)}, annualized by √(periods per year), in percent; NaN unless all k exist.</li>
 *   <li>Momentum over N: {@code close_t / close_t-N − 1}, in percent; NaN unless both closes exist.</li>
 * </ul>
 */
public final class Indicators {

    private Indicators() {
    }

    public static double[] sma(double[] c, int n) {
        double[] out = nans(c.length);
        int run = 0;
        for (int i = 0; i < c.length; i++) {
            run = Double.isNaN(c[i]) ? 0 : run + 1;
            if (run >= n) {
                out[i] = window(c, i, n) / n;
            }
        }
        return out;
    }

    /** The plain sum of the n values ending at i (exact summation per window, no running-sum drift). */
    private static double window(double[] c, int i, int n) {
        double s = 0;
        for (int k = i - n + 1; k <= i; k++) {
            s += c[k];
        }
        return s;
    }

    public static double[] ema(double[] c, int n) {
        double[] out = nans(c.length);
        double alpha = 2.0 / (n + 1);
        int run = 0;
        double prev = Double.NaN;
        for (int i = 0; i < c.length; i++) {
            if (Double.isNaN(c[i])) {
                run = 0;
                prev = Double.NaN;
                continue;
            }
            run++;
            if (!Double.isNaN(prev)) {
                prev = alpha * c[i] + (1 - alpha) * prev;
            } else if (run >= n) {
                prev = window(c, i, n) / n;
            }
            out[i] = prev;
        }
        return out;
    }

    public static double[] rsi(double[] c, int n) {
        double[] out = nans(c.length);
        int run = 0;
        double gain = Double.NaN;
        double loss = Double.NaN;
        for (int i = 1; i < c.length; i++) {
            if (Double.isNaN(c[i]) || Double.isNaN(c[i - 1])) {
                run = 0;
                gain = Double.NaN;
                loss = Double.NaN;
                continue;
            }
            run++;
            double d = c[i] - c[i - 1];
            if (!Double.isNaN(gain)) {
                gain = (gain * (n - 1) + Math.max(d, 0)) / n;
                loss = (loss * (n - 1) + Math.max(-d, 0)) / n;
            } else if (run >= n) {
                double g = 0;
                double l = 0;
                for (int k = i - n + 1; k <= i; k++) {
                    double dk = c[k] - c[k - 1];
                    g += Math.max(dk, 0);
                    l += Math.max(-dk, 0);
                }
                gain = g / n;
                loss = l / n;
            }
            if (!Double.isNaN(gain)) {
                out[i] = loss == 0 ? (gain == 0 ? 50 : 100) : 100 - 100 / (1 + gain / loss);
            }
        }
        return out;
    }

    /** Annualized realized volatility in percent over the last {@code k} log returns. */
    public static double[] volatility(double[] c, int k, double periodsPerYear) {
        double[] out = nans(c.length);
        double[] r = nans(c.length);
        for (int i = 1; i < c.length; i++) {
            if (c[i] > 0 && c[i - 1] > 0) {
                r[i] = Math.log(c[i] / c[i - 1]);
            }
        }
        int run = 0;
        for (int i = 0; i < c.length; i++) {
            if (Double.isNaN(r[i])) {
                run = 0;
                continue;
            }
            run++;
            if (run >= k) {
                double mean = 0;
                for (int j = i - k + 1; j <= i; j++) {
                    mean += r[j];
                }
                mean /= k;
                double ss = 0;
                for (int j = i - k + 1; j <= i; j++) {
                    ss += (r[j] - mean) * (r[j] - mean);
                }
                out[i] = Math.sqrt(ss / (k - 1) * periodsPerYear) * 100;
            }
        }
        return out;
    }

    /** Return over {@code n} periods in percent. */
    public static double[] momentum(double[] c, int n) {
        double[] out = nans(c.length);
        for (int i = n; i < c.length; i++) {
            if (!Double.isNaN(c[i]) && !Double.isNaN(c[i - n]) && c[i - n] != 0) {
                out[i] = (c[i] / c[i - n] - 1) * 100;
            }
        }
        return out;
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }
}
