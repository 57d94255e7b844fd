package io.marketintel.demo;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recorded Farside Investors flow page (HTML), replayed as if fetched today: every date in it ({@code 06 Jul 2026})
 * moves by the same whole number of weeks, so weekdays, weekends and holidays stay where they were, and the newest
 * row (the highlighted day in progress) lands on the latest date not after today. Flows, the provisional row and the
 * footers are unchanged. No Camel imports.
 */
public final class RecordedFarsidePage {

    private static final Pattern DATE = Pattern.compile(
        "\\b(\\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\\d{4})\\b");
    private static final DateTimeFormatter PARSE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter PADDED = DateTimeFormatter.ofPattern("dd MMM yyyy", Locale.ENGLISH);

    private final String html;
    private final LocalDate newest;
    private final LocalDate oldest;

    public RecordedFarsidePage(String html) {
        this.html = html;
        LocalDate max = null;
        LocalDate min = null;
        Matcher m = DATE.matcher(html);
        while (m.find()) {
            LocalDate d = LocalDate.parse(m.group(), PARSE);
            max = max == null || d.isAfter(max) ? d : max;
            min = min == null || d.isBefore(min) ? d : min;
        }
        if (max == null) {
            throw new IllegalArgumentException("the recorded page holds no dated row");
        }
        this.newest = max;
        this.oldest = min;
    }

    /** The newest date on the recorded page (its provisional row), before re-stamping. */
    public LocalDate newestDay() {
        return newest;
    }

    public LocalDate oldestDay() {
        return oldest;
    }

    /** Whole weeks that bring the newest row to the latest date not after {@code today}. */
    public long shiftWeeks(LocalDate today) {
        return Math.floorDiv(ChronoUnit.DAYS.between(newest, today), 7);
    }

    /** The page as served on {@code today} (UTC). */
    public String render(LocalDate today) {
        long weeks = shiftWeeks(today);
        Matcher m = DATE.matcher(html);
        StringBuilder sb = new StringBuilder(html.length());
        while (m.find()) {
            LocalDate d = LocalDate.parse(m.group(), PARSE).plusWeeks(weeks);
            m.appendReplacement(sb, (m.group(1).length() == 2 ? PADDED : PARSE).format(d));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
