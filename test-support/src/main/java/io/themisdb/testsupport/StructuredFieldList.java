package io.themisdb.testsupport;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8941 List parser (items only; inner lists and decimals are rejected), written for
 * the tests so that header values are checked by a parser that shares no code with the formatter
 * (the {@code RateLimit-Policy} and {@code RateLimit} fields).
 */
public final class StructuredFieldList {

  /** One list member: a bare item (String, token, Long, Boolean, byte[]) and its parameters. */
  public record Member(Object value, Map<String, Object> parameters) {}

  private final String input;
  private int pos;

  private StructuredFieldList(String input) {
    this.input = input;
  }

  /**
   * Parses a List field.
   *
   * @throws IllegalArgumentException where the value is not a valid List of items
   */
  public static List<Member> parse(String field) {
    StructuredFieldList p = new StructuredFieldList(field);
    return p.list();
  }

  private List<Member> list() {
    skip(' ');
    List<Member> members = new ArrayList<>();
    while (pos < input.length()) {
      members.add(item());
      skipOws();
      if (pos == input.length()) {
        return members;
      }
      expect(',');
      skipOws();
      if (pos == input.length()) {
        throw fail("trailing comma");
      }
    }
    return members;
  }

  private Member item() {
    Object value = bareItem();
    Map<String, Object> params = new LinkedHashMap<>();
    while (pos < input.length() && input.charAt(pos) == ';') {
      pos++;
      skip(' ');
      String key = key();
      Object v = Boolean.TRUE;
      if (pos < input.length() && input.charAt(pos) == '=') {
        pos++;
        v = bareItem();
      }
      params.put(key, v);
    }
    return new Member(value, params);
  }

  private Object bareItem() {
    if (pos >= input.length()) {
      throw fail("missing item");
    }
    char c = input.charAt(pos);
    if (c == '-' || Character.isDigit(c)) {
      return integer();
    }
    if (c == '"') {
      return string();
    }
    if (c == ':') {
      int end = input.indexOf(':', pos + 1);
      if (end < 0) {
        throw fail("unterminated byte sequence");
      }
      byte[] bytes = Base64.getDecoder().decode(input.substring(pos + 1, end));
      pos = end + 1;
      return bytes;
    }
    if (Character.isLetter(c) || c == '*') {
      int start = pos++;
      while (pos < input.length() && isTokenChar(input.charAt(pos))) {
        pos++;
      }
      return new Token(input.substring(start, pos));
    }
    throw fail("unexpected '" + c + "'");
  }

  record Token(String value) {}

  private long integer() {
    int start = pos;
    if (input.charAt(pos) == '-') {
      pos++;
    }
    int digits = 0;
    while (pos < input.length() && Character.isDigit(input.charAt(pos))) {
      pos++;
      digits++;
    }
    if (digits == 0 || digits > 15) {
      throw fail("bad integer");
    }
    if (pos < input.length() && input.charAt(pos) == '.') {
      throw fail("decimals are not expected here");
    }
    return Long.parseLong(input.substring(start, pos));
  }

  private String string() {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (pos < input.length()) {
      char c = input.charAt(pos++);
      if (c == '\\') {
        if (pos >= input.length()) {
          throw fail("dangling escape");
        }
        char next = input.charAt(pos++);
        if (next != '"' && next != '\\') {
          throw fail("bad escape");
        }
        sb.append(next);
      } else if (c == '"') {
        return sb.toString();
      } else if (c < 0x20 || c > 0x7e) {
        throw fail("non-printable character in string");
      } else {
        sb.append(c);
      }
    }
    throw fail("unterminated string");
  }

  private String key() {
    int start = pos;
    if (pos >= input.length()
        || !(Character.isLowerCase(input.charAt(pos)) || input.charAt(pos) == '*')) {
      throw fail("bad key");
    }
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (!(Character.isLowerCase(c) || Character.isDigit(c) || "_-.*".indexOf(c) >= 0)) {
        break;
      }
      pos++;
    }
    return input.substring(start, pos);
  }

  private static boolean isTokenChar(char c) {
    return Character.isLetterOrDigit(c) || ":/!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private void skip(char c) {
    while (pos < input.length() && input.charAt(pos) == c) {
      pos++;
    }
  }

  private void skipOws() {
    while (pos < input.length() && (input.charAt(pos) == ' ' || input.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private void expect(char c) {
    if (pos >= input.length() || input.charAt(pos) != c) {
      throw fail("expected '" + c + "'");
    }
    pos++;
  }

  private IllegalArgumentException fail(String why) {
    return new IllegalArgumentException(why + " at " + pos + " in: " + input);
  }
}
