export { runEngineJob, setEngineWorkerScript, type RunOptions } from './runEngineJob.js';
export type { EngineJobInput, EngineJobName, EngineJobResult } from './engineJobs.js';
