package io.themisdb.gpu.accelerator.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The host-side arithmetic of a CUDA kNN call; needs no GPU. */
class KnnLaunchPlanTest {

  @ParameterizedTest
  @CsvSource({
    "1000000, 128, 256, 10, 268435456",
    "1000000, 128, 4096, 1024, 268435456",
    "5000, 37, 25, 25, 1048576",
    "2000, 4096, 5, 3, 1048576",
    "7, 16, 3, 50, 1048576",
    "1, 1, 1, 1, 1048576",
    "100000000, 1, 4096, 1024, 1048576",
    "4096, 8, 70000, 1, 4294967296",
  })
  void planFitsTheKernelsAndTheScratchBudget(
      int n, int dimension, int queries, int k, long scratchBytes) {
    var plan = KnnLaunchPlan.of(n, dimension, queries, k, scratchBytes);

    assertThat(plan.k()).isEqualTo(Math.min(k, n));
    // topk_select: kp a power of two, k <= kp, block size <= kp, shared memory under 48 KiB
    assertThat(Integer.bitCount(plan.kp())).isEqualTo(1);
    assertThat(plan.kp()).isGreaterThanOrEqualTo(plan.k());
    assertThat(plan.kp()).isGreaterThanOrEqualTo(KnnLaunchPlan.TOPK_THREADS);
    assertThat(plan.kp()).isLessThanOrEqualTo(Math.max(KnnLaunchPlan.TOPK_THREADS, 1024));
    assertThat(plan.sharedBytes()).isLessThanOrEqualTo(48 * 1024 - 64);
    // the segments cover every row, and each holds at least k rows' worth of work
    assertThat((long) plan.segments() * plan.segmentLength()).isGreaterThanOrEqualTo(n);
    assertThat((long) (plan.segments() - 1) * plan.segmentLength()).isLessThan(n);
    assertThat(plan.segmentLength()).isGreaterThanOrEqualTo(plan.kp());
    // chunks: at least one query, within the grid, within the budget unless a single query is over
    assertThat(plan.queriesPerChunk()).isBetween(1, Math.min(queries, KnnLaunchPlan.MAX_GRID_Y));
    long bytes =
        plan.queriesPerChunk()
            * KnnLaunchPlan.bytesPerQuery(n, dimension, plan.k(), plan.segments());
    if (plan.queriesPerChunk() > 1) {
      assertThat(bytes).isLessThanOrEqualTo(scratchBytes);
    }
    // second-pass candidates still index with an int
    assertThat((long) plan.segments() * plan.k()).isLessThanOrEqualTo(Integer.MAX_VALUE);
  }
}
