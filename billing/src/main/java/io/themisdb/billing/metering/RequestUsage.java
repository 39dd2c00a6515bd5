package io.themisdb.billing.metering;

/**
 * What one request used, as returned to the caller in the {@code Themis-Usage} header field and
 * recorded by {@link UsageMeter#record(String, RequestUsage)}.
 */
public record RequestUsage(long readUnits, long writeUnits, long gpuMillis) {

  /** The response header field that reports a request's usage. */
  public static final String HEADER = "Themis-Usage";

  public RequestUsage {
    if (readUnits < 0 || writeUnits < 0 || gpuMillis < 0) {
      throw new IllegalArgumentException("Usage must not be negative");
    }
  }

  /** Usage of a request that read {@code bytes}, under {@code rules}. */
  public static RequestUsage read(UnitRules rules, long bytes) {
    return new RequestUsage(rules.readUnits(bytes), 0, 0);
  }

  /** Usage of a request that wrote {@code bytes}, under {@code rules}. */
  public static RequestUsage write(UnitRules rules, long bytes) {
    return new RequestUsage(0, rules.writeUnits(bytes), 0);
  }

  public RequestUsage plus(RequestUsage other) {
    return new RequestUsage(
        readUnits + other.readUnits, writeUnits + other.writeUnits, gpuMillis + other.gpuMillis);
  }

  /**
   * The header value, an RFC 8941 Dictionary of Integers: {@code ru=3, wu=1}, with {@code gpu-ms}
   * only when the request used the GPU.
   */
  public String headerValue() {
    String value = "ru=" + readUnits + ", wu=" + writeUnits;
    return gpuMillis > 0 ? value + ", gpu-ms=" + gpuMillis : value;
  }
}
