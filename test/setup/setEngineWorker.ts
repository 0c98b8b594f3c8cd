// vitest setupFiles: engine jobs run off the thread in the worker bundled by engineWorkerBundle.ts.
import { pathToFileURL } from 'node:url';
import { inject } from 'vitest';
import { setEngineWorkerScript } from '../../src/engine/offThread/runEngineJob.js';

setEngineWorkerScript(pathToFileURL(inject('engineWorkerScript')));
