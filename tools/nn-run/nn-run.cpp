//===- nn-run.cpp - run nn modules with the JIT ---------------------------===//
//
// Runs a function of an nn module on .npy inputs (or seeded random ones),
// optionally writing the outputs, comparing the module with its
// fold-batchnorm form, and timing both.
//
//===----------------------------------------------------------------------===//

#include "nn/InitAllNN.h"
#include "nn/Runtime/FoldComparison.h"
#include "nn/Runtime/Npy.h"
#include "nn/Support/NestingDepth.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"

#include <algorithm>
#include <chrono>

using namespace mlir;
using namespace mlir::nn;
namespace cl = llvm::cl;

// --help lists these, not the options of every LLVM backend.
static cl::OptionCategory nnRunOptions("nn-run options");

static cl::opt<std::string> inputFile(cl::Positional, cl::cat(nnRunOptions),
                                      cl::desc("<module.mlir>"), cl::Required);
static cl::opt<std::string>
    functionName("function", cl::cat(nnRunOptions),
                 cl::desc("Function to run (default: the only "
                          "public function, else 'forward')"));
static cl::list<std::string>
    inputFiles("input", cl::cat(nnRunOptions),
               cl::desc("Input .npy file, one per argument in order"));
static cl::opt<uint64_t>
    seed("seed", cl::cat(nnRunOptions),
         cl::desc("Seed of the random inputs used without --input"),
         cl::init(0));
static cl::opt<std::string>
    outputPrefix("output", cl::cat(nnRunOptions),
                 cl::desc("Write output i to <prefix><i>.npy"));
static cl::opt<bool> compareFoldedFlag(
    "compare-folded", cl::cat(nnRunOptions),
    cl::desc("Run the module as given and after fold-batchnorm on the same "
             "inputs, compare both with an f64 run, exit 1 on FAIL"));
static cl::opt<std::string>
    foldedFile("folded", cl::cat(nnRunOptions),
               cl::desc("With --compare-folded: use this module as the folded "
                        "form instead of running fold-batchnorm"));
static cl::opt<unsigned>
    benchRuns("bench", cl::cat(nnRunOptions),
              cl::desc("Time N runs (after warm-up) of the module as given "
                       "and folded, and print median, min and their ratio"),
              cl::init(0));
static cl::opt<unsigned>
    threads("jit-threads", cl::cat(nnRunOptions),
            cl::desc("Worker threads for the compiled code's parallel loops "
                     "(default 1)"),
            cl::init(1));
static cl::opt<unsigned> codegenThreads(
    "jit-codegen-threads", cl::cat(nnRunOptions),
    cl::desc("Threads that generate the machine code (default 0: one per "
             "core)"),
    cl::init(0));
static cl::opt<bool> perfJitDump(
    "perf-jitdump", cl::cat(nnRunOptions),
    cl::desc("Write the compiled code to a jitdump file ($JITDUMPDIR/.debug/"
             "jit, else /tmp/.debug/jit), so that perf inject --jit names the "
             "compiled functions in a profile taken with perf record -k 1"));

