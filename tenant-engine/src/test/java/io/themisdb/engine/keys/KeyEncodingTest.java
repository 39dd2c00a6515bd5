package io.themisdb.engine.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class KeyEncodingTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void byteOrderOfEncodingsEqualsValueOrderForRandomValues() {
    Random random = new Random(20261125L);
    RandomValues values = new RandomValues(random, false);
    for (int i = 0; i < 20_000; i++) {
      JsonNode a = values.value(3);
      JsonNode b = random.nextInt(10) == 0 ? a.deepCopy() : values.value(3);
      int byValue = Integer.signum(KeyOrder.INSTANCE.compare(a, b));
      int byBytes =
          Integer.signum(Arrays.compareUnsigned(KeyEncoding.encode(a), KeyEncoding.encode(b)));
      assertThat(byBytes).as("%s vs %s", a, b).isEqualTo(byValue);
    }
  }

  @Test
  void sortingByEncodedBytesSortsByValue() {
    Random random = new Random(7);
    RandomValues values = new RandomValues(random, false);
    List<JsonNode> list = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      list.add(values.value(2));
    }
    List<JsonNode> byBytes = new ArrayList<>(list);
    byBytes.sort((x, y) -> Arrays.compareUnsigned(KeyEncoding.encode(x), KeyEncoding.encode(y)));
    for (int i = 1; i < byBytes.size(); i++) {
      assertThat(KeyOrder.INSTANCE.compare(byBytes.get(i - 1), byBytes.get(i)))
          .isLessThanOrEqualTo(0);
    }
  }

  @Test
  void decodingAnEncodingGivesTheValueBack() {
    Random random = new Random(42);
    RandomValues canonical = new RandomValues(random, true);
    RandomValues any = new RandomValues(random, false);
    for (int i = 0; i < 20_000; i++) {
      JsonNode exact = canonical.value(3);
      assertThat(KeyEncoding.decode(KeyEncoding.encode(exact))).isEqualTo(exact);

      JsonNode loose = any.value(3);
      byte[] encoded = KeyEncoding.encode(loose);
      JsonNode decoded = KeyEncoding.decode(encoded);
      assertThat(KeyOrder.INSTANCE.compare(decoded, loose)).as("%s", loose).isZero();
      assertThat(KeyEncoding.encode(decoded)).isEqualTo(encoded);
    }
  }

  @Test
  void tuplesCompareElementByElement() {
    Random random = new Random(99);
    RandomValues values = new RandomValues(random, false);
    for (int i = 0; i < 10_000; i++) {
      List<JsonNode> a = tuple(values, random);
      List<JsonNode> b =
          random.nextBoolean()
              ? new ArrayList<>(a.subList(0, random.nextInt(a.size() + 1)))
              : tuple(values, random);
      if (random.nextBoolean() && !b.isEmpty()) {
        b.set(b.size() - 1, values.value(1));
      }
      int byValue =
          Integer.signum(
              KeyOrder.INSTANCE.compare(NODES.arrayNode().addAll(a), NODES.arrayNode().addAll(b)));
      byte[] ea = KeyEncoding.encodeTuple(a);
      byte[] eb = KeyEncoding.encodeTuple(b);
      assertThat(Integer.signum(Arrays.compareUnsigned(ea, eb)))
          .as("%s vs %s", a, b)
          .isEqualTo(byValue);
      assertThat(KeyEncoding.decodeTuple(ea, 0, ea.length)).hasSize(a.size());
    }
  }

  private static List<JsonNode> tuple(RandomValues values, Random random) {
    List<JsonNode> t = new ArrayList<>();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      t.add(values.value(1));
    }
    return t;
  }

  @Test
  void typesSortNullFalseTrueNumbersStringsArraysObjects() {
    List<JsonNode> ordered =
        List.of(
            NODES.nullNode(),
            NODES.booleanNode(false),
            NODES.booleanNode(true),
            NODES.numberNode(Double.NEGATIVE_INFINITY),
            NODES.numberNode(Long.MIN_VALUE),
            NODES.numberNode(-1.5),
            NODES.numberNode(-1),
            NODES.numberNode(0),
            NODES.numberNode(0.25),
            NODES.numberNode(2),
            NODES.numberNode(10),
            NODES.numberNode(1e300),
            NODES.numberNode(Double.POSITIVE_INFINITY),
            NODES.stringNode(""),
            NODES.stringNode("10"),
            NODES.stringNode("9"),
            NODES.arrayNode(),
            NODES.arrayNode().add(1),
            NODES.objectNode(),
            NODES.objectNode().put("a", 1));
    for (int i = 1; i < ordered.size(); i++) {
      assertThat(
              Arrays.compareUnsigned(
                  KeyEncoding.encode(ordered.get(i - 1)), KeyEncoding.encode(ordered.get(i))))
          .as("%s < %s", ordered.get(i - 1), ordered.get(i))
          .isNegative();
    }
  }

  @Test
  void mixedIntegerAndDoubleCompareNumerically() {
    assertThat(KeyEncoding.encode(NODES.numberNode(3)))
        .isEqualTo(KeyEncoding.encode(NODES.numberNode(3.0)));
    assertThat(KeyEncoding.encode(NODES.numberNode(3L)))
        .isEqualTo(KeyEncoding.encode(NODES.numberNode(3.0f)));
    assertThat(KeyEncoding.encode(NODES.numberNode(-0.0)))
        .isEqualTo(KeyEncoding.encode(NODES.numberNode(0)));
    // 2^60 + 1 is no double; the double 2^60 must still sort just below it.
    assertThat(
            Arrays.compareUnsigned(
                KeyEncoding.encode(NODES.numberNode(0x1p60)),
                KeyEncoding.encode(NODES.numberNode((1L << 60) + 1))))
        .isNegative();
  }

  @Test
  void intsAndLongsEncodeAndDecodeAsTheBigDecimalPathWould() {
    // ints and longs take a shortcut past BigDecimal; it must write the very same bytes.
    Random random = new Random(3);
    List<Long> values =
        new ArrayList<>(
            List.of(
                0L,
                1L,
                -1L,
                10L,
                -10L,
                1_000_000L,
                120L,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                Long.MIN_VALUE + 1,
                (long) Integer.MIN_VALUE,
                (long) Integer.MAX_VALUE));
    for (int i = 0; i < 10_000; i++) {
      long v = random.nextLong() >> random.nextInt(64);
      values.add(random.nextBoolean() ? v : v / 1000 * 1000);
    }
    for (long v : values) {
      JsonNode big = NODES.numberNode(java.math.BigInteger.valueOf(v));
      assertThat(big.isBigInteger()).isTrue();
      byte[] viaBigInteger = KeyEncoding.encode(big);
      assertThat(KeyEncoding.encode(NODES.numberNode(v))).as("%d", v).isEqualTo(viaBigInteger);
      if (v == (int) v) {
        assertThat(KeyEncoding.encode(NODES.numberNode((int) v))).isEqualTo(viaBigInteger);
      }
      // ...and decoding, which skips BigDecimal below 10^18, answers what canonicalNumber would.
      assertThat(KeyEncoding.decode(viaBigInteger))
          .as("%d", v)
          .isEqualTo(KeyEncoding.canonicalNumber(new java.math.BigDecimal(v)));
    }
  }

  @Test
  void nanIsRejected() {
    assertThatThrownBy(() -> KeyEncoding.encode(NODES.numberNode(Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void stringPrefixCoversExactlyTheStringsStartingWithIt() {
    byte[] from = KeyEncoding.stringPrefix("ab");
    byte[] to = KeyRanges.prefixEnd(from);
    for (String s : List.of("ab", "ab\u0000", "abc", "ab\uffff")) {
      byte[] k = KeyEncoding.encode(NODES.stringNode(s));
      assertThat(Arrays.compareUnsigned(k, from)).isNotNegative();
      assertThat(Arrays.compareUnsigned(k, to)).isNegative();
    }
    for (String s : List.of("a", "a\u0000", "b", "aa\uffff")) {
      byte[] k = KeyEncoding.encode(NODES.stringNode(s));
      assertThat(Arrays.compareUnsigned(k, from) < 0 || Arrays.compareUnsigned(k, to) >= 0)
          .as(s)
          .isTrue();
    }
  }
}
