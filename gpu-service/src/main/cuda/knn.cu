// Exact kNN on the device for the CUDA accelerator (#9): a tiled distance matrix, then a
// block-wide top-k selection. Loaded as PTX by CudaAccelerator through the JCuda driver API;
// every kernel is extern "C" so its PTX entry name is the name below.

#include <math_constants.h>

#define TILE 16

// Metric codes; CudaAccelerator passes the same numbers.
#define METRIC_L2 0
#define METRIC_COSINE 1
#define METRIC_DOT 2

// out[q * n + row] = distance of query q to base row `row`, smaller is closer:
// L2 = squared Euclidean, COSINE = 1 - cos (1 when a norm is zero), DOT = -(q . v).
// Grid: (ceil(n / TILE), ceil(nq / TILE)), block: (TILE, TILE).
extern "C" __global__ void distance_matrix(const float *queries, const float *base,
                                           const float *queryNorms, const float *baseNorms,
                                           int nq, int n, int d, int metric, float *out) {
  __shared__ float qs[TILE][TILE + 1];
  __shared__ float bs[TILE][TILE + 1];
  const int tx = threadIdx.x;
  const int ty = threadIdx.y;
  const int rowBase = blockIdx.x * TILE;
  const int queryBase = blockIdx.y * TILE;
  const int row = rowBase + tx;
  const int query = queryBase + ty;
  float acc = 0.0f;
  for (int c0 = 0; c0 < d; c0 += TILE) {
    const int c = c0 + tx;
    // Thread (tx, ty) loads component c of query queryBase + ty and of row rowBase + ty.
    const int lq = queryBase + ty;
    const int lr = rowBase + ty;
    qs[ty][tx] = (lq < nq && c < d) ? queries[(size_t)lq * d + c] : 0.0f;
    bs[ty][tx] = (lr < n && c < d) ? base[(size_t)lr * d + c] : 0.0f;
    __syncthreads();
    if (metric == METRIC_L2) {
#pragma unroll
      for (int i = 0; i < TILE; i++) {
        const float diff = qs[ty][i] - bs[tx][i];
        acc += diff * diff;
      }
    } else {
#pragma unroll
      for (int i = 0; i < TILE; i++) {
        acc += qs[ty][i] * bs[tx][i];
      }
    }
    __syncthreads();
  }
  if (query < nq && row < n) {
    float distance;
    if (metric == METRIC_L2) {
      distance = acc;
    } else if (metric == METRIC_DOT) {
      distance = -acc;
    } else {
      const float denominator = queryNorms[query] * baseNorms[row];
      distance = denominator == 0.0f ? 1.0f : 1.0f - acc / denominator;
    }
    out[(size_t)query * n + row] = distance;
  }
}

// (distance, row) pairs order by distance, then by row, so ties resolve the same way every run.
__device__ __forceinline__ bool before(float d1, int r1, float d2, int r2) {
  return d1 < d2 || (d1 == d2 && r1 < r2);
}

// Sorts sd/sr[0, count) ascending; count is a power of two, every thread of the block calls it.
__device__ void bitonic_sort(float *sd, int *sr, int count) {
  for (int size = 2; size <= count; size <<= 1) {
    for (int stride = size >> 1; stride > 0; stride >>= 1) {
      for (int t = threadIdx.x; t < (count >> 1); t += blockDim.x) {
        const int lo = 2 * t - (t & (stride - 1));
        const int hi = lo + stride;
        const bool ascending = (lo & size) == 0;
        if (before(sd[hi], sr[hi], sd[lo], sr[lo]) == ascending) {
          const float td = sd[lo];
          sd[lo] = sd[hi];
          sd[hi] = td;
          const int tr = sr[lo];
          sr[lo] = sr[hi];
          sr[hi] = tr;
        }
      }
      __syncthreads();
    }
  }
}

// The k smallest (distance, row) pairs of each segment of each query's row of `dist`.
// dist: nq rows of rowLen floats; rows: the row number of each entry, or null for "its index".
// Grid: (segments, nq); block: blockDim.x threads with blockDim.x <= kp; kp a power of two >= k.
// Dynamic shared memory: 2 * kp * (sizeof(float) + sizeof(int)) bytes.
// Output: outDist/outRow[((q * segments) + segment) * k + j], nearest first; missing entries
// (a segment shorter than k) are (+inf, INT_MAX) and sort after every real one.
//
// Shared memory holds the best kp pairs so far, sorted, followed by a buffer of kp candidates.
// A candidate enters the buffer only when it beats the current k-th best; a full buffer (or the
// end) is merged by sorting all 2 * kp pairs, which keeps the best kp in front.
extern "C" __global__ void topk_select(const float *dist, const int *rows, int rowLen, int segLen,
                                       int k, int kp, float *outDist, int *outRow) {
  extern __shared__ unsigned char shared[];
  float *sd = (float *)shared;
  int *sr = (int *)(shared + 2 * kp * sizeof(float));
  __shared__ int count;
  __shared__ float kthDist;
  __shared__ int kthRow;

  const int query = blockIdx.y;
  const int segment = blockIdx.x;
  const int lo = segment * segLen;
  const int hi = min(rowLen, lo + segLen);
  const float *qDist = dist + (size_t)query * rowLen;
  const int *qRows = rows == nullptr ? nullptr : rows + (size_t)query * rowLen;

  for (int i = threadIdx.x; i < 2 * kp; i += blockDim.x) {
    sd[i] = CUDART_INF_F;
    sr[i] = INT_MAX;
  }
  if (threadIdx.x == 0) {
    count = 0;
    kthDist = CUDART_INF_F;
    kthRow = INT_MAX;
  }
  __syncthreads();

  for (int start = lo; start < hi; start += blockDim.x) {
    // Every thread reads count before any thread adds to it again (the barrier), so all take
    // the same branch: bitonic_sort holds barriers of its own.
    const int filled = count;
    __syncthreads();
    if (filled + (int)blockDim.x > kp) {
      bitonic_sort(sd, sr, 2 * kp);
      for (int i = kp + threadIdx.x; i < 2 * kp; i += blockDim.x) {
        sd[i] = CUDART_INF_F;
        sr[i] = INT_MAX;
      }
      if (threadIdx.x == 0) {
        count = 0;
        kthDist = sd[k - 1];
        kthRow = sr[k - 1];
      }
      __syncthreads();
    }
    const int i = start + threadIdx.x;
    if (i < hi) {
      const float d = qDist[i];
      const int r = qRows == nullptr ? i : qRows[i];
      if (before(d, r, kthDist, kthRow)) {
        const int slot = atomicAdd(&count, 1);
        sd[kp + slot] = d;
        sr[kp + slot] = r;
      }
    }
    __syncthreads();
  }
  bitonic_sort(sd, sr, 2 * kp);

  float *oDist = outDist + ((size_t)query * gridDim.x + segment) * k;
  int *oRow = outRow + ((size_t)query * gridDim.x + segment) * k;
  for (int j = threadIdx.x; j < k; j += blockDim.x) {
    oDist[j] = sd[j];
    oRow[j] = sr[j];
  }
}
