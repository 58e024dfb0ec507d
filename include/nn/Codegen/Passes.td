#ifndef NN_CODEGEN_PASSES_TD
#define NN_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def FuseElementwise : Pass<"nn-fuse-elementwise"> {
  let summary = "Fuse elementwise generics into consumers with only parallel loops";
  let description = [{
    linalg-fuse-elementwise-ops with a control function: a single-use
    producer generic fuses into a consumer generic, and reshapes fold into
    a generic, only where that generic's loops are all parallel (a batch
    norm into its relu, a bias into an add) and it reads each produced
    element once: never into a contraction or a reduction, nor into a
    broadcast, which would repeat the producer's work for every reduction
    step or every broadcast copy.
  }];
  let dependentDialects = [
    "affine::AffineDialect", "linalg::LinalgDialect", "tensor::TensorDialect"
  ];
}

def ConvolutionToMatmul : Pass<"nn-convolution-to-matmul"> {
  let summary = "Rewrite NCHW linalg convolutions into vectorizable forms";
  let description = [{
    A linalg.conv_2d_nchw_fchw with output rows of at least 16 and a window
    of several taps at stride 1, or a stride of at most 2 along the rows
    over at most 32 input channels, becomes a contraction generic that reads
    the input in place, out[n, f, oh, ow] += w[f, c, kh, kw] *
    x[n, c, oh*sh + kh*dh, ow*sw + kw*dw], with the output row as its
    columns. At stride 2 along rows of a window 5 or more taps wide, it is
    first split into two convolutions of stride 1 along the rows, the even
    taps (kw = 0, 2, ...) over a copy of the input's even columns and then
    the odd taps over its odd columns, accumulating into the first's
    result, so that each tap reads a contiguous run of a row.
    Other convolutions become an im2col copy, [N, C*kH*kW, Ho*Wo],
    and a contraction generic out[n, f, p] += w[f, k] * col[n, k, p]; a 1x1
    stride-1 convolution reads its input as the [N, C, H*W] matrix directly,
    or, with output rows of a multiple of 8 (whole vectors or a half), its
    rows in place like the windows above, so that its [N, F, H, W] output
    can be written into the interior of a padded buffer.
    The rows of a column matrix are padded to start on cache lines (the
    copy writes a slice of a larger buffer), so that the contraction's
    vector loads do not straddle two.
    linalg.depthwise_conv_2d_nchw_chw, linalg.pooling_nchw_max and
    linalg.pooling_nchw_sum become all-parallel generics over the window
    taps' strided input slices, whose innermost loop runs along the output
    row (nn-vectorize-elementwise then makes it vectors); global sum
    pooling first adds the input rows, then reduces those row sums; a
    constant tensor.pad becomes a linalg.fill, placed before the source's
    producer (see nn-write-into-padded-buffers), and an insert_slice of its
    source. All forms but global pooling and the split strided
    convolutions (the even taps' products summed before the odd taps')
    compute the same values in the same order per output element.
    linalg.matmul of x by the transpose of a constant [out, in] weight (the
    lowering of nn.dense) reads a transposed copy of the constant instead,
    contiguous along the outputs.
    The all-parallel generics beside a contraction, the producer of its
    accumulator and the single consumer of its expanded result, are
    collapsed into the contraction's [N, F, H*W] shape, so that
    nn-vectorize-contractions can fuse them into its register tiles.
  }];
  let dependentDialects = [
    "arith::ArithDialect", "bufferization::BufferizationDialect",
    "linalg::LinalgDialect", "tensor::TensorDialect"
  ];
}

