#include "nn/Runtime/JitFunction.h"

#include "nn/Pipelines/Pipelines.h"
#include "nn/Support/HostMemory.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/ScopedPrinter.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;
using namespace mlir::nn;

std::string TensorSpec::str() const {
  return HostTensor(dtype, shape).typeString();
}

namespace {
llvm::Expected<TensorSpec> specFor(Type type, func::FuncOp function,
                                   llvm::StringRef role, unsigned index) {
  auto fail = [&](const llvm::Twine &why) {
    return llvm::createStringError(
        "function '%s' %s #%u has type %s: %s",
        function.getName().str().c_str(), role.str().c_str(), index,
        llvm::to_string(type).c_str(), why.str().c_str());
  };
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return fail("nn-run needs static-shape tensors");
  Type element = tensor.getElementType();
  DType dtype;
  if (element.isF16())
    dtype = DType::F16;
  else if (element.isF32())
    dtype = DType::F32;
  else if (element.isF64())
    dtype = DType::F64;
  else
    return fail("nn-run exchanges f16, f32 and f64 tensors only");
  return TensorSpec{dtype, tensor.getShape().vec()};
}

/// The expanded form of a memref descriptor that the packed calling
/// convention takes, one pointer per field.
struct MemRefArgument {
  void *allocated, *aligned;
  int64_t offset = 0;
  std::vector<int64_t> sizesAndStrides;

  explicit MemRefArgument(const HostTensor &tensor)
      : allocated(const_cast<char *>(tensor.data())), aligned(allocated) {
    llvm::ArrayRef<int64_t> shape = tensor.shape();
    sizesAndStrides.assign(shape.begin(), shape.end());
    std::vector<int64_t> strides(shape.size(), 1);
    for (int64_t i = int64_t(shape.size()) - 2; i >= 0; --i)
      strides[i] = strides[i + 1] * shape[i + 1];
    sizesAndStrides.insert(sizesAndStrides.end(), strides.begin(),
                           strides.end());
  }

  void appendTo(llvm::SmallVectorImpl<void *> &args) {
    args.push_back(&allocated);
    args.push_back(&aligned);
    args.push_back(&offset);
    for (int64_t &value : sizesAndStrides)
      args.push_back(&value);
  }
};

/// Tile shapes for the CPU the JIT compiles for, whose vector registers
/// hold the accumulators: 32 of 16 lanes with AVX-512, 16 of 8 with AVX2
/// (whose defaults the pipeline's are). Alternated on a Zen 4 core with
/// the shapes before:
/// - contractions in 8x16 tiles, against 6x16: resnet18 took 0.95x the
///   time and resnet50 0.96x, and each layer measured ran as fast or
///   faster (fewer column loads per FMA, and a channel count's last tile
///   is rarely 2 or 4 rows, whose few accumulators stall on the FMA
///   latency);
/// - stride-1 depthwise convolutions in tiles of up to 7 rows, against 1
///   (the rows of a 224x224 model's maps are 7 * 2^k): efficientnet_b0
///   0.95x, mobilenet_v2 0.98x; a 5x5 one with its SiLU over 14x14 took
///   209 against 279 us, over 7x7 121 against 192 us. AVX2's 3 rows are a
///   guess by the register count, not measured.
/// On a Zen 5 core, whose two FMA units each take a 16-lane vector, 8x16
/// tiles ran at 60-67% of its 221 GFLOP/s: 8 accumulators barely cover
/// two units' latency, and 9 loads feed 8 FMAs. 8x32 tiles (16
/// accumulators, 2 column vectors, 8 broadcasts) against 8x16, alternated
/// in one process: 3x3 and stride-2 layers of resnet18 0.73-0.87x the
/// time, a 1x1 one 0.89x, one over 7x7 (49 columns: 32, 16 and one) even;
/// whole models on one thread resnet18 0.82x, resnet50 0.79x, mobilenet_v2
/// 0.86x, efficientnet_b0 0.90x, on two 0.82x, 0.65x, 0.92x and 0.98x.
/// 12x32 tiles were 0.97-1.14x of 8x32, 6x32 1.05-1.14x. Zen 4, which
/// splits a 16-lane FMA in two, could not be measured again with 32.
void tuneForHost(NNToLLVMOptions &pipeline) {
  bool avx512 = llvm::sys::getHostCPUFeatures().lookup("avx512f");
  pipeline.registerTileRows = avx512 ? 8 : 6;
  pipeline.registerTileColumns = avx512 ? 32 : 16;
  pipeline.vectorRegisters = avx512 ? 32 : 16;
  pipeline.windowTileRows = avx512 ? 7 : 3;
}
} // namespace

