package gatehouse.search;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ISO-8601 dates as search sees them: a date stands for the span of its precision
 * ({@code 2026-12} is the whole of December, UTC), a date-time for its instant.
 * Stored dates are indexed as the start of their span.
 */
final class SearchDates {

    /** Epoch milliseconds from {@code start} (inclusive) to {@code end} (exclusive). */
    record Span(long start, long end) {
    }

    private static final Pattern YEAR = Pattern.compile("[0-9]{4}");
    private static final Pattern YEAR_MONTH = Pattern.compile("[0-9]{4}-[0-9]{2}");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern DATE_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})?");

    private SearchDates() {
    }

    /**
     * The span a date or date-time means, if the text is one. A bare year is a date
     * only where the field holds dates ({@code years}); elsewhere it is a number.
     */
    static Optional<Span> span(String text, boolean years) {
        try {
            if (years && YEAR.matcher(text).matches()) {
                Year year = Year.parse(text);
                return Optional.of(span(year.atDay(1), year.plusYears(1).atDay(1)));
            }
            if (YEAR_MONTH.matcher(text).matches()) {
                YearMonth month = YearMonth.parse(text);
                return Optional.of(span(month.atDay(1), month.plusMonths(1).atDay(1)));
            }
            if (DATE.matcher(text).matches()) {
                LocalDate day = LocalDate.parse(text);
                return Optional.of(span(day, day.plusDays(1)));
            }
            if (DATE_TIME.matcher(text).matches()) {
                long instant = instant(text);
                return Optional.of(new Span(instant, instant + 1));
            }
        } catch (DateTimeException e) {
            // 2026-13-45 and the like are not dates: the caller treats the text as text
        }
        return Optional.empty();
    }

    private static long instant(String text) {
        boolean zoned = text.endsWith("Z") || text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10;
        try {
            return zoned ? OffsetDateTime.parse(text).toInstant().toEpochMilli()
                    : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new DateTimeException(e.getMessage(), e);
        }
    }

    private static Span span(LocalDate from, LocalDate until) {
        return new Span(from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(),
                until.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    }
}
