package io.themisdb.gpu.accelerator.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernels compile where nvcc exists, and the PTX holds every entry the accelerator looks up.
 * Needs no GPU: nvcc compiles without one. Skipped, saying so, where nvcc is absent.
 */
class CudaKernelsPtxTest {

  private static final Path SOURCES = Path.of("src/main/cuda");
  private static final Pattern KERNEL = Pattern.compile("extern \"C\" __global__ void (\\w+)\\(");

  private static Path nvcc() {
    Optional<Path> onPath =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
            .filter(dir -> !dir.isBlank())
            .map(dir -> Path.of(dir, "nvcc"))
            .filter(Files::isExecutable)
            .findFirst();
    Path fallback = Path.of("/usr/local/cuda/bin/nvcc");
    Path found = onPath.orElse(Files.isExecutable(fallback) ? fallback : null);
    Assumptions.assumeTrue(
        found != null,
        "nvcc not found on the PATH or in /usr/local/cuda/bin: the .cu sources were not compiled");
    return found;
  }

  /** Kernel entry names declared in each source, by the PTX file it becomes. */
  private static Map<String, List<String>> declaredKernels() throws IOException {
    Map<String, List<String>> byPtx = new TreeMap<>();
    try (Stream<Path> sources = Files.list(SOURCES)) {
      for (Path cu : sources.filter(p -> p.toString().endsWith(".cu")).sorted().toList()) {
        List<String> names = new ArrayList<>();
        Matcher m = KERNEL.matcher(Files.readString(cu));
        while (m.find()) {
          names.add(m.group(1));
        }
        byPtx.put(cu.getFileName().toString().replace(".cu", ".ptx"), names);
      }
    }
    return byPtx;
  }

  @Test
  void everyKernelTheAcceleratorLoadsIsDeclaredInTheSources() throws IOException {
    Map<String, List<String>> declared = declaredKernels();
    assertThat(declared).containsOnlyKeys(CudaDevice.KERNELS.keySet());
    CudaDevice.KERNELS.forEach(
        (ptx, kernels) ->
            assertThat(declared.get(ptx)).containsExactlyInAnyOrderElementsOf(kernels));
  }

  @Test
  void eachSourceCompilesToPtxWithItsKernelEntries(@TempDir Path out) throws Exception {
    Path nvcc = nvcc();
    Process build =
        new ProcessBuilder(
                "sh",
                SOURCES.resolve("build-ptx.sh").toString(),
                SOURCES.toString(),
                out.toString())
            .redirectErrorStream(true)
            .start();
    build.getOutputStream().close();
    String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(build.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(build.exitValue()).as("build-ptx.sh with %s:%n%s", nvcc, log).isZero();
    for (var entry : CudaDevice.KERNELS.entrySet()) {
      String ptx = Files.readString(out.resolve(entry.getKey()));
      assertThat(ptx)
          .as("built for the virtual architecture of PTX_ARCH, compute_75 by default")
          .contains(
              ".target sm_" + System.getenv().getOrDefault("PTX_ARCH", "compute_75").substring(8));
      for (String kernel : entry.getValue()) {
        assertThat(ptx).as(entry.getKey()).containsPattern("\\.entry " + kernel + "\\(");
      }
    }
  }

  @Test
  void theBuildPackagedThePtxWhereNvccExists() throws IOException {
    nvcc();
    for (var entry : CudaDevice.KERNELS.entrySet()) {
      byte[] image = CudaDevice.ptx(entry.getKey());
      assertThat(image[image.length - 1]).as("NUL-terminated for cuModuleLoadData").isZero();
      String ptx = new String(image, 0, image.length - 1, StandardCharsets.US_ASCII);
      for (String kernel : entry.getValue()) {
        assertThat(ptx).containsPattern("\\.entry " + kernel + "\\(");
      }
    }
  }
}
