// Times one ONNX Runtime session on a [1, 3, S, S] input, on request: after
// one warm-up run it reads run counts from stdin, one per line, and for
// each prints the times of that many runs in milliseconds as a JSON array,
// so that the caller can alternate rounds of it with other engines.
// Usage: node time_session.js model.onnx all|disabled THREADS SIZE
const ort = require('onnxruntime-node');
const readline = require('readline');

async function main() {
  const [model, level, threads, shape] = process.argv.slice(2); const dims = shape.split(",").map(Number);
  const session = await ort.InferenceSession.create(model, {
    graphOptimizationLevel: level,
    intraOpNumThreads: Number(threads),
    interOpNumThreads: 1,
    executionMode: 'sequential',
  });
  
  const data = Float32Array.from({length: dims.reduce((a, b) => a * b)}, () => Math.random() * 2 - 1);
  const feeds = {[session.inputNames[0]]: new ort.Tensor('float32', data, dims)};
  await session.run(feeds);
  for await (const line of readline.createInterface({input: process.stdin})) {
    const times = [];
    for (let i = 0; i < Number(line); i++) {
      const start = process.hrtime.bigint();
      await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    console.log(JSON.stringify(times));
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
