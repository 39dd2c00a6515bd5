package io.themisdb.engine.aql.functions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Compiled LIKE and regular-expression patterns, cached because a FILTER compiles the same pattern
 * once per row otherwise.
 */
public final class Patterns {
  private static final int MAX_CACHED = 1024;
  private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

  private Patterns() {}

  /** LIKE: {@code %} any sequence, {@code _} one character, backslash escapes them. */
  public static Pattern like(String pattern, boolean caseInsensitive) {
    return cached(
        "L" + (caseInsensitive ? "i" : "s") + pattern,
        () -> {
          StringBuilder re = new StringBuilder();
          StringBuilder literal = new StringBuilder();
          for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\' && i + 1 < pattern.length()) {
              literal.append(pattern.charAt(++i));
            } else if (ch == '%' || ch == '_') {
              flush(re, literal);
              re.append(ch == '%' ? ".*" : ".");
            } else {
              literal.append(ch);
            }
          }
          flush(re, literal);
          return Pattern.compile(re.toString(), flags(caseInsensitive));
        });
  }

  public static Pattern regex(String pattern, boolean caseInsensitive) {
    return cached(
        "R" + (caseInsensitive ? "i" : "s") + pattern,
        () -> Pattern.compile(pattern, flags(caseInsensitive)));
  }

  private static int flags(boolean caseInsensitive) {
    return Pattern.DOTALL | (caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
  }

  private static void flush(StringBuilder re, StringBuilder literal) {
    if (!literal.isEmpty()) {
      re.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }

  private static Pattern cached(String key, java.util.function.Supplier<Pattern> compile) {
    Pattern p = CACHE.get(key);
    if (p == null) {
      p = compile.get();
      if (CACHE.size() >= MAX_CACHED) {
        CACHE.clear();
      }
      CACHE.put(key, p);
    }
    return p;
  }
}