/// A tensor larger than the machine's memory would make the compiled code's
/// allocation fail mid-run: refuse before compiling, naming the value.
static llvm::Error checkTensorsFitInMemory(func::FuncOp function) {
  uint64_t memory = physicalMemoryBytes();
  std::optional<std::string> culprit;
  auto check = [&](Value value, Location loc) {
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (culprit || !type || !type.hasStaticShape() ||
        !type.getElementType().isIntOrFloat())
      return;
    uint64_t bytes = tensorBytes(type.getShape(),
                                 type.getElementType().getIntOrFloatBitWidth());
    if (bytes > memory)
      culprit = llvm::formatv("{0}: a {1} needs {2} bytes, more than this "
                              "machine's {3} bytes of memory",
                              loc, type, bytes, memory)
                    .str();
  };
  for (BlockArgument argument : function.getArguments())
    check(argument, function.getLoc());
  function.walk([&](Operation *op) {
    for (Value result : op->getResults())
      check(result, op->getLoc());
  });
  if (culprit)
    return llvm::createStringError(*culprit);
  return llvm::Error::success();
}

llvm::Expected<std::unique_ptr<JitFunction>>
JitFunction::compile(ModuleOp module, llvm::StringRef name,
                     const JitOptions &jitOptions) {
  unsigned threads = jitOptions.threads;
  if (threads < 1)
    return llvm::createStringError("threads must be at least 1, got 0");
  OwningOpRef<ModuleOp> lowered = module.clone();
  auto function = lowered->lookupSymbol<func::FuncOp>(name);
  if (!function)
    return llvm::createStringError("the module has no function '%s'",
                                   name.str().c_str());
  // Compile only what runs: other functions nothing refers to are dropped.
  for (auto other : llvm::make_early_inc_range(lowered->getOps<func::FuncOp>()))
    if (other != function &&
        SymbolTable::symbolKnownUseEmpty(other, lowered->getOperation()))
      other.erase();
  if (llvm::Error tooLarge = checkTensorsFitInMemory(function))
    return std::move(tooLarge);
  std::unique_ptr<JitFunction> jit(new JitFunction());
  jit->name_ = name.str();
  FunctionType type = function.getFunctionType();
  for (auto [i, input] : llvm::enumerate(type.getInputs())) {
    auto spec = specFor(input, function, "argument", i);
    if (!spec)
      return spec.takeError();
    jit->inputs_.push_back(*spec);
    // Inputs belong to the caller: bufferization must not write into them.
    function.setArgAttr(i, "bufferization.writable",
                        BoolAttr::get(module.getContext(), false));
  }
  for (auto [i, output] : llvm::enumerate(type.getResults())) {
    auto spec = specFor(output, function, "result", i);
    if (!spec)
      return spec.takeError();
    jit->outputs_.push_back(*spec);
  }

  std::string diagnostics;
  {
    llvm::raw_string_ostream stream(diagnostics);
    ScopedDiagnosticHandler capture(module.getContext(), [&](Diagnostic &d) {
      stream << d.getLocation() << ": " << d << "\n";
      return success();
    });
    if (failed(verify(*lowered)))
      return llvm::createStringError("the module is invalid:\n%s",
                                     diagnostics.c_str());
    PassManager pm(module.getContext());
    // The pipeline's input and result are verified, not the IR between its
    // passes: on efficientnet_b0 that took 2.3 of its 5.4 s. nn-opt
    // verifies after every pass (test/Integration/verify-each-pass.test).
    pm.enableVerifier(false);
    NNToLLVMOptions pipeline;
    pipeline.threads = threads;
    tuneForHost(pipeline);
    buildNNToLLVMPipeline(pm, pipeline);
    if (failed(pm.run(*lowered)) || failed(verify(*lowered)))
      return llvm::createStringError("lowering to LLVM failed:\n%s",
                                     diagnostics.c_str());
  }

  HostPointers pointers;
  jit->constants_ = ExternalConstants::extract(*lowered, pointers);
  jit->buffers_.takeOverAllocations(*lowered, pointers);

  NativeCode::Options options;
  options.perfJitDump = jitOptions.perfJitDump;
  options.codegenThreads = jitOptions.codegenThreads;
  // Parallel loops call the OpenMP runtime.
  llvm::SmallVector<llvm::StringRef, 1> runtimeLibraries;
  if (threads > 1)
    runtimeLibraries.push_back(NN_OPENMP_RUNTIME);
  options.sharedLibraries = runtimeLibraries;
  auto code = NativeCode::compile(*lowered, name, options);
  if (!code)
    return code.takeError();
  jit->code_ = std::move(*code);
  // A memref.copy that nn-strided-copies-to-linalg leaves (unranked views)
  // lowers to a call of MLIR's runtime helper.
  jit->code_->define([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols = BufferPool::symbols(interner);
    symbols[interner("memrefCopy")] = {
        llvm::orc::ExecutorAddr::fromPtr(&memrefCopy),
        llvm::JITSymbolFlags::Exported};
    return symbols;
  });
  if (llvm::Error unbound = pointers.bind(*jit->code_))
    return std::move(unbound);
  // Resolving the entry point now turns a missing symbol into a compile
  // error instead of a failed call.
  auto entry = jit->code_->lookupPacked(name);
  if (!entry)
    return entry.takeError();
  jit->entry_ = *entry;
  return jit;
}

