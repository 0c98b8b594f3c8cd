import { performance } from 'node:perf_hooks';

/** Runs `work` `runs` times and returns the durations in ms, sorted. */
export async function timeRuns(runs: number, work: () => unknown): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    durations.push(performance.now() - start);
  }
  return durations.sort((a, b) => a - b);
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** One figure per line: name, value, and the goal it is measured against. */
export function report(name: string, value: string, goal?: string): void {
  console.log(`${name.padEnd(72)} ${value.padStart(10)}${goal ? `   (goal: ${goal})` : ''}`);
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
