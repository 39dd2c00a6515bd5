package io.themisdb.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A Redis server tests may use; {@link #url()} is what Lettuce and Spring take. */
public record RedisServer(ServiceSource source, String host, int port) {

  public static RedisServer parse(ServiceSource source, String url) {
    URI uri = URI.create(url);
    if (!"redis".equals(uri.getScheme())) {
      throw new IllegalArgumentException("Not a redis:// URL: " + uri.getScheme());
    }
    return new RedisServer(source, uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
  }

  public String url() {
    return "redis://" + host + ":" + port;
  }

  /** Sends PING and expects +PONG, so a port that merely accepts connections does not count. */
  void ping() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      String text = new String(reply, StandardCharsets.US_ASCII);
      if (!text.equals("+PONG\r\n")) {
        throw new IOException("Unexpected reply to PING from " + url() + ": " + text.strip());
      }
    }
  }

  @Override
  public String toString() {
    return source + " " + url();
  }
}
