// Times one ONNX Runtime session on a [1, 3, S, S] input: prints the median
// of `runs` runs (after one warm-up) in milliseconds, as JSON.
// Usage: node time_session.js model.onnx all|disabled THREADS RUNS SIZE
const ort = require('onnxruntime-node');

async function main() {
  const [model, level, threads, runs, size] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model, {
    graphOptimizationLevel: level,
    intraOpNumThreads: Number(threads),
    interOpNumThreads: 1,
    executionMode: 'sequential',
  });
  const side = Number(size);
  const data = Float32Array.from({length: 3 * side * side}, () => Math.random() * 2 - 1);
  const feeds = {[session.inputNames[0]]: new ort.Tensor('float32', data, [1, 3, side, side])};
  await session.run(feeds);
  const times = [];
  for (let i = 0; i < Number(runs); i++) {
    const start = process.hrtime.bigint();
    await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({median_ms: times[times.length >> 1]}));
}

main().catch((error) => { console.error(error); process.exit(1); });
