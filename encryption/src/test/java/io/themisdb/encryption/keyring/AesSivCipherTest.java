package io.themisdb.encryption.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;
import com.google.crypto.tink.subtle.AesSiv;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AesSivCipherTest {

  private static final HexFormat HEX = HexFormat.of();

  @BeforeAll
  static void register() throws GeneralSecurityException {
    DeterministicAeadConfig.register();
  }

  @Test
  void matchesTheRfc5297TestVector() throws GeneralSecurityException {
    // RFC 5297, appendix A.1 (deterministic authenticated encryption, AES-SIV-CMAC-256)
    AesSivCipher siv =
        new AesSivCipher(
            HEX.parseHex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"),
            new byte[0]);
    byte[] ad = HEX.parseHex("101112131415161718191a1b1c1d1e1f2021222324252627");
    byte[] plaintext = HEX.parseHex("112233445566778899aabbccddee");
    byte[] expected = HEX.parseHex("85632d07c6e8f37f950acd320a2ecc9340c02b9690c4dc04daef7f6afe5c");

    assertThat(siv.encryptDeterministically(plaintext, ad)).isEqualTo(expected);
    assertThat(siv.decryptDeterministically(expected, ad)).isEqualTo(plaintext);
  }

  @Test
  void producesAndOpensExactlyWhatTinkDoes() throws GeneralSecurityException {
    Random random = new Random(5297);
    for (int k = 0; k < 4; k++) {
      AesSivKey key = newKey();
      DeterministicAead tink = AesSiv.create(key);
      AesSivCipher ours = AesSivCipher.create(key);
      // every length around the block boundaries, for plaintext and associated data
      for (int p = 0; p <= 70; p++) {
        for (int a : new int[] {0, 1, 15, 16, 17, 31, 32, 33, 70}) {
          byte[] plaintext = bytes(random, p);
          byte[] ad = bytes(random, a);
          byte[] tinkCiphertext = tink.encryptDeterministically(plaintext, ad);
          assertThat(ours.encryptDeterministically(plaintext, ad)).isEqualTo(tinkCiphertext);
          assertThat(ours.decryptDeterministically(tinkCiphertext, ad)).isEqualTo(plaintext);
          // twice: the second call takes the associated data's cached S2V state
          assertThat(ours.decryptDeterministically(tinkCiphertext, ad)).isEqualTo(plaintext);
        }
      }
    }
  }

  @Test
  void refusesAlteredCiphertextsOtherAssociatedDataAndOtherKeys() throws GeneralSecurityException {
    AesSivKey key = newKey();
    AesSivCipher siv = AesSivCipher.create(key);
    byte[] ad = "tenant/collection/email".getBytes();
    byte[] ciphertext = siv.encryptDeterministically("someone@example.com".getBytes(), ad);

    for (int i = 0; i < ciphertext.length; i++) {
      byte[] altered = ciphertext.clone();
      altered[i] ^= 0x01;
      assertThatThrownBy(() -> siv.decryptDeterministically(altered, ad))
          .as("bit flipped in byte %d", i)
          .isInstanceOf(GeneralSecurityException.class);
    }
    assertThatThrownBy(
            () -> siv.decryptDeterministically(ciphertext, "tenant/other/email".getBytes()))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("does not authenticate");
    assertThatThrownBy(() -> AesSivCipher.create(newKey()).decryptDeterministically(ciphertext, ad))
        .isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> siv.decryptDeterministically(new byte[10], ad))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void givesTheSameResultsFromManyThreads() throws Exception {
    AesSivKey key = newKey();
    AesSivCipher siv = AesSivCipher.create(key);
    DeterministicAead tink = AesSiv.create(key);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 32; t++) {
        int seed = t;
        Callable<Boolean> work =
            () -> {
              Random random = new Random(seed);
              for (int i = 0; i < 500; i++) {
                byte[] plaintext = bytes(random, random.nextInt(40));
                byte[] ad = ("field-" + random.nextInt(8)).getBytes();
                byte[] c = siv.encryptDeterministically(plaintext, ad);
                if (!java.util.Arrays.equals(c, tink.encryptDeterministically(plaintext, ad))
                    || !java.util.Arrays.equals(siv.decryptDeterministically(c, ad), plaintext)) {
                  return false;
                }
              }
              return true;
            };
        results.add(pool.submit(work));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static AesSivKey newKey() throws GeneralSecurityException {
    return (AesSivKey)
        KeysetHandle.generateNew(PredefinedDeterministicAeadParameters.AES256_SIV)
            .getPrimary()
            .getKey();
  }

  private static byte[] bytes(Random random, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }
}
