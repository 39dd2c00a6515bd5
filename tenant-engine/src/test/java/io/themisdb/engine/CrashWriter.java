package io.themisdb.engine;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The child process of {@link CrashDurabilityTest}: writes documents with {@link Durability#SYNC}
 * until it is killed. Before each write it prints {@code TRY op key value}, after the write was
 * acknowledged {@code ACK op key value}, each line flushed at once.
 *
 * <p>Arguments: database root, key prefix, random seed.
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) {
    Path root = Path.of(args[0]);
    String prefix = args[1];
    Random random = new Random(Long.parseLong(args[2]));
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    WriteOptions sync = WriteOptions.DEFAULT.synced();
    try (EngineHost host = EngineHost.start(CrashDurabilityTest.settings(root))) {
      TenantDatabase db = host.open(CrashDurabilityTest.DATABASE);
      List<String> written = new ArrayList<>();
      for (int n = 0; ; n++) {
        int value = random.nextInt(50);
        if (!written.isEmpty() && random.nextInt(4) == 0) {
          String key = written.get(random.nextInt(written.size()));
          line(out, "TRY", "U", key, value);
          db.update(
              CrashDurabilityTest.COLLECTION,
              key,
              JsonNodeFactory.instance.objectNode().put("value", value),
              sync);
          line(out, "ACK", "U", key, value);
        } else {
          String key = prefix + n;
          line(out, "TRY", "I", key, value);
          db.insert(CrashDurabilityTest.COLLECTION, document(key, value), sync);
          line(out, "ACK", "I", key, value);
          written.add(key);
        }
      }
    }
  }

  static ObjectNode document(String key, int value) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("_key", key)
        .put("value", value)
        .put("tag", "t-" + key)
        .put("padding", "x".repeat(200));
  }

  private static void line(PrintStream out, String what, String op, String key, int value) {
    out.println(what + " " + op + " " + key + " " + value);
    out.flush();
  }
}
