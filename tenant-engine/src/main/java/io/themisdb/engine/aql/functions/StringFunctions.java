package io.themisdb.engine.aql.functions;

import static io.themisdb.engine.aql.value.Values.NULL;
import static io.themisdb.engine.aql.value.Values.bool;
import static io.themisdb.engine.aql.value.Values.string;
import static io.themisdb.engine.aql.value.Values.toText;

import io.themisdb.engine.aql.value.Values;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** String functions; every argument is cast with TO_STRING first. */
final class StringFunctions {
  private StringFunctions() {}

  static void register(FunctionLibrary.Registrar r) {
    r.add("CONCAT", 1, -1, (a, c) -> string(concat(a, "")));
    r.add(
        "CONCAT_SEPARATOR",
        2,
        -1,
        (a, c) -> string(concat(a.subList(1, a.size()), toText(a.get(0)))));
    r.add("LOWER", 1, 1, (a, c) -> string(toText(a.get(0)).toLowerCase(Locale.ROOT)));
    r.add("UPPER", 1, 1, (a, c) -> string(toText(a.get(0)).toUpperCase(Locale.ROOT)));
    r.add("SUBSTRING", 2, 3, (a, c) -> string(substring(toText(a.get(0)), a)));
    r.add(
        "LEFT",
        2,
        2,
        (a, c) -> {
          String s = toText(a.get(0));
          return string(s.substring(0, clamp(Values.toDouble(a.get(1)), s.length())));
        });
    r.add(
        "RIGHT",
        2,
        2,
        (a, c) -> {
          String s = toText(a.get(0));
          return string(s.substring(s.length() - clamp(Values.toDouble(a.get(1)), s.length())));
        });
    r.add("CHAR_LENGTH", 1, 1, (a, c) -> Values.number(toText(a.get(0)).length()));
    r.add(
        "CONTAINS",
        2,
        3,
        (a, c) -> {
          int i = toText(a.get(0)).indexOf(toText(a.get(1)));
          return a.size() > 2 && Values.truthy(a.get(2)) ? Values.number(i) : bool(i >= 0);
        });
    r.add("FIND_FIRST", 2, 2, (a, c) -> Values.number(toText(a.get(0)).indexOf(toText(a.get(1)))));
    r.add("STARTS_WITH", 2, 2, (a, c) -> bool(toText(a.get(0)).startsWith(toText(a.get(1)))));
    r.add("SPLIT", 1, 3, (a, c) -> split(a));
    r.add("TRIM", 1, 2, (a, c) -> string(trim(a, true, true)));
    r.add("LTRIM", 1, 2, (a, c) -> string(trim(a, true, false)));
    r.add("RTRIM", 1, 2, (a, c) -> string(trim(a, false, true)));
    r.add(
        "SUBSTITUTE",
        3,
        3,
        (a, c) -> string(toText(a.get(0)).replace(toText(a.get(1)), toText(a.get(2)))));
    r.add(
        "LIKE",
        2,
        3,
        (a, c) ->
            bool(
                Patterns.like(toText(a.get(1)), a.size() > 2 && Values.truthy(a.get(2)))
                    .matcher(toText(a.get(0)))
                    .matches()));
    r.add(
        "REGEX_TEST",
        2,
        3,
        (a, c) -> {
          Pattern p = regex(a.get(1), a.size() > 2 && Values.truthy(a.get(2)));
          return p == null ? NULL : bool(p.matcher(toText(a.get(0))).find());
        });
    r.add(
        "REGEX_REPLACE",
        3,
        4,
        (a, c) -> {
          Pattern p = regex(a.get(1), a.size() > 3 && Values.truthy(a.get(3)));
          return p == null
              ? NULL
              : string(
                  p.matcher(toText(a.get(0)))
                      .replaceAll(Matcher.quoteReplacement(toText(a.get(2)))));
        });
    r.add(
        "REGEX_MATCHES",
        2,
        3,
        (a, c) -> {
          Pattern p = regex(a.get(1), a.size() > 2 && Values.truthy(a.get(2)));
          if (p == null) {
            return NULL;
          }
          Matcher m = p.matcher(toText(a.get(0)));
          if (!m.find()) {
            return NULL;
          }
          ArrayNode out = Values.array();
          for (int i = 0; i <= m.groupCount(); i++) {
            out.add(m.group(i) == null ? "" : m.group(i));
          }
          return out;
        });
    r.add("MD5", 1, 1, (a, c) -> string(digest("MD5", toText(a.get(0)))));
    r.add("SHA1", 1, 1, (a, c) -> string(digest("SHA-1", toText(a.get(0)))));
    r.add("SHA256", 1, 1, (a, c) -> string(digest("SHA-256", toText(a.get(0)))));
    r.add("UUID", 0, 0, (a, c) -> string(UUID.randomUUID().toString()));
    r.add("JSON_STRINGIFY", 1, 1, (a, c) -> string(Values.JSON.writeValueAsString(a.get(0))));
    r.add(
        "JSON_PARSE",
        1,
        1,
        (a, c) -> {
          try {
            return Values.JSON.readTree(toText(a.get(0)));
          } catch (RuntimeException e) {
            return NULL;
          }
        });
  }

