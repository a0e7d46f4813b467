// The one timing loop of the benchmarks, shared by Node (bench/run.mjs) and the browser page
// (bench/browser/bench.js): a warm-up of half a sample, then `samples` timed samples.

/** Ops per second for `run` (sync or async), as the median of timed samples, and the spread. */
export async function measure(run, { sampleMs, samples }) {
  const deadline = performance.now() + sampleMs / 2;
  while (performance.now() < deadline) await run();
  const rates = [];
  for (let sample = 0; sample < samples; sample += 1) {
    let count = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < sampleMs) {
      await run();
      count += 1;
      elapsed = performance.now() - start;
    }
    rates.push((count * 1000) / elapsed);
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)];
  return { median, spread: (rates.at(-1) - rates[0]) / median };
}
