package io.themisdb.engine.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The benchmark's documents: about 1 KB of JSON each, with an integer attribute {@code n} that the
 * secondary index covers. The same documents go to raw RocksDB (as JSON text) and to the engine (as
 * the parsed tree a REST layer hands it).
 */
final class BenchData {
  static final JsonMapper JSON = JsonMapper.builder().build();

  final String[] keys;
  final ObjectNode[] documents;
  final byte[][] json;

  BenchData(int count, long seed) {
    Random random = new Random(seed);
    String[] words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
    keys = new String[count];
    documents = new ObjectNode[count];
    json = new byte[count][];
    for (int i = 0; i < count; i++) {
      keys[i] = String.format("doc%07d", i);
      ObjectNode d = JsonNodeFactory.instance.objectNode();
      d.put("_key", keys[i]);
      d.put("n", random.nextInt(100_000));
      d.put("name", words[random.nextInt(words.length)] + "-" + i);
      d.put("active", random.nextBoolean());
      d.put("score", random.nextDouble() * 100);
      d.putObject("address")
          .put("city", words[random.nextInt(words.length)])
          .put("zip", 10_000 + random.nextInt(89_999));
      var tags = d.putArray("tags");
      for (int t = 0; t < 4; t++) {
        tags.add(words[random.nextInt(words.length)]);
      }
      StringBuilder text = new StringBuilder(800);
      while (text.length() < 760) {
        text.append(words[random.nextInt(words.length)]).append(' ');
      }
      d.put("text", text.toString());
      documents[i] = d;
      json[i] = JSON.writeValueAsBytes(d);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  double averageJsonBytes() {
    long total = 0;
    for (byte[] b : json) {
      total += b.length;
    }
    return (double) total / json.length;
  }
}