namespace {
int fail(const llvm::Twine &message) {
  llvm::outs().flush(); // the report comes before the verdict
  llvm::WithColor::error(llvm::errs(), "nn-run") << message << "\n";
  return 1;
}

int fail(llvm::Error error) { return fail(llvm::toString(std::move(error))); }

/// Parses `path`, reporting errors with its source lines. Each file gets its
/// own SourceMgr: the parser reads only a SourceMgr's main buffer.
OwningOpRef<ModuleOp> parseModule(llvm::StringRef path, MLIRContext &context) {
  if (auto input = llvm::MemoryBuffer::getFile(path))
    if (auto tooDeep = checkNestingDepth((*input)->getBuffer(), path)) {
      llvm::errs() << *tooDeep << "\n";
      return nullptr;
    }
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  return parseSourceFile<ModuleOp>(path, sourceMgr, ParserConfig(&context));
}

std::string pickFunction(ModuleOp module) {
  if (!functionName.empty())
    return functionName;
  SmallVector<func::FuncOp> publicFunctions;
  for (auto function : module.getOps<func::FuncOp>())
    if (function.isPublic())
      publicFunctions.push_back(function);
  return publicFunctions.size() == 1 ? publicFunctions[0].getName().str()
                                     : "forward";
}

llvm::Expected<std::vector<HostTensor>>
loadInputs(const JitFunction &function) {
  if (inputFiles.empty())
    return randomInputs(function.inputs(), seed);
  std::vector<HostTensor> inputs;
  for (const std::string &path : inputFiles) {
    auto tensor = readNpy(path);
    if (!tensor)
      return tensor.takeError();
    inputs.push_back(std::move(*tensor));
  }
  return inputs;
}

void printSummary(llvm::ArrayRef<HostTensor> outputs) {
  for (auto [i, output] : llvm::enumerate(outputs)) {
    std::vector<double> values = output.toDoubles();
    auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    double sum = 0;
    for (double v : values)
      sum += v;
    llvm::outs() << "output " << i << " " << output.typeString()
                 << llvm::format(": min %.6g  max %.6g  mean %.6g\n  ", *lo,
                                 *hi, sum / values.size());
    // Small outputs in full (tests check them), large ones by their head.
    size_t shown = values.size() <= 64 ? values.size() : 8;
    llvm::outs() << "values:";
    for (size_t j = 0; j < shown; ++j)
      llvm::outs() << llvm::format(" %.6g", values[j]);
    llvm::outs() << (shown < values.size() ? " ...\n" : "\n");
  }
}

llvm::Error writeOutputs(llvm::ArrayRef<HostTensor> outputs) {
  for (auto [i, output] : llvm::enumerate(outputs))
    if (llvm::Error error =
            writeNpy(outputPrefix + std::to_string(i) + ".npy", output))
      return error;
  return llvm::Error::success();
}

void printComparison(const FoldComparison &comparison, llvm::StringRef name) {
  llvm::outs() << "nn-run: @" << name << " as given ("
               << comparison.batchNormsBefore << " batch_norm) vs folded ("
               << comparison.batchNormsAfter << " batch_norm), same inputs\n"
               << "mul/add by a constant: as given " << comparison.channelOpsBefore
               << ", folded " << comparison.channelOpsAfter << "\n"
               << "reference: the unfolded function run in f64; tolerance = "
                  "sqrt(unit roundoff) * max|reference| + smallest normal\n";
  for (auto [i, output] : llvm::enumerate(comparison.outputs)) {
    double scale = output.referenceScale > 0 ? output.referenceScale : 1.0;
    llvm::outs() << "output " << i << " " << output.type
                 << llvm::format("  max|reference| %.3e\n",
                                 output.referenceScale)
                 << llvm::format("  unfolded  max abs err %.3e  max rel err "
                                 "%.3e\n",
                                 output.unfoldedAbsError,
                                 output.unfoldedAbsError / scale)
                 << llvm::format("  folded    max abs err %.3e  max rel err "
                                 "%.3e\n",
                                 output.foldedAbsError,
                                 output.foldedAbsError / scale)
                 << llvm::format("  tolerance abs %.3e  rel %.3e  ",
                                 output.tolerance, output.tolerance / scale)
                 << (output.passed() ? "PASS" : "FAIL") << "\n";
  }
  if (comparison.passed())
    llvm::outs() << "PASS: folded and unfolded both match the f64 reference\n";
}

/// Median and minimum wall time of `runs` calls, in milliseconds.
std::pair<double, double> timeRuns(JitFunction &function,
                                   llvm::ArrayRef<HostTensor> inputs,
                                   unsigned runs) {
  std::vector<HostTensor> outputs = function.allocateOutputs();
  for (int warmUp = 0; warmUp < 3; ++warmUp)
    function.runInto(inputs, outputs);
  std::vector<double> times;
  for (unsigned i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    function.runInto(inputs, outputs);
    times.push_back(std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count());
  }
  std::sort(times.begin(), times.end());
  return {times[times.size() / 2], times.front()};
}

int bench(JitFunction &unfolded, JitFunction &folded, llvm::StringRef name,
          llvm::ArrayRef<HostTensor> inputs) {
  auto [unfoldedMedian, unfoldedMin] = timeRuns(unfolded, inputs, benchRuns);
  auto [foldedMedian, foldedMin] = timeRuns(folded, inputs, benchRuns);
  llvm::outs() << "bench @" << name << ": " << benchRuns
               << " runs after 3 warm-up runs\n"
               << llvm::format("  unfolded  median %.3f ms  min %.3f ms\n",
                               unfoldedMedian, unfoldedMin)
               << llvm::format("  folded    median %.3f ms  min %.3f ms\n",
                               foldedMedian, foldedMin)
               << llvm::format("  folded / unfolded (median) %.3f\n",
                               foldedMedian / unfoldedMedian);
  return 0;
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(nnRunOptions);
  cl::ParseCommandLineOptions(argc, argv, "nn-mlir JIT runner\n");

  DialectRegistry registry;
  registerNNDialects(registry);
  MLIRContext context(registry);
  OwningOpRef<ModuleOp> module = parseModule(inputFile, context);
  if (!module)
    return 1;
  std::string name = pickFunction(*module);

  JitOptions jitOptions;
  jitOptions.threads = threads;
  jitOptions.codegenThreads = codegenThreads;
  jitOptions.perfJitDump = perfJitDump;
  auto jit = JitFunction::compile(*module, name, jitOptions);
  if (!jit)
    return fail(jit.takeError());
  auto inputs = loadInputs(**jit);
  if (!inputs)
    return fail(inputs.takeError());
  auto outputs = (*jit)->run(*inputs);
  if (!outputs)
    return fail(outputs.takeError());
  if (!outputPrefix.empty())
    if (llvm::Error error = writeOutputs(*outputs))
      return fail(std::move(error));
  bool wantsFolded = compareFoldedFlag || benchRuns > 0;
  if (!wantsFolded) {
    printSummary(*outputs);
    return 0;
  }

  OwningOpRef<ModuleOp> folded;
  if (!foldedFile.empty()) {
    folded = parseModule(foldedFile, context);
    if (!folded)
      return 1;
  } else {
    auto foldedModule = foldBatchNormsOf(*module);
    if (!foldedModule)
      return fail(foldedModule.takeError());
    folded = std::move(*foldedModule);
  }

  // Each module is compiled once, for both the comparison and the timing.
  auto foldedJit = JitFunction::compile(*folded, name, jitOptions);
  if (!foldedJit)
    return fail(foldedJit.takeError());
  int status = 0;
  if (compareFoldedFlag) {
    auto comparison =
        compareFolded(*module, **jit, *folded, **foldedJit, name, *inputs);
    if (!comparison)
      return fail(comparison.takeError());
    printComparison(*comparison, name);
    if (!comparison->passed())
      status = fail("the folded module does not compute what the module as "
                    "given computes (an error above exceeds its tolerance)");
  }
  if (benchRuns > 0)
    status |= bench(**jit, **foldedJit, name, *inputs);
  return status;
}
