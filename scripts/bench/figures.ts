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

/**
 * One figure per line: name, value, and beside it what it is measured against: its floor,
 * measured in the same run (bare node, a bare crypto loop, the bytes a terminal strictly
 * needs), as a ratio, and the goal.
 */
export function report(name: string, value: string, against: { floor?: { value: string; ratio: number; what: string }; goal?: string } | string = {}): void {
  const { floor, goal } = typeof against === 'string' ? { goal: against, floor: undefined } : against;
  const parts = [floor ? `floor ${floor.value} (${floor.what}): ${floor.ratio.toFixed(1)}x` : '', goal ? `goal: ${goal}` : ''].filter(Boolean);
  console.log(`${name.padEnd(72)} ${value.padStart(10)}${parts.length ? `   (${parts.join('; ')})` : ''}`);
}

/** A floor for `report`: `value` and `floor` in the same unit. */
export function floorOf(value: number, floor: number, show: (n: number) => string, what: string) {
  return { value: show(floor), ratio: value / floor, what };
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
