// Timing shared by the benchmarks (bench-kernels.mjs, bench-axes.mjs).
// Warms every implementation up, then takes their samples in turns (each round one
// sample of each), so that a slow spell of a shared machine hits all the peers of a
// ratio alike. A sample is enough calls for ~10 ms; the result is the median per
// implementation, in elements per second.
export async function measureInTurns(entries, n, quick = false) {
  const sampleMs = quick ? 3 : 10;
  const samples = quick ? 5 : 11;
  const run = async (e, calls) => {
    if (e.isAsync) {
      for (let i = 0; i < calls; ++i) await e.fn();
    } else {
      for (let i = 0; i < calls; ++i) e.fn();
    }
  };
  for (const e of entries) {
    const t0 = performance.now();
    let calls = 0;
    while (calls < 3 || performance.now() - t0 < (quick ? 20 : 100)) {
      await run(e, 1);
      ++calls;
    }
    e.batch = Math.max(1, Math.round(sampleMs / ((performance.now() - t0) / calls)));
    e.times = [];
  }
  for (let s = 0; s < samples; ++s) {
    for (const e of entries) {
      const t0 = performance.now();
      await run(e, e.batch);
      e.times.push((performance.now() - t0) / e.batch);
    }
  }
  return entries.map((e) => {
    const sorted = e.times.sort((a, b) => a - b);
    return (n / sorted[sorted.length >> 1]) * 1e3;
  });
}

