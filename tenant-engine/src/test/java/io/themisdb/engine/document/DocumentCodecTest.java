package io.themisdb.engine.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.engine.keys.RandomValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class DocumentCodecTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void randomDocumentsRoundTrip() {
    Random random = new Random(3);
    RandomValues values = new RandomValues(random, true);
    for (int i = 0; i < 5_000; i++) {
      ObjectNode doc = NODES.objectNode();
      int fields = random.nextInt(12);
      for (int f = 0; f < fields; f++) {
        doc.set(values.string(), values.value(3));
      }
      byte[] bytes = DocumentCodec.encode(doc);
      assertThat(DocumentCodec.decode(bytes)).isEqualTo(doc);
      for (var e : doc.properties()) {
        assertThat(DocumentCodec.readField(bytes, e.getKey()).orElseThrow())
            .isEqualTo(e.getValue());
      }
    }
  }

  @Test
  void decodeFieldsReturnsOnlyTheNamedTopLevelAttributes() {
    ObjectNode doc =
        (ObjectNode) JSON.readTree("{\"a\":{\"b\":1},\"c\":[2],\"d\":\"x\",\"\u00e9\":null}");
    byte[] bytes = DocumentCodec.encode(doc);

    ObjectNode some =
        DocumentCodec.decodeFields(
            bytes, new DocumentCodec.Fields(java.util.List.of("a", "\u00e9", "zz")));

    assertThat(some).isEqualTo(JSON.readTree("{\"a\":{\"b\":1},\"\u00e9\":null}"));
    assertThat(DocumentCodec.decodeFields(bytes, new DocumentCodec.Fields(java.util.List.of())))
        .isEmpty();
  }

  @Test
  void namesSharedByManyDocumentsDecodeToEqualStrings() {
    // Decoding reuses the strings of recently seen names; colliding names must never mix up.
    Random random = new Random(5);
    for (int i = 0; i < 20_000; i++) {
      ObjectNode doc = NODES.objectNode();
      doc.put("n" + random.nextInt(5_000), i);
      doc.put("m" + random.nextInt(5_000), -i);
      assertThat(DocumentCodec.decode(DocumentCodec.encode(doc))).isEqualTo(doc);
    }
  }

  @Test
  void parsedJsonRoundTripsWithItsNumberTypes() {
    ObjectNode doc =
        (ObjectNode)
            JSON.readTree(
                "{\"i\":1,\"l\":12345678901,\"d\":-0.5,\"big\":123456789012345678901234567890,"
                    + "\"s\":\"h\\u0000\u00e9\",\"t\":true,\"f\":false,\"n\":null,\"a\":[1,[2],{}],"
                    + "\"o\":{\"x\":{\"y\":[]}}}");
    assertThat(DocumentCodec.decode(DocumentCodec.encode(doc))).isEqualTo(doc);
    ObjectNode decimals =
        NODES.objectNode().put("x", new BigDecimal("1.10")).put("y", new BigInteger("7"));
    assertThat(DocumentCodec.decode(DocumentCodec.encode(decimals))).isEqualTo(decimals);
  }

  @Test
  void nestedFieldIsReadWithoutDecodingTheDocument() {
    ObjectNode doc = (ObjectNode) JSON.readTree("{\"a\":{\"b\":{\"c\":42,\"d\":\"x\"}},\"z\":[1]}");
    byte[] bytes = DocumentCodec.encode(doc);

    assertThat(DocumentCodec.readField(bytes, "a.b.c")).contains(NODES.numberNode(42));
    assertThat(DocumentCodec.readField(bytes, "a.b")).contains(doc.get("a").get("b"));
    assertThat(DocumentCodec.readField(bytes, "a.x")).isEmpty();
    assertThat(DocumentCodec.readField(bytes, "z.0")).isEmpty();
    assertThat(DocumentCodec.readField(bytes, "a.b.c.d")).isEmpty();
    assertThat(DocumentCodec.readString(bytes, "z")).isNull();
  }

  @Test
  void emptyDocumentRoundTrips() {
    assertThat(DocumentCodec.decode(DocumentCodec.encode(NODES.objectNode())))
        .isEqualTo(NODES.objectNode());
  }

  @Test
  void bytesThatAreNoDocumentAreRejected() {
    assertThatThrownBy(() -> DocumentCodec.decode(new byte[] {9, 9}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format version");
  }

  @Test
  void binaryValuesCannotBeStored() {
    ObjectNode doc = NODES.objectNode();
    doc.set("b", NODES.binaryNode(new byte[] {1}));
    assertThatThrownBy(() -> DocumentCodec.encode(doc))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fieldTableIsSortedSoLookupFindsEveryName() {
    ObjectNode doc = NODES.objectNode();
    for (int i = 0; i < 300; i++) {
      doc.put("f" + (i * 7919 % 300), i);
    }
    byte[] bytes = DocumentCodec.encode(doc);
    for (var e : doc.properties()) {
      assertThat(DocumentCodec.readField(bytes, e.getKey())).contains(e.getValue());
    }
    JsonNode missing = DocumentCodec.readField(bytes, "nope").orElse(null);
    assertThat(missing).isNull();
  }
}