def VectorizeContractions : Pass<"nn-vectorize-contractions", "func::FuncOp"> {
  let summary = "Tile contractions for registers and vectorize the tiles";
  let description = [{
    Every linalg multiply-accumulate whose innermost output dim is read in
    order by one input (matmul, and the generics from
    nn-convolution-to-matmul, where that input may be a convolution's input
    read at the tap's offset, ow + kw, or at stride 2, ow * 2 + kw, as a
    strided slice per tile) is tiled into register blocks of `rows` x
    `columns` outputs with unit reduction steps, the full tiles are
    vectorized into outer-product FMAs with the accumulator block held in
    registers across the reduction, and the partial tiles at the edges are
    vectorized at their own size (an 8x4 tile is 8 FMAs of 4 lanes per
    step). An edge tile of one column (7x7 maps: 49 = 3 x 16 + 1), whose
    single reduction splits evenly into `columns` lanes and is contiguous
    in the row operand, steps through the reduction in lanes instead: one
    FMA per row sums `columns` products, the column it reads is first
    copied into a contiguous tensor (once, outside the loops it does not
    depend on), and each row's lanes are added up after the loop. The
    all-parallel op that produces the accumulator for the
    contraction alone (a bias broadcast, a fill) and the all-parallel
    generic that alone consumes its result in the same dim order (an
    activation, a residual add) are fused into the same tiles: the
    accumulator starts in registers and the consumer is applied to it
    before the tile's only store. The rows are
    split into blocks, the iterations of an scf.forall, each as many rows as
    leave an edge tile of little waste and keep the block's weights within
    `row-block-bytes`; in a block, the column loop runs outside the row
    loop, so that all its tiles multiply one column panel while it is in
    cache. With several `threads`, a column operand at least twice the row
    operand (the column matrix of a convolution over 28x28) is split
    instead into panels one tile wide, each with all the rows, if the
    panels divide the columns evenly and the row operand fits
    `panel-row-bytes`: each thread then reads its share of the columns
    once. With several `threads`, a contraction with one reduction loop
    that the threads divide, whose column operand is larger than its result
    and at least half its weights, splits the reduction into one share per
    thread instead, if it would run in row blocks (a column matrix over
    14x14) or its column operand is a column matrix built for it (over
    28x28, which would run in panels): the share is the outer dim of the
    parallel blocks, so each thread reads
    only the share of the column matrix that it built, and the shares'
    products are added up after, in one elementwise op with the
    accumulator's producer and the consumer fused in (these then no longer
    run on the register tiles). With several `threads`, blocks of a
    contraction with other parallel dims than its rows and columns (a
    convolution's output rows) whose column operand outweighs its row
    operand run with the row blocks innermost: each thread takes a run of
    output rows for all channels. Output rows that end in half a vector
    (56 columns: 3.5 vectors of 16 lanes) are tiled in pairs where
    `columns` is at least two vectors: a tile takes two whole rows, cut
    into a tile per vector of both rows and one of both rows' ends as one
    vector, read as two half-vector runs, instead of a half-vector FMA per
    row. Where `columns` is one vector, each tile takes half a vector of
    both rows, read the same way, and no row ends in a tile of half the
    accumulators.
    The default 6x16 tile holds 12 accumulators, 2 column vectors
    and a broadcast in AVX2's 16 vector registers: an 8x16 tile needs 19
    and spills on every reduction step. AVX-512's 32 registers, 16 lanes
    each, take 8x16 or 8x32 (two column vectors; nn-run's JIT picks it on
    such hosts); 12 or 16 rows stall where weight rows lie 4 KB apart (1024
    or more input channels of a 1x1 convolution): they all map to one set of
    the L1 cache, which has 8 ways. Tiles wider than `lanes`, unless `lanes`
    times a power of two wide, are cut into vectors and the rest (a
    24-column edge into 16 and 8), which LLVM would otherwise take apart
    lane by lane. Sibling reduction loops with the same bounds that do not
    read each other's results (those two edge tiles) become one loop, if
    their accumulators fit a whole tile's `rows` x `columns` / `lanes`
    vectors: one set of broadcasts feeds both, and each step runs broadcast
    by broadcast, reading the column vectors first. A pair of rows' shared
    end merges with the pair's last vector if `rows` more accumulators, the
    step's column vectors and a broadcast fit `vector-registers`.
  }];
  let options = [
    Option<"rows", "rows", "int64_t", "6", "output rows per register tile">,
    Option<"columns", "columns", "int64_t", "16",
           "output columns per register tile (the vector dim)">,
    Option<"lanes", "lanes", "int64_t", "16",
           "elements per vector register: a tile wider than one vector, "
           "and not a power of two of them, is cut into vectors and the "
           "rest">,
    Option<"vectorRegisters", "vector-registers", "int64_t", "16",
           "vector registers of the target (AVX2 16, AVX-512 32): a pair of "
           "output rows' last vector and shared end merge into one loop "
           "with a third vector per tile row only where they fit">,
    Option<"rowBlockBytes", "row-block-bytes", "int64_t", "262144",
           "most bytes of the row operand (the weights) one parallel block "
           "of rows reads; they stay in cache while the block's tiles run "
           "through the column panels">,
    Option<"panelRowBytes", "panel-row-bytes", "int64_t", "1048576",
           "most bytes of the row operand (the weights) that parallel "
           "column panels each read whole; they stay in a core's cache "
           "across its panels">,
    Option<"threads", "threads", "int64_t", "1",
           "threads that share the parallel blocks: their number is a "
           "multiple of it where the rows allow">,
  ];
  let dependentDialects = [
    "affine::AffineDialect", "arith::ArithDialect", "scf::SCFDialect",
    "tensor::TensorDialect", "vector::VectorDialect"
  ];
}