std::vector<HostTensor> JitFunction::allocateOutputs() const {
  std::vector<HostTensor> outputs;
  for (const TensorSpec &spec : outputs_)
    outputs.emplace_back(spec.dtype, spec.shape);
  return outputs;
}

llvm::Expected<std::vector<HostTensor>>
JitFunction::run(llvm::ArrayRef<HostTensor> inputs) {
  if (inputs.size() != inputs_.size())
    return llvm::createStringError("function '%s' takes %zu inputs, got %zu",
                                   name_.c_str(), inputs_.size(),
                                   inputs.size());
  for (auto [i, input] : llvm::enumerate(inputs))
    if (input.dtype() != inputs_[i].dtype ||
        input.shape() != llvm::ArrayRef(inputs_[i].shape))
      return llvm::createStringError("input #%zu of '%s' must be %s, got %s", i,
                                     name_.c_str(), inputs_[i].str().c_str(),
                                     input.typeString().c_str());
  std::vector<HostTensor> outputs = allocateOutputs();
  runInto(inputs, outputs);
  return outputs;
}

void JitFunction::runInto(llvm::ArrayRef<HostTensor> inputs,
                          llvm::MutableArrayRef<HostTensor> outputs) {
  std::vector<MemRefArgument> descriptors;
  for (const HostTensor &tensor : inputs)
    descriptors.emplace_back(tensor);
  for (const HostTensor &tensor : outputs)
    descriptors.emplace_back(tensor);
  llvm::SmallVector<void *> args;
  for (MemRefArgument &descriptor : descriptors)
    descriptor.appendTo(args);
  entry_(args.data());
}
