// The one timing loop of the benchmarks, shared by Node (bench/run.mjs) and the browser page
// (bench/browser/bench.js). Samples are taken in turns, one of each signer per round, so that a
// burst of load on this shared machine slows every signer of a case alike and their ratios
// hold (measured blocks of samples per signer gave ratios that moved by 30% between runs).

/** Ops per second for one sample of `run` (sync or async) lasting about `sampleMs`. */
async function sample(run, sampleMs) {
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < sampleMs) {
    await run();
    count += 1;
    elapsed = performance.now() - start;
  }
  return (count * 1000) / elapsed;
}

/**
 * For each of `runs` (name → sync or async function): a warm-up of half a sample, then
 * `samples` timed samples taken in turns with the others. Returns name → { median, spread }
 * in ops per second, spread being the min-max range over the median.
 */
export async function measureAll(runs, { sampleMs, samples }) {
  const entries = Object.entries(runs);
  for (const [, run] of entries) await sample(run, sampleMs / 2);
  const rates = new Map(entries.map(([name]) => [name, []]));
  for (let round = 0; round < samples; round += 1) {
    for (const [name, run] of entries) rates.get(name).push(await sample(run, sampleMs));
  }
  const results = {};
  for (const [name, list] of rates) {
    list.sort((a, b) => a - b);
    const median = list[Math.floor(list.length / 2)];
    results[name] = { median, spread: (list.at(-1) - list[0]) / median };
  }
  return results;
}