def VectorizeElementwise : Pass<"nn-vectorize-elementwise", "func::FuncOp"> {
  let summary = "Vectorize all-parallel generics along their output rows";
  let description = [{
    Every static linalg.generic or linalg.fill with only parallel loops
    that writes one output in its own dim order, with operands indexed by
    projected permutations (activations, bias broadcasts, the depthwise
    convolutions from nn-convolution-to-matmul, fills of padded buffers) or
    by window positions that are rows once every loop but the innermost
    takes one step (the im2col copy: in[.., oh + kh, ow + kw], or ow * 2 +
    kw, a strided row), is cut into rows of `lanes` elements
    along the innermost dim; whole rows are vectorized, and so is the
    remainder of a row, at its own width. A generic that reads several
    unit-stride slices of one tensor in its own dim order (the taps of a
    stride-1 depthwise convolution) takes up to `window-rows` rows per
    tile, the largest number that divides its output rows: adjacent rows
    read the same input rows, loaded once for the tile, and their sums
    are independent chains that overlap in the FMA pipeline, where one
    row's sum of 9 or 25 taps waits on each previous step. Ops that read at
    least `min-parallel-elements` elements (their loops' elements times
    their inputs; a fill's elements) first become an scf.forall over their
    outermost dim of more than one element, the unit of parallelism; that
    includes all-parallel generics whose reads are neither (a transposing
    window), which are not cut into rows.
  }];
  let options = [
    Option<"lanes", "lanes", "int64_t", "16", "elements per vector row">,
    Option<"windowRows", "window-rows", "int64_t", "3",
           "most output rows per vector tile of a stride-1 window">,
    Option<"minParallelElements", "min-parallel-elements", "int64_t",
           "32768", "elements read from which an op becomes an scf.forall">,
  ];
  let dependentDialects = [
    "affine::AffineDialect", "arith::ArithDialect", "scf::SCFDialect",
    "tensor::TensorDialect", "vector::VectorDialect"
  ];
}

def PolynomialExp : Pass<"nn-polynomial-exp"> {
  let summary = "f32 and f16 math.exp as a polynomial, vectorizable";
  let description = [{
    math.exp on f32 (f16 through f32) becomes MLIR's polynomial
    approximation: range reduction by ln 2 and a polynomial, a few f32
    roundoffs from the exact value (docs/Verification.md), and only
    arithmetic, so vector rows stay vectors. The default lowering calls
    libm's expf once per lane. f64 exp, which the reference runs of
    nn-run --compare-folded use, is left to libm.
  }];
  let dependentDialects = ["arith::ArithDialect", "vector::VectorDialect"];
}

def StridedCopiesToLinalg : Pass<"nn-strided-copies-to-linalg"> {
  let summary = "Turn memref.copy of strided views into vector rows";
  let description = [{
    Bufferized tensor.pad copies its source into the interior of a padded
    buffer: a strided view, which memref.copy lowers to a call of MLIR's
    generic element-by-element copy. Each such copy becomes a linalg.copy
    cut into rows of `lanes` elements along its innermost dim, the whole
    rows vectorized (LLVM left the loops scalar), the remainder of a row a
    loop; a copy of at least `min-parallel-elements` elements is first cut
    into an scf.forall over its outermost dim of more than one element (on
    two threads a serial copy held up mobilenet_v2 by 4-7%). Copies between
    contiguous buffers stay memref.copy (a memcpy).
  }];
  let options = [
    Option<"lanes", "lanes", "int64_t", "16", "elements per vector row">,
    Option<"minParallelElements", "min-parallel-elements", "int64_t",
           "32768", "size from which a copy becomes an scf.forall">,
  ];
  let dependentDialects = [
    "affine::AffineDialect", "linalg::LinalgDialect", "memref::MemRefDialect",
    "scf::SCFDialect", "vector::VectorDialect"
  ];
}

def ContiguousStridedReads : Pass<"nn-contiguous-strided-reads"> {
  let summary = "Read strided vector rows as a contiguous load and a shuffle";
  let description = [{
    An in-bounds 1-D vector.transfer_read from a memref whose innermost
    stride is a static 2 to 4 (window taps of strided convolutions and
    poolings, the im2col of strided convolutions) lowers to a scalar load
    and insert per lane. It becomes a vector.maskedload of the contiguous
    span from its first to its last lane (masked past the last, so it reads
    no element outside that span) and a vector.shuffle that keeps every
    stride-th element. Reads in one block whose first lanes are the same
    index terms plus constants less than a vector's lanes apart (the taps
    of one window row) share one load: a read less than the stride after
    the first shuffles the loaded elements, a later one is the read a
    stride before it, moved down one lane, plus one loaded element.
  }];
  let dependentDialects = [
    "arith::ArithDialect", "memref::MemRefDialect", "vector::VectorDialect"
  ];
}

