package io.themisdb.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The flat id table answers as a map would through puts, removals and growth. */
class OrdinalsTest {

  @Test
  void randomPutsAndRemovalsAnswerAsAHashMap() {
    Random r = new Random(3);
    Ordinals table = new Ordinals();
    Map<String, Integer> model = new HashMap<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      keys.add("v/" + i);
    }
    // "Aa" and "BB" share a hash code: probes must compare the strings then.
    keys.add("Aa");
    keys.add("BB");
    for (int step = 0; step < 20_000; step++) {
      String key = keys.get(r.nextInt(keys.size()));
      if (model.containsKey(key) && r.nextBoolean()) {
        assertThat(table.remove(key)).isEqualTo(model.remove(key));
      } else if (!model.containsKey(key)) {
        table.put(key, step);
        model.put(key, step);
      }
      String probe = keys.get(r.nextInt(keys.size()));
      // A different instance than the one stored: equal strings, not the same object.
      assertThat(table.get(new String(probe)))
          .isEqualTo(model.getOrDefault(probe, Ordinals.ABSENT));
      assertThat(table.size()).isEqualTo(model.size());
    }
    for (String k : keys) {
      assertThat(table.get(k, k.hashCode())).isEqualTo(model.getOrDefault(k, Ordinals.ABSENT));
    }
    assertThat(table.remove("v/absent")).isEqualTo(Ordinals.ABSENT);
  }
}
