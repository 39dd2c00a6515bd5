package io.themisdb.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class DocumentCryptoTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final DocumentCrypto crypto = new DocumentCrypto("acme", new TestFieldCipher());

  @Test // #6: the insert path hands seal a shallow copy of the caller's document
  void sealingAShallowCopyLeavesTheOriginalsNestedObjectsUnchanged() {
    EncryptionPolicy policy =
        EncryptionPolicy.of(
            Map.of(
                "card.number", FieldProtection.RANDOMIZED,
                "card.holder.email", FieldProtection.DETERMINISTIC,
                "card.holder.name", FieldProtection.RANDOMIZED,
                "ssn", FieldProtection.RANDOMIZED));
    String text =
        "{\"ssn\":\"123-45\",\"card\":{\"number\":\"4111\",\"holder\":{\"email\":\"a@x\","
            + "\"name\":\"Ann\"},\"brand\":\"visa\"},\"tags\":[\"a\"]}";
    ObjectNode original = (ObjectNode) JSON.readTree(text);
    ObjectNode shallow = original.objectNode().setAll(original);

    ObjectNode sealed = crypto.seal("people", policy, "k1", shallow);

    assertThat(original).isEqualTo(JSON.readTree(text));
    for (String path : policy.fields().keySet()) {
      assertThat(DocumentCrypto.isCiphertext(sealed.at("/" + path.replace('.', '/'))))
          .as(path)
          .isTrue();
    }
    assertThat(sealed.at("/card/brand").stringValue()).isEqualTo("visa");
    assertThat(sealed.get("tags")).isSameAs(original.get("tags")); // nothing else is copied
    assertThat(crypto.open("people", policy, "k1", sealed)).isEqualTo(original);
  }
}