def WriteIntoPaddedBuffers : Pass<"nn-write-into-padded-buffers", "func::FuncOp"> {
  let summary = "Compute a pad's source in the padded buffer's interior";
  let description = [{
    A constant pad, a fill of the padded buffer and an insert_slice of the
    source into its interior, bufferizes to a copy of the source into the
    interior. Later reads of the source read the inserted slice instead,
    then empty-tensor elimination makes the source's producer write into
    the interior, where the fill comes before that producer.
  }];
  let dependentDialects = [
    "bufferization::BufferizationDialect", "tensor::TensorDialect"
  ];
}

def FreeAfterLastUse : Pass<"nn-free-after-last-use", "func::FuncOp"> {
  let summary = "Move each memref.dealloc to just after the buffer's last use";
  let description = [{
    Ownership-based buffer deallocation frees every buffer at the end of
    its block, so all of a model's intermediate buffers are live at once
    (70 MB on mobilenet_v2, twice the L3 cache) and none can be reused
    within a run. A dealloc moves up to just after the last op of its block
    that uses the buffer or a view of it. It stays where it is when a view
    is yielded or returned, or when a use is not inside the block.
  }];
  let dependentDialects = ["memref::MemRefDialect"];
}

def OutlineParallelRegions : Pass<"nn-outline-parallel-regions", "ModuleOp"> {
  let summary = "Move each outermost omp.parallel into a function of its own";
  let description = [{
    Translating OpenMP to LLVM IR outlines every parallel region, and for
    each one LLVM's code extractor scans the whole function that holds it:
    quadratic with all of a model's regions in one function (efficientnet_b0
    spent 0.6-0.7 s of its 5.3-5.9 s JIT compile there). Each outermost
    omp.parallel of an llvm.func moves into an internal function of its own
    (LLVM inlines it back), called where the region was; the values it uses
    from outside become the function's arguments, constants and global
    addresses are cloned into it. Outlined before the conversion to the
    LLVM dialect instead, as scf.parallel with memref arguments, the
    conversions and LLVM's optimizer took longer than that saved.
  }];
  let dependentDialects = ["LLVM::LLVMDialect"];
}

#endif // NN_CODEGEN_PASSES_TD
