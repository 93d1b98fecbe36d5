// Timing helpers for benchmarks: median of repeated runs after a warm-up.
export async function median(runs: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export const ms = (v: number): string => `${v.toFixed(2)} ms`;
export const ratio = (v: number, base: number): string => `${(v / base).toFixed(1)}×`;
