package io.themisdb.encryption.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.encryption.TenantKeys;
import io.themisdb.encryption.TenantKeysSettings;
import io.themisdb.encryption.field.FieldBinding;
import io.themisdb.encryption.keyring.KeyVersionStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReencryptionJobTest {

  private static final int ITEMS = 3_000;

  @TempDir Path directory;
  private TenantKeys keys;
  private InMemoryCollection collection;
  private FileCheckpointStore checkpoints;

  @BeforeEach
  void fill() {
    keys = TenantKeys.open(TenantKeysSettings.local(directory.resolve("keys")));
    keys.provision("acme");
    collection = new InMemoryCollection();
    for (int i = 0; i < ITEMS; i++) {
      String id = "%06d".formatted(i);
      FieldBinding binding =
          i % 2 == 0
              ? new FieldBinding.Randomized("acme", "people", "ssn", id)
              : new FieldBinding.Deterministic("acme", "people", "email");
      collection.put(new EncryptedItem(id, binding, keys.encrypt(binding, plaintext(id))));
    }
    checkpoints = new FileCheckpointStore(directory.resolve("checkpoints"));
  }

  @AfterEach
  void close() {
    keys.close();
  }

  private static byte[] plaintext(String id) {
    return ("value-" + id).getBytes(StandardCharsets.UTF_8);
  }

  private ReencryptionJob job(ReencryptionSink sink) {
    return new ReencryptionJob(
        "acme-v2-people",
        keys,
        collection,
        sink,
        checkpoints,
        Throttle.none(),
        250,
        Clock.systemUTC());
  }

  @Test
  void jobReencryptsEverythingUnderTheNewPrimary() throws Exception {
    keys.rotate("acme");

    ReencryptionCheckpoint done = job(collection).run();

    assertThat(done.finished()).isTrue();
    assertThat(done.processed()).isEqualTo(ITEMS);
    assertThat(done.rewritten()).isEqualTo(ITEMS);
    assertEveryItemCurrentAndIntact();
  }

  @Test
  void crashMidwayResumesFromCheckpointAndLosesOrDuplicatesNothing() throws Exception {
    keys.rotate("acme");
    Map<String, Integer> writes = new HashMap<>();
    ReencryptionSink counting =
        (original, reencrypted) -> {
          writes.merge(original.id(), 1, Integer::sum);
          collection.replace(original, reencrypted);
        };
    // Crash in the middle of the seventh batch, after some of its items were written.
    ReencryptionSink crashing =
        (original, reencrypted) -> {
          if (original.id().equals("001600")) {
            throw new IllegalStateException("simulated crash");
          }
          counting.replace(original, reencrypted);
        };

    assertThatThrownBy(() -> job(crashing).run()).hasMessage("simulated crash");
    ReencryptionCheckpoint saved = checkpoints.load("acme-v2-people").orElseThrow();
    assertThat(saved.lastId()).isEqualTo("001499");
    assertThat(saved.processed()).isEqualTo(1_500);
    assertThat(saved.finished()).isFalse();

    ReencryptionCheckpoint done = job(counting).run();

    assertThat(done.finished()).isTrue();
    assertThat(done.processed()).isEqualTo(ITEMS);
    assertThat(done.rewritten()).isEqualTo(ITEMS - 100);
    assertThat(writes).hasSize(ITEMS).allSatisfy((id, count) -> assertThat(count).isOne());
    assertEveryItemCurrentAndIntact();
  }

  @Test
  void finishedJobDoesNothingWhenRunAgain() throws Exception {
    keys.rotate("acme");
    job(collection).run();
    List<String> writes = new ArrayList<>();

    ReencryptionCheckpoint again = job((original, reencrypted) -> writes.add(original.id())).run();

    assertThat(again.finished()).isTrue();
    assertThat(writes).isEmpty();
  }

  @Test
  void oldVersionCanBeDisabledAndDestroyedAfterReencryption() throws Exception {
    keys.rotate("acme");
    job(collection).run();

    keys.disable("acme", 1);
    assertEveryItemCurrentAndIntact();
    keys.destroy("acme", 1);

    assertThat(keys.keyVersions("acme").getFirst().status()).isEqualTo(KeyVersionStatus.DESTROYED);
    assertEveryItemCurrentAndIntact();
  }

  @Test
  void stoppedJobResumesWhereItStopped() throws Exception {
    keys.rotate("acme");
    ReencryptionJob[] current = new ReencryptionJob[1];
    int[] seen = new int[1];
    current[0] =
        job(
            (original, reencrypted) -> {
              collection.replace(original, reencrypted);
              if (++seen[0] == 300) {
                current[0].stop();
              }
            });

    ReencryptionCheckpoint stopped = current[0].run();

    assertThat(stopped.finished()).isFalse();
    assertThat(stopped.processed()).isEqualTo(500);
    assertThat(current[0].progress()).contains(stopped);
    assertThat(job(collection).run().processed()).isEqualTo(ITEMS);
    assertEveryItemCurrentAndIntact();
  }

  private void assertEveryItemCurrentAndIntact() {
    assertThat(collection.items).hasSize(ITEMS);
    for (EncryptedItem item : collection.items.values()) {
      assertThat(keys.isUnderPrimary(item.binding(), item.ciphertext())).as(item.id()).isTrue();
      assertThat(keys.decrypt(item.binding(), item.ciphertext()))
          .as(item.id())
          .isEqualTo(plaintext(item.id()));
    }
  }

  /** A stand-in for an engine collection: items in id order, compare-and-set replace. */
  static final class InMemoryCollection implements ReencryptionSource, ReencryptionSink {

    final NavigableMap<String, EncryptedItem> items = new TreeMap<>();

    void put(EncryptedItem item) {
      items.put(item.id(), item);
    }

    @Override
    public List<EncryptedItem> nextBatch(String afterId, int limit) {
      var tail = afterId == null ? items : items.tailMap(afterId, false);
      return tail.values().stream().limit(limit).toList();
    }

    @Override
    public long estimatedCount() {
      return items.size();
    }

    @Override
    public void replace(EncryptedItem original, byte[] reencrypted) {
      EncryptedItem stored = items.get(original.id());
      if (stored != null && stored.ciphertext() == original.ciphertext()) {
        items.put(original.id(), new EncryptedItem(original.id(), original.binding(), reencrypted));
      }
    }
  }
}
