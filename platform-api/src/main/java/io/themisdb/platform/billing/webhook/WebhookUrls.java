package io.themisdb.platform.billing.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Rules for tenants' endpoint URLs, so that webhooks cannot reach the platform's own network. */
final class WebhookUrls {

  static final int MAX_LENGTH = 2048;
  private static final Pattern IP_LITERAL = Pattern.compile("\\[.*]|[0-9.]+");

  private WebhookUrls() {}

  /**
   * Parses an endpoint URL: absolute {@code https} (or {@code http} where private addresses are
   * allowed, for tests and closed networks), with a host, no user info and no fragment.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static URI parse(String text, boolean allowPrivate) {
    if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("url must be an absolute URL of at most 2048 characters");
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url is not a valid URL");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || (allowPrivate && scheme.equals("http")))) {
      throw new IllegalArgumentException("url must use https");
    }
    if (url.getHost() == null || url.getRawUserInfo() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException("url must have a host and no user info or fragment");
    }
    if (!allowPrivate) {
      String host = url.getHost().toLowerCase(Locale.ROOT);
      if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".internal")) {
        throw new IllegalArgumentException("url must not name a local or internal host");
      }
      if (IP_LITERAL.matcher(host).matches()) {
        try {
          // A literal: no DNS lookup happens.
          requirePublic(new InetAddress[] {InetAddress.getByName(host)});
        } catch (UnknownHostException e) {
          throw new IllegalArgumentException("url has a malformed address");
        }
      }
    }
    return url;
  }

  /**
   * Refuses loopback, private, link-local, wildcard, multicast and unique-local addresses; checked
   * again at every attempt, since DNS can change.
   */
  static void requirePublic(InetAddress[] addresses) {
    for (InetAddress a : addresses) {
      boolean uniqueLocal = a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
      if (a.isLoopbackAddress()
          || a.isSiteLocalAddress()
          || a.isLinkLocalAddress()
          || a.isAnyLocalAddress()
          || a.isMulticastAddress()
          || uniqueLocal) {
        throw new IllegalArgumentException("The endpoint resolves to a non-public address");
      }
    }
  }
}
