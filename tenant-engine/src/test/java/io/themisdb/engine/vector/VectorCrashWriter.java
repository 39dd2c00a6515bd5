package io.themisdb.engine.vector;

import io.themisdb.engine.EngineHost;
import io.themisdb.engine.TenantDatabase;
import io.themisdb.engine.WriteOptions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@link VectorCrashTest}: inserts, re-vectors and removes documents with
 * synced writes, searching the vector index after each so that its in-memory graph is live when the
 * process is killed. Prints {@code TRY op key} before and {@code ACK op key} after each write.
 *
 * <p>Arguments: database root, key prefix, random seed.
 */
public final class VectorCrashWriter {
  private VectorCrashWriter() {}

  public static void main(String[] args) {
    Path root = Path.of(args[0]);
    String prefix = args[1];
    Random random = new Random(Long.parseLong(args[2]));
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    WriteOptions sync = WriteOptions.DEFAULT.synced();
    try (EngineHost host = EngineHost.start(VectorIndexTest.settings(root))) {
      TenantDatabase db = host.open(VectorCrashTest.DATABASE);
      List<String> live = new ArrayList<>();
      for (int n = 0; ; n++) {
        int op = random.nextInt(10);
        if (op < 2 && !live.isEmpty()) {
          String key = live.remove(random.nextInt(live.size()));
          line(out, "TRY", "R", key);
          db.remove("c", key, sync);
          line(out, "ACK", "R", key);
        } else if (op < 4 && !live.isEmpty()) {
          String key = live.get(random.nextInt(live.size()));
          line(out, "TRY", "U", key);
          db.replace("c", key, VectorCrashTest.document(key, random), sync);
          line(out, "ACK", "U", key);
        } else {
          String key = prefix + n;
          line(out, "TRY", "I", key);
          db.insert("c", VectorCrashTest.document(key, random), sync);
          line(out, "ACK", "I", key);
          live.add(key);
        }
        db.vectors().approximate("c", "byV", new float[VectorCrashTest.DIM], 3, 0);
      }
    }
  }

  private static void line(PrintStream out, String what, String op, String key) {
    out.println(what + " " + op + " " + key);
    out.flush();
  }
}
