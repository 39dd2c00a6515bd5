package io.themisdb.encryption.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KekProviderFactoryTest {

  /** Every id this module ships; add one here when a provider is added. */
  private static final List<String> SHIPPED = List.of("local");

  @Test
  void everyShippedIdIsFound() {
    assertThat(KekProviderFactory.registeredIds()).containsAll(SHIPPED).doesNotHaveDuplicates();
    for (String id : SHIPPED) {
      assertThat(KekProviderFactory.byId(id).id()).isEqualTo(id);
    }
  }

  @Test
  void unknownIdFailsWithMessageNamingTheKnownIds() {
    assertThatThrownBy(() -> KekProviderFactory.byId("aws-kms-typo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown KMS provider 'aws-kms-typo'")
        .hasMessageContaining("local");
  }
}
