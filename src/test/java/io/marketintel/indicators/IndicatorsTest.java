package io.marketintel.indicators;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The definitions on series small enough to compute by hand. */
class IndicatorsTest {

    static final double N = Double.NaN;

    @Test
    void should_average_full_windows_only_and_restart_after_a_gap() {
        double[] c = {1, 2, 3, N, 5, 6, 7, 8};
        double[] sma = Indicators.sma(c, 3);
        assertTrue(Double.isNaN(sma[1]));
        assertEquals(2.0, sma[2]);
        assertTrue(Double.isNaN(sma[3]) && Double.isNaN(sma[4]) && Double.isNaN(sma[5]), "no window across the gap");
        assertEquals(6.0, sma[6]);
        assertEquals(7.0, sma[7]);
    }

    @Test
    void should_seed_the_ema_with_the_sma_then_smooth() {
        double[] c = {2, 4, 6, 8, N, 1, 1, 1};
        double[] ema = Indicators.ema(c, 3);
        // alpha = 0.5: seed (2+4+6)/3 = 4 at index 2, then 0.5*8 + 0.5*4 = 6
        assertEquals(4.0, ema[2]);
        assertEquals(6.0, ema[3]);
        assertTrue(Double.isNaN(ema[4]) && Double.isNaN(ema[5]) && Double.isNaN(ema[6]));
        assertEquals(1.0, ema[7], "reseeded after the gap");
    }

    @Test
    void should_give_rsi_100_when_only_rising_50_when_flat_and_wilder_smoothing_otherwise() {
        double[] up = new double[16];
        double[] flat = new double[16];
        for (int i = 0; i < 16; i++) {
            up[i] = 100 + i;
            flat[i] = 7;
        }
        assertTrue(Double.isNaN(Indicators.rsi(up, 14)[13]), "14 changes need 15 closes");
        assertEquals(100.0, Indicators.rsi(up, 14)[14]);
        assertEquals(50.0, Indicators.rsi(flat, 14)[15]);
        // RSI 2 on 1, 2, 1, 3: changes +1, -1, +2; seed gain 0.5 loss 0.5; then gain (0.5+2)/2 = 1.25, loss 0.25
        double[] rsi = Indicators.rsi(new double[] {1, 2, 1, 3}, 2);
        assertEquals(50.0, rsi[2]);
        assertEquals(100 - 100 / (1 + 1.25 / 0.25), rsi[3], 1e-12);
    }

    @Test
    void should_annualize_the_sample_stdev_of_log_returns() {
        // returns ln 2, 0, ln 2 ... alternating: mean ln2/2, sample variance over 2 returns = (ln2)^2 / 2
        double[] c = {1, 2, 2, 4};
        double[] v = Indicators.volatility(c, 2, 365);
        assertTrue(Double.isNaN(v[1]));
        assertEquals(Math.sqrt(Math.log(2) * Math.log(2) / 2 * 365) * 100, v[2], 1e-9);
        assertEquals(0.0, Indicators.volatility(new double[] {1, 2, 4, 8}, 3, 365)[3], 1e-9, "constant growth");
        assertTrue(Double.isNaN(Indicators.volatility(new double[] {1, 2, N, 4, 8}, 2, 365)[4]), "a gap breaks the window");
    }

    @Test
    void should_give_the_return_over_n_periods_only_when_both_closes_exist() {
        double[] m = Indicators.momentum(new double[] {100, N, 110, 121}, 2);
        assertEquals(10.0, m[2], 1e-12);
        assertTrue(Double.isNaN(m[3]), "the close two periods before is missing");
    }
}
