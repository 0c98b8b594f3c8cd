// The entry of an engine worker thread (a second entry point of the bundle, scripts/build.mjs):
// runs one job of ENGINE_JOBS and posts its result, or its error as ThreadError.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { observeTempFiles } from '../tempFiles.js';
import { ENGINE_JOBS, type EngineJobName } from './engineJobs.js';
import { describeError } from './threadErrors.js';

export interface EngineWorkerData {
  readonly job: EngineJobName;
  readonly input: unknown;
  /** Each temp file the job tracks and forgets, so the parent thread can remove it when it terminates the job. */
  readonly tempFiles: MessagePort;
}

const { job, input, tempFiles } = workerData as EngineWorkerData;
observeTempFiles({
  track: (path) => tempFiles.postMessage({ track: path }),
  forget: (path) => tempFiles.postMessage({ forget: path }),
});
// Asked to stop: work that awaits (a child process, the network) stops itself through the signal.
const stop = new AbortController();
parentPort!.on('message', (message: { stop?: boolean }) => {
  if (message.stop) stop.abort();
});
try {
  const run = ENGINE_JOBS[job] as (input: unknown, signal: AbortSignal) => Promise<unknown>;
  parentPort!.postMessage({ ok: true, value: await run(input, stop.signal) });
} catch (error) {
  parentPort!.postMessage({ ok: false, error: describeError(error) });
}
