//===- Passes.td - passes of kiln's compiler driver --------*- tablegen -*-===//

#ifndef KILN_COMPILER_PASSES_TD
#define KILN_COMPILER_PASSES_TD

include "mlir/Pass/PassBase.td"

def EmitEntryWrappers : Pass<"kiln-emit-entry-wrappers", "mlir::ModuleOp"> {
  let summary = "Give each public LLVM function a `void(void **)` entry point";
  let description = [{
    After lowering with the bare-pointer calling convention, a public function
    `@f` takes one pointer per buffer. This pass adds `@_kiln_entry_f(ptr)`
    which loads those pointers from an array and calls `@f`, so the runtime
    calls every program the same way whatever its arity.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

def ResultsToDestinations : Pass<"kiln-results-to-destinations",
                                 "mlir::ModuleOp"> {
  let summary = "Turn public functions' tensor results into destination arguments";
  let description = [{
    Appends one tensor argument per result to each public function and
    returns `bufferization.materialize_in_destination` of each result into
    its argument. After empty-tensor elimination and one-shot bufferization
    the program computes straight into buffers the caller owns; run
    `kiln-drop-destination-results` after bufferization to remove the
    returned aliases of those arguments.
  }];
  let dependentDialects = ["mlir::bufferization::BufferizationDialect"];
}

def DropDestinationResults : Pass<"kiln-drop-destination-results",
                                  "mlir::ModuleOp"> {
  let summary = "Remove results that are the function's destination arguments";
  let description = [{
    After bufferization, each result of a function processed by
    `kiln-results-to-destinations` is its destination argument; the caller
    already holds it, so the result is dropped, and so is the
    `kiln.destination` mark on the argument.
  }];
}

def FlattenEmptyArguments : Pass<"kiln-flatten-empty-arguments",
                                  "mlir::func::FuncOp"> {
  let summary = "Pass empty buffers of rank 2 or more as rank-1 buffers";
  let description = [{
    After bufferization. An entry point's (a public function's) argument
    that is an identity-layout memref of rank 2 or more with no elements
    ([2, 0]: MLIR gives its layout no static strides, so the bare-pointer
    calling convention refuses it) becomes a `memref<0x...>` argument,
    expanded back to its shape at the function's start. The caller passes
    the same pointer.
  }];
  let dependentDialects = ["mlir::memref::MemRefDialect"];
}

def FuseElementwise : Pass<"kiln-fuse-elementwise"> {
  let summary = "Fuse elementwise linalg ops, keeping named ops named";
  let description = [{
    `linalg-fuse-elementwise-ops` with one difference: reshapes are not
    propagated through named ops (matmuls, convolutions, pooling). Upstream,
    a matmul whose result is reshaped (a linear layer's gradient viewed as
    feature maps) is expanded into a `linalg.generic` of higher rank, which
    neither kiln's matmul tiling nor cuBLAS recognizes any more; it would
    run as a plain loop nest. Elementwise producers and consumers still fuse
    with each other, and reshapes still move through them. One addition: an
    elementwise producer whose result is also used after its elementwise
    consumer (an optimizer's new momentum, returned and read by the
    parameter's update) fuses into that consumer too, the fused op yielding
    both results, where upstream would recompute the producer.

    With `recompute`, an elementwise producer read only by other
    `linalg.generic`s is recomputed in each of them instead of written and
    read back, while the fused body stays small (softmax's exponentials in
    both the row sum and the normalization). On the GPU, where these ops are
    bound by memory traffic, that saves a full write and its reads; the CPU
    keeps such a row in cache, so recomputing would only add arithmetic.
  }];
  let options = [
    Option<"recompute", "recompute", "bool", /*default=*/"false",
           "Recompute elementwise producers in each of their consumers">,
  ];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def CpuTileAndVectorize : Pass<"kiln-cpu-tile-and-vectorize",
                               "mlir::func::FuncOp"> {
  let summary = "Tile matmuls for threads and registers, and vectorize them";
  let description = [{
    On linalg on tensors, before bufferization. Each (batch) matmul is tiled
    into an `scf.forall` of blocks for the cores, with its `linalg.fill`
    fused into the blocks, then into register tiles (`mr` x `nr`) swept by an
    `scf.for` over the reduction dimension. When K is not split into chunks,
    the fill is fused on into the register tiles, whose accumulators then
    start at zero. Register tiles are vectorized to
    `vector.contract`, lowered to outer products (FMAs), and the accumulator's
    transfers are hoisted out of the reduction loop so it stays in registers.
    The reduction loop is unrolled by 4 (LLVM's unrolling is off). An
    elementwise `linalg.generic` reading the matmul's result with an identity
    map (and nothing defined after the matmul) is fused into the blocks as a
    consumer; when K is not split into chunks and the result's rows start in
    distinct L1 cache sets, it is fused further into the register tiles and
    vectorized there, reading the sums from the accumulators. Other ops are
    left to the parallel-loop lowering and LLVM's vectorizer.
  }];
  let options = [
    Option<"registerRows", "mr", "int64_t", /*default=*/"8",
           "Rows of a register tile">,
    Option<"registerColumns", "nr", "int64_t", /*default=*/"32",
           "Columns of a register tile (a multiple of the vector width)">,
    Option<"blocksPerCore", "blocks-per-core", "int64_t", /*default=*/"4",
           "Thread blocks per core, for load balance">,
  ];
  let dependentDialects = [
    "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
    "mlir::vector::VectorDialect",
  ];
}

def CpuFuseRows : Pass<"kiln-cpu-fuse-rows", "mlir::func::FuncOp"> {
  let summary = "Run chains of row-wise ops block of rows by block of rows";
  let description = [{
    On linalg on tensors, after `kiln-cpu-tile-and-vectorize`. Each
    elementwise op or reduction whose first loop is parallel over the rows
    of its result, that no other such op reads, and that is or reads (from
    such ops) a reduction, is tiled into an
    `scf.forall` of row blocks (about 64 KiB of each operand, at least 16
    blocks); every elementwise op, reduction or fill that produces rows the
    block reads is fused into it, recursively; one that other ops read too
    is yielded by the blocks for them. A producer read whole by each block
    (a broadcast bias) stays outside. Softmax and layer norm then read each
    row from memory once.
  }];
  let dependentDialects = ["mlir::scf::SCFDialect",
                           "mlir::tensor::TensorDialect"];
}

def CpuVectorizeTransposes : Pass<"kiln-cpu-vectorize-transposes",
                                   "mlir::func::FuncOp"> {
  let summary = "Transpose matrices in 16x16 vector tiles";
  let description = [{
    On linalg on tensors, before bufferization. A 2-D transpose that
    elementwise fusion left standing (a weight transposed for a matmul)
    reads a column of its input for every row of its output; LLVM
    vectorizes that loop with gathers, one cache line per element. With
    both sizes multiples of 16 and 32-bit elements, the transpose is tiled
    into 16x16 blocks (an `scf.forall`, for the cores), each read as 16
    rows, transposed in registers with 512-bit shuffles (AVX-512; split in
    two on narrower hosts), and written as 16 rows.
  }];
  let dependentDialects = ["mlir::scf::SCFDialect",
                           "mlir::vector::VectorDialect"];
}

def CpuInterchangeWindowLoops : Pass<"kiln-cpu-interchange-window-loops",
                                      "mlir::func::FuncOp"> {
  let summary = "Run pooling windows' loops outside the output rows";
  let description = [{
    On linalg on tensors, before bufferization. A pooling op (or the argmax
    of a max-pooling gradient) loops over the output's rows and columns and,
    innermost, over a window of a few elements: a loop too short to
    vectorize. When every reduction loop of a linalg op is innermost, spans
    at most `max-window` iterations in all, and reads its input at an index
    that combines it with a parallel loop (`oy * stride + i`), the reduction
    loops are moved just outside that parallel loop: the innermost loop then
    runs along an output row. Each output still accumulates its window in
    the same order, so results do not change. Named ops are generalized
    first.
  }];
  let options = [
    Option<"maxWindow", "max-window", "int64_t", /*default=*/"64",
           "The most iterations of the reduction loops in all">,
  ];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def CpuPartitionWorksharingLoops
    : Pass<"kiln-cpu-partition-worksharing-loops", "mlir::ModuleOp"> {
  let summary = "Give each OpenMP thread its share of a static loop directly";
  let description = [{
    After `convert-scf-to-openmp`. An `omp.wsloop` with no clauses, over
    index bounds, that is all its `omp.parallel` region does becomes a loop
    (of blocks) over the calling thread's contiguous share of the nest's
    iterations, computed from `omp_get_thread_num` and `omp_get_num_threads`
    (the first `count % threads` threads take one more, as libomp's
    balanced static schedule does); a collapsed nest's indices are recovered
    from the linear one. The region's closing barrier stands for the loop's.
    This skips `__kmpc_for_static_init`, which in Debian's libomp formats
    debug strings on every call: it cost 1-2 us per parallel loop.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::cf::ControlFlowDialect",
                           "mlir::func::FuncDialect"];
}

def CpuSplitParallelLoops : Pass<"kiln-cpu-split-parallel-loops",
                                  "mlir::func::FuncOp"> {
  let summary = "Run only the leading dimensions of parallel loops on threads";
  let description = [{
    Before `convert-scf-to-openmp`, which would collapse every dimension of
    an `scf.parallel` into one linear loop. Each outermost `scf.parallel`
    without reductions keeps, as parallel, the fewest leading dimensions
    that have `min-parallel-iterations` iterations between them; the other
    dimensions become `scf.for` loops inside it, so LLVM sees plain inner
    loops it can vectorize (an operand broadcast along rows is read at a
    loop-invariant index rather than at a division of the linear index).
    Parallel loops nested in another (the ops of a row block) become
    `scf.for` loops entirely: the thread running the outer iteration runs
    them. So do loop nests that run fewer than `min-parallel-operations`
    operations in all (each counted as often as its loops run, a vector
    operation counting its lanes: a bias gradient, a loss, a softmax over
    32 rows of 10), for which waking the other threads costs more than it
    saves.
  }];
  let options = [
    Option<"minParallelIterations", "min-parallel-iterations", "int64_t",
           /*default=*/"16", "Parallel iterations wanted for the threads">,
    Option<"minParallelOperations", "min-parallel-operations", "int64_t",
           /*default=*/"65536",
           "Operations below which a loop nest runs on one thread">,
  ];
  let dependentDialects = ["mlir::scf::SCFDialect"];
}

def CpuStreamResults : Pass<"kiln-cpu-stream-results", "mlir::func::FuncOp"> {
  let summary = "Store large results that are only written with nontemporal "
                "stores (x86)";
  let description = [{
    After `kiln-cpu-partition-worksharing-loops`, for x86 targets. An
    ordinary store of a line not in cache
    first reads the line (read for ownership), so writing a result moves its
    bytes twice; a nontemporal store writes them once. A row-wise op such as
    softmax reads its input and writes its result, so streaming the result
    takes a third off its memory traffic, and the result would have left
    the cache before its reader ran anyway once it is this large.

    A function argument qualifies when it has a static, contiguous shape of
    at least `min-bytes`, rows (its innermost dimension) a whole number of
    64-byte lines, and every use of it, through views, is a `memref.store`.
    Each `scf.for` without results that directly holds such stores is
    versioned on `(address & 63) == 0` of the arguments it writes: where
    they are aligned (every buffer kiln allocates is), a copy with
    nontemporal stores runs; otherwise the loop as it was. kiln's LLVM flow
    turns the test into an alignment assumption and keeps the stores
    nontemporal through the loop vectorizer, so that they become aligned
    nontemporal vector stores. An
    `sfence` ends each `omp.parallel` region (or follows the top-level op)
    around streaming loops, since nontemporal stores are weakly ordered and
    the results must be visible when the threads join.
  }];
  let options = [
    Option<"minBytes", "min-bytes", "uint64_t", /*default=*/"16u << 20",
           "The smallest result stored nontemporally, in bytes">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect",
                           "mlir::LLVM::LLVMDialect"];
}

def ApproximateMath : Pass<"kiln-approximate-math", "mlir::func::FuncOp"> {
  let summary = "Replace f32 exp, log, tanh and erf by vectorizable polynomials";
  let description = [{
    For the CPU. `math.exp`, `expm1`, `log`, `log1p`, `log2`, `tanh` and
    `erf` on f32 (scalars or vectors) become polynomial approximations,
    arithmetic that LLVM vectorizes along with the loop around it, instead
    of a libm call per element: within a few ulp of libm, with its
    infinities, zeros and NaNs, except that `log` takes a subnormal input as
    the smallest normal float. They are MLIR's, except `exp`'s, which builds
    2^k from the bits of a rounding addition (16 vector instructions per
    element instead of 21). f64 is left to libm.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect",
                           "mlir::vector::VectorDialect"];
}

def LowerStridedCopies : Pass<"kiln-lower-strided-copies", "mlir::ModuleOp"> {
  let summary = "Turn copies between non-contiguous memrefs into linalg.copy";
  let description = [{
    A `memref.copy` whose operands are not both contiguous lowers to a call
    into MLIR's C runner library, which kiln's programs do not link. Such
    copies become `linalg.copy`, which the pipeline lowers to (parallel)
    loops; contiguous copies stay `memref.copy` (a memcpy), unless
    `all-copies` is set: on the GPU every copy becomes a kernel.
  }];
  let options = [
    Option<"allCopies", "all-copies", "bool", /*default=*/"false",
           "Turn contiguous copies into linalg.copy too">,
  ];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def FreeBlockTemporaries : Pass<"kiln-free-block-temporaries",
                                 "mlir::func::FuncOp"> {
  let summary = "Put the buffers each scf.forall iteration allocates on the "
                "stack, or free them";
  let description = [{
    After bufferization and `buffer-deallocation-pipeline`, which leaves
    allocations inside `scf.forall` bodies (a softmax row's exponentials, a
    thread block's im2col copy) without a deallocation: every run of the
    program would leak them. Each such allocation that never leaves its
    iteration becomes a 64-byte aligned `memref.alloca` when it has a
    static shape of at most 32 KiB (and the iteration's allocas stay within
    256 KiB), else it is freed at the end of the body.
  }];
}

def GpuDnnCalls : Pass<"kiln-gpu-dnn-calls", "mlir::ModuleOp"> {
  let summary = "Hand convolutions and pooling to cuDNN";
  let description = [{
    On kiln IR, before `convert-kiln-to-linalg`. Each f32 or f64
    (and non-empty) `kiln.conv2d`, `kiln.conv2d_backward_input`,
    `kiln.conv2d_backward_weight`, `kiln.max_pool2d` and `kiln.avg_pool2d`
    becomes a call to the runtime's `kiln_gpu_convolution` or
    `kiln_gpu_pooling` (see kiln/runtime/GpuLibraryCalls.h), which runs it
    with cuDNN on kiln's stream. Operands are passed as read-only buffers
    (`bufferization.to_buffer`), the result is a new buffer the call writes
    (`bufferization.to_tensor ... restrict writable`); addresses and the
    geometry are `index` values. Pooling gradients stay kiln's own gather
    kernels, which route a max-pooling gradient to the window's first
    maximum as PyTorch does.
  }];
  let dependentDialects = ["mlir::bufferization::BufferizationDialect",
                           "mlir::func::FuncDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect"];
}

def GpuLibraryCalls : Pass<"kiln-gpu-library-calls", "mlir::ModuleOp"> {
  let summary = "Hand matmuls on device buffers to cuBLAS";
  let description = [{
    On bufferized host code. Each `linalg.matmul` and `linalg.batch_matmul`
    of f32 or f64 whose operands each have a unit stride in one of their two
    matrix dimensions (and whose result rows are contiguous) becomes a call
    to the runtime's `kiln_gpu_matmul`, which runs it with cuBLAS on kiln's
    stream: pointers, offsets, sizes and strides are passed as `index`
    values. Other matmuls are left to the loop lowering.
  }];
  let dependentDialects = ["mlir::func::FuncDialect",
                           "mlir::memref::MemRefDialect",
                           "mlir::arith::ArithDialect"];
}

def GpuMapLoops : Pass<"kiln-gpu-map-loops", "mlir::func::FuncOp"> {
  let summary = "Run the host function's loop nests as GPU launches";
  let description = [{
    After `convert-linalg-to-parallel-loops`. Each outermost `scf.parallel`
    becomes a `gpu.launch` with one thread per iteration: the iteration
    space is linearized over a 1-D grid of `threads-per-block`-thread blocks
    and each thread recovers its induction variables, so any rank and any
    bounds map the same way. A sequential loop whose body is one parallel
    loop (a reduction over a leading dimension) is interchanged with it
    first. A parallel loop whose iterations each reduce a contiguous run of
    memory into one element (a row's sum or maximum, with a reorderable
    32-bit combining op) runs a warp per iteration instead: each lane
    reduces every 32nd element in a register, xor shuffles combine the
    lanes, and lane 0 updates the element. Consecutive parallel loops over
    the same 1024 or more rows, one of them such a reduction, that read and
    write only their own row of what any of them writes (a row's initial
    value, its reductions, its normalization) run as one launch with a
    block per row, the loops in turn with a barrier between them, a
    reduction's warps meeting in workgroup memory. Loop nests with no
    parallel dimension (full reductions) and lone loads and stores of
    buffers run in a one-thread launch, since the buffers live in device
    memory.
  }];
  let options = [
    Option<"threadsPerBlock", "threads-per-block", "int64_t",
           /*default=*/"256", "Threads in each block">,
  ];
  let dependentDialects = ["mlir::gpu::GPUDialect", "mlir::arith::ArithDialect",
                           "mlir::memref::MemRefDialect", "mlir::scf::SCFDialect"];
}

def GpuDeviceMemory : Pass<"kiln-gpu-device-memory", "mlir::ModuleOp"> {
  let summary = "Allocate the host code's buffers in device memory";
  let description = [{
    Host functions' `memref.alloc`/`memref.dealloc` become
    `gpu.alloc`/`gpu.dealloc` (the runtime's caching allocator), and each
    `memref.get_global` of a constant becomes a device buffer filled by
    `gpu.memcpy` and freed on return, so kernels never touch host memory.
  }];
  let dependentDialects = ["mlir::gpu::GPUDialect"];
}

#endif // KILN_COMPILER_PASSES_TD
