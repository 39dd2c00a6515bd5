package io.themisdb.gpu.accelerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.gpu.accelerator.cpu.CpuAcceleratorFactory;
import io.themisdb.gpu.accelerator.cuda.CudaAcceleratorFactory;
import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AcceleratorSelectionTest {

  /** Keeps what is logged, formatted as the JDK's default logger would. */
  static final class RecordingLogger implements System.Logger {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public String getName() {
      return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(level + " " + msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(level + " " + MessageFormat.format(format, params));
    }
  }

  /** A GPU factory whose native library is missing, as on a machine without a CUDA driver. */
  static final class MissingNativeLibraryFactory implements AcceleratorFactory {
    @Override
    public String id() {
      return "cuda";
    }

    @Override
    public Accelerator create(AcceleratorSettings settings) {
      throw new UnsatisfiedLinkError("no JCudaDriver-12.6.0-linux-x86_64 in java.library.path");
    }
  }

  private final RecordingLogger log = new RecordingLogger();

  @Test
  void everyShippedAcceleratorIsRegistered() {
    assertThat(AcceleratorSelection.fromServiceLoader().ids()).containsExactly("cpu", "cuda");
    assertThat(AcceleratorSelection.fromServiceLoader().factory("cuda"))
        .isInstanceOf(CudaAcceleratorFactory.class);
  }

  @Test
  void anUnknownIdFailsNamingTheKnownOnes() {
    assertThatThrownBy(() -> AcceleratorSelection.fromServiceLoader().factory("tpu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown accelerator 'tpu'")
        .hasMessageContaining("cpu, cuda");
  }

  @Test
  void aMissingNativeLibraryFallsBackToTheCpuAndSaysWhyOnce() {
    var selection =
        new AcceleratorSelection(
            List.of(new CpuAcceleratorFactory(), new MissingNativeLibraryFactory()), log);
    try (Accelerator accelerator = selection.select("cuda", AcceleratorSettings.defaults())) {
      assertThat(accelerator.id()).isEqualTo("cpu");
    }
    assertThat(log.lines)
        .singleElement()
        .asString()
        .startsWith("WARNING")
        .contains("'cuda' is unavailable")
        .contains("JCudaDriver")
        .contains("falling back to 'cpu'");
  }

  /** On a machine without a CUDA driver or device (like CI) the real factory falls back too. */
  @Test
  void cudaRunsWhereADeviceIsPresentAndFallsBackToTheCpuElsewhere() {
    boolean deviceHere;
    try (var cuda = new CudaAcceleratorFactory().create(AcceleratorSettings.defaults())) {
      deviceHere = true;
    } catch (AcceleratorUnavailableException e) {
      deviceHere = false;
      assertThat(e.getMessage()).isNotBlank();
    }
    var selection =
        new AcceleratorSelection(
            List.of(new CpuAcceleratorFactory(), new CudaAcceleratorFactory()), log);
    try (Accelerator accelerator = selection.select("cuda", AcceleratorSettings.defaults())) {
      assertThat(accelerator.id()).isEqualTo(deviceHere ? "cuda" : "cpu");
    }
    assertThat(log.lines).hasSize(deviceHere ? 0 : 1);
  }
}
