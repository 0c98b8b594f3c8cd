// The console's spinner (the status line the screens show while busy) drawn while some work
// runs on this process: the longest gap between two of its frames is what a user sees freeze.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import React from 'react';
import { render } from 'ink-testing-library';
import { StatusLine } from '../../src/widgets/StatusLine.js';
import { createTheme } from '../../src/widgets/theme.js';
import { WidgetProviders } from '../../src/widgets/WidgetProviders.js';
import { ms, report } from './figures.js';

export interface SpinnerFigures {
  readonly elapsedMs: number;
  readonly framesPerSecond: number;
  readonly longestGapMs: number;
  readonly longestLoopDelayMs: number;
}

/** Runs `work` under a turning spinner; the gaps between its frames, and the event loop's longest delay. */
export async function spinnerDuring(label: string, work: () => Promise<unknown>): Promise<SpinnerFigures> {
  const ui = render(
    React.createElement(WidgetProviders, {
      theme: createTheme({ ascii: false, color: true }),
      children: React.createElement(StatusLine, { status: { kind: 'busy', text: label }, width: 80 }),
    }),
  );
  const frameTimes: number[] = [];
  const stdout = ui.stdout as unknown as { write: (frame: string) => void };
  const write = stdout.write.bind(stdout);
  stdout.write = (frame: string) => {
    frameTimes.push(performance.now());
    write(frame);
  };
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = performance.now();
  try {
    await work();
  } finally {
    loop.disable();
    ui.unmount();
  }
  const elapsedMs = performance.now() - started;
  const gaps = frameTimes.slice(1).map((time, index) => time - frameTimes[index]!);
  return { elapsedMs, framesPerSecond: frameTimes.length / (elapsedMs / 1000), longestGapMs: Math.max(0, ...gaps), longestLoopDelayMs: loop.max / 1e6 };
}

/** The figures of one kind of work, as the bench prints them. */
export function reportSpinner(work: string, figures: SpinnerFigures): void {
  report(work, ms(figures.elapsedMs));
  report('  spinner frames rendered per second meanwhile', figures.framesPerSecond.toFixed(1), '~12.5 (80 ms frames)');
  report('  longest gap between spinner frames (a frame is 80 ms)', ms(figures.longestGapMs), '< 180 ms: stall < 100 ms');
  report('  longest event loop delay', ms(figures.longestLoopDelayMs), '< 100 ms');
}
