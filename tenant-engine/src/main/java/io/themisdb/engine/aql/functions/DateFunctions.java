package io.themisdb.engine.aql.functions;

import static io.themisdb.engine.aql.value.Values.NULL;

import io.themisdb.engine.aql.value.Values;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.function.ToIntFunction;
import tools.jackson.databind.JsonNode;

/**
 * Date functions. A date is a number of milliseconds since the Unix epoch or an ISO 8601 string;
 * dates without an offset are UTC. Results that are dates are ISO 8601 strings with milliseconds in
 * UTC, as in ArangoDB.
 */
final class DateFunctions {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private DateFunctions() {}

  static void register(FunctionLibrary.Registrar r) {
    r.add("DATE_NOW", 0, 0, (a, c) -> Values.number(c.now().toEpochMilli()));
    r.add("DATE_ISO8601", 1, 1, (a, c) -> date(a.get(0), DateFunctions::iso));
    r.add(
        "DATE_TIMESTAMP",
        1,
        1,
        (a, c) -> date(a.get(0), t -> Values.number(t.toInstant().toEpochMilli())));
    part(r, "DATE_YEAR", ZonedDateTime::getYear);
    part(r, "DATE_MONTH", ZonedDateTime::getMonthValue);
    part(r, "DATE_DAY", ZonedDateTime::getDayOfMonth);
    part(r, "DATE_HOUR", ZonedDateTime::getHour);
    part(r, "DATE_MINUTE", ZonedDateTime::getMinute);
    part(r, "DATE_SECOND", ZonedDateTime::getSecond);
    part(r, "DATE_MILLISECOND", t -> t.getNano() / 1_000_000);
    part(r, "DATE_DAYOFYEAR", ZonedDateTime::getDayOfYear);
    // 0 is Sunday, as in ArangoDB.
    part(r, "DATE_DAYOFWEEK", t -> t.getDayOfWeek().getValue() % 7);
    r.add("DATE_ADD", 3, 3, (a, c) -> shift(a, 1));
    r.add("DATE_SUBTRACT", 3, 3, (a, c) -> shift(a, -1));
    r.add("DATE_DIFF", 3, 4, (a, c) -> diff(a));
    r.add(
        "DATE_TRUNC",
        2,
        2,
        (a, c) -> {
          ChronoUnit unit = unit(a.get(1));
          return unit == null ? NULL : date(a.get(0), t -> iso(truncate(t, unit)));
        });
  }

  private static void part(
      FunctionLibrary.Registrar r, String name, ToIntFunction<ZonedDateTime> f) {
    r.add(name, 1, 1, (a, c) -> date(a.get(0), t -> Values.number(f.applyAsInt(t))));
  }

  private static JsonNode date(JsonNode v, java.util.function.Function<ZonedDateTime, JsonNode> f) {
    ZonedDateTime t = parse(v);
    return t == null ? NULL : f.apply(t);
  }

  static ZonedDateTime parse(JsonNode v) {
    if (v.isNumber()) {
      return Instant.ofEpochMilli(v.longValue()).atZone(ZoneOffset.UTC);
    }
    if (!v.isString()) {
      return null;
    }
    String s = v.stringValue().strip();
    try {
      return OffsetDateTime.parse(s).atZoneSameInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try the forms without an offset
    }
    try {
      return LocalDateTime.parse(s).atZone(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try a plain date
    }
    try {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static JsonNode iso(ZonedDateTime t) {
    return Values.string(ISO.format(t));
  }

  static ChronoUnit unit(JsonNode v) {
    String u = Values.toText(v).toLowerCase();
    return switch (u) {
      case "y", "year", "years" -> ChronoUnit.YEARS;
      case "m", "month", "months" -> ChronoUnit.MONTHS;
      case "w", "week", "weeks" -> ChronoUnit.WEEKS;
      case "d", "day", "days" -> ChronoUnit.DAYS;
      case "h", "hour", "hours" -> ChronoUnit.HOURS;
      case "i", "minute", "minutes" -> ChronoUnit.MINUTES;
      case "s", "second", "seconds" -> ChronoUnit.SECONDS;
      case "f", "millisecond", "milliseconds" -> ChronoUnit.MILLIS;
      default -> null;
    };
  }

  private static JsonNode shift(List<JsonNode> a, int sign) {
    ZonedDateTime t = parse(a.get(0));
    ChronoUnit unit = unit(a.get(2));
    if (t == null || unit == null) {
      return NULL;
    }
    long amount = (long) Values.toDouble(a.get(1)) * sign;
    return iso(t.plus(amount, unit));
  }

  private static JsonNode diff(List<JsonNode> a) {
    ZonedDateTime from = parse(a.get(0));
    ZonedDateTime to = parse(a.get(1));
    ChronoUnit unit = unit(a.get(2));
    if (from == null || to == null || unit == null) {
      return NULL;
    }
    boolean asFloat = a.size() > 3 && Values.truthy(a.get(3));
    if (!asFloat || unit == ChronoUnit.MONTHS || unit == ChronoUnit.YEARS) {
      return Values.number(unit.between(from, to));
    }
    double millis = ChronoUnit.MILLIS.between(from, to);
    return Values.N.numberNode(millis / unit.getDuration().toMillis());
  }

  private static ZonedDateTime truncate(ZonedDateTime t, ChronoUnit unit) {
    return switch (unit) {
      case YEARS -> t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
      case MONTHS -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
      case WEEKS ->
          t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      default -> t.truncatedTo(unit);
    };
  }
}