  private static String concat(List<JsonNode> args, String separator) {
    StringBuilder out = new StringBuilder();
    boolean first = true;
    for (JsonNode v : args) {
      // An array argument contributes its elements; nulls are skipped.
      Iterable<JsonNode> parts = v.isArray() ? v.values() : List.of(v);
      for (JsonNode p : parts) {
        if (Values.isNull(p)) {
          continue;
        }
        if (!first) {
          out.append(separator);
        }
        out.append(toText(p));
        first = false;
      }
    }
    return out.toString();
  }

  private static int clamp(double n, int length) {
    return (int) Math.max(0, Math.min(length, n));
  }

  private static String substring(String s, List<JsonNode> a) {
    int len = s.length();
    int offset = (int) Values.toDouble(a.get(1));
    if (offset < 0) {
      offset = Math.max(0, len + offset);
    }
    offset = Math.min(offset, len);
    int count = a.size() > 2 ? (int) Values.toDouble(a.get(2)) : len - offset;
    if (count < 0) {
      count = Math.max(0, len - offset + count);
    }
    return s.substring(offset, Math.min(len, offset + count));
  }

  private static JsonNode split(List<JsonNode> a) {
    String s = toText(a.get(0));
    ArrayNode out = Values.array();
    int limit = a.size() > 2 ? (int) Values.toDouble(a.get(2)) : -1;
    if (a.size() < 2 || Values.isNull(a.get(1))) {
      return out.add(s);
    }
    String sep = toText(a.get(1));
    String[] parts = sep.isEmpty() ? s.split("") : s.split(Pattern.quote(sep), -1);
    for (String p : parts) {
      if (limit >= 0 && out.size() == limit) {
        break;
      }
      out.add(p);
    }
    return out;
  }

  private static String trim(List<JsonNode> a, boolean left, boolean right) {
    String s = toText(a.get(0));
    String chars = " \t\r\n";
    if (a.size() > 1) {
      JsonNode t = a.get(1);
      if (t.isNumber()) {
        int type = t.intValue();
        left = type == 0 || type == 1;
        right = type == 0 || type == 2;
      } else {
        chars = toText(t);
      }
    }
    int from = 0;
    int to = s.length();
    while (left && from < to && chars.indexOf(s.charAt(from)) >= 0) {
      from++;
    }
    while (right && to > from && chars.indexOf(s.charAt(to - 1)) >= 0) {
      to--;
    }
    return s.substring(from, to);
  }

  private static Pattern regex(JsonNode pattern, boolean caseInsensitive) {
    try {
      return Patterns.regex(toText(pattern), caseInsensitive);
    } catch (PatternSyntaxException e) {
      return null;
    }
  }

  private static String digest(String algorithm, String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }
}
