package io.themisdb.engine.index.ttl;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * Reads the expiry time of a document from the value of its TTL attribute. A document expires once
 * the time is reached ({@code expiry <= now}).
 *
 * <ul>
 *   <li>a JSON number: epoch milliseconds (a fraction is cut off; values outside the {@code long}
 *       range are no timestamp);
 *   <li>a string: an ISO-8601 date-time such as {@code 2026-11-30T22:00:00Z}, {@code
 *       2026-11-30T23:00:00+01:00} or {@code 2026-11-30T23:00:00+01:00[Europe/Oslo]}; one without
 *       an offset ({@code 2026-11-30T22:00:00}) is read as UTC;
 *   <li>anything else (a missing attribute, null, a boolean, an array, an object, a string that is
 *       no date-time, a date without a time): no timestamp, so the document never expires.
 * </ul>
 */
public final class Expiry {
  private Expiry() {}

  /** The expiry time in epoch milliseconds, or empty when {@code value} is no timestamp. */
  public static OptionalLong millis(JsonNode value) {
    if (value == null) {
      return OptionalLong.empty();
    }
    if (value.isIntegralNumber()) {
      return value.canConvertToLong() ? OptionalLong.of(value.longValue()) : OptionalLong.empty();
    }
    if (value.isNumber()) {
      double d = value.doubleValue();
      return d >= Long.MIN_VALUE && d < Long.MAX_VALUE
          ? OptionalLong.of((long) Math.floor(d))
          : OptionalLong.empty();
    }
    if (value.isString()) {
      return parse(value.stringValue());
    }
    return OptionalLong.empty();
  }

  private static OptionalLong parse(String text) {
    try {
      TemporalAccessor t =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(
              text, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from);
      Instant instant =
          switch (t) {
            case ZonedDateTime z -> z.toInstant();
            case OffsetDateTime o -> o.toInstant();
            case LocalDateTime l -> l.toInstant(ZoneOffset.UTC);
            default -> null;
          };
      return instant == null ? OptionalLong.empty() : OptionalLong.of(instant.toEpochMilli());
    } catch (DateTimeParseException | ArithmeticException e) {
      return OptionalLong.empty();
    }
  }
}
