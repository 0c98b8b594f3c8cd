import { rmSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { cancelledError } from '../abortable.js';
import { forgetTempFile, trackTempFile } from '../tempFiles.js';
import type { EngineJobInput, EngineJobName, EngineJobResult } from './engineJobs.js';
import type { EngineWorkerData } from './engineWorker.js';
import { rebuildError, type ThreadError } from './threadErrors.js';

/**
 * Runs one engine job (engineJobs.ts) in a worker thread, so the console's UI thread keeps
 * drawing and reading keys while it works: an age passphrase's scrypt, VACUUM, fsync and
 * read-back, an upload's checks of every record. The worker opens the store by its data dir.
 * Secrets (a passphrase) travel in workerData, never in argv or the environment.
 *
 * An abort terminates the worker (a job that runs a child process is asked to stop first); the
 * temp files it had in flight (it reports each one, see engineWorker.ts) are removed, so nothing
 * half-written is left behind. They are also tracked on this thread meanwhile, so a signal that
 * ends the console removes them.
 */
export function runEngineJob<K extends EngineJobName>(job: K, input: EngineJobInput<K>, options: RunOptions = {}): Promise<EngineJobResult<K>> {
  const { signal, cancelledMessage = 'Cancelled.' } = options;
  if (signal?.aborted) return Promise.reject(cancelledError(cancelledMessage));
  return new Promise((resolve, reject) => {
    const temps = new TempFilesOfWorker();
    const workerData: EngineWorkerData = { job, input, tempFiles: temps.port };
    const worker = new Worker(workerScript, { workerData, transferList: [temps.port], execArgv: [] });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      worker.removeAllListeners();
      void worker.terminate().then(() => {
        temps.removeLeftovers();
        outcome();
      });
    };
    const cancelled = () => settle(() => reject(cancelledError(cancelledMessage)));
    const onAbort = () => {
      if (!ASKED_TO_STOP.has(job)) return cancelled();
      worker.postMessage({ stop: true });
      setTimeout(cancelled, STOP_GRACE_MS).unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: WorkerReply<EngineJobResult<K>>) => {
      if (message.ok) settle(() => resolve(message.value)); // done, even if asked to stop meanwhile: it is
      else if (signal?.aborted) cancelled();
      else settle(() => reject(rebuildError(message.error)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the engine worker stopped (exit code ${code}) before it finished`))));
  });
}

/**
 * The jobs that are asked to stop before they are terminated: they run a child process (rclone,
 * an SSH session) that only they can end. The others are terminated at once.
 */
const ASKED_TO_STOP: ReadonlySet<EngineJobName> = new Set(['restore']);
/** How long a job asked to stop may take to do so before it is terminated: Esc answers within a second. */
const STOP_GRACE_MS = 500;

export interface RunOptions {
  /** Aborting terminates the job; the promise rejects with a CancelledError saying `cancelledMessage` (abortable.ts). */
  readonly signal?: AbortSignal;
  readonly cancelledMessage?: string;
}

type WorkerReply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ThreadError };

/**
 * The bundle's second entry point, beside the chunk this code is in (dist/); code run from the
 * sources (vitest, the benches) names a bundle of engineWorker.ts built for it.
 */
let workerScript: URL = new URL('./engineWorker.js', import.meta.url);

export function setEngineWorkerScript(script: URL): void {
  workerScript = script;
}

/** The temp files a worker reports (track, forget), mirrored into this thread's own tracking. */
class TempFilesOfWorker {
  private readonly channel = new MessageChannel();
  private readonly inFlight = new Set<string>();
  readonly port: MessagePort = this.channel.port2;

  constructor() {
    this.channel.port1.on('message', (message: TempFileMessage) => this.take(message));
    this.channel.port1.unref();
  }

  /** After the worker is gone: what it reported and had not yet been read, then whatever it left. */
  removeLeftovers(): void {
    for (let message = receiveMessageOnPort(this.channel.port1); message; message = receiveMessageOnPort(this.channel.port1)) this.take(message.message as TempFileMessage);
    this.channel.port1.close();
    for (const path of this.inFlight) {
      rmSync(path, { recursive: true, force: true });
      forgetTempFile(path);
    }
  }

  private take(message: TempFileMessage): void {
    if ('track' in message) {
      this.inFlight.add(message.track);
      trackTempFile(message.track);
    } else {
      this.inFlight.delete(message.forget);
      forgetTempFile(message.forget);
    }
  }
}

type TempFileMessage = { readonly track: string } | { readonly forget: string };
