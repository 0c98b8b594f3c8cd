import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { 'process.env.NASCONSOLE_VERSION': JSON.stringify(pkg.version) },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // The console's engine jobs run in a worker thread, which runs JavaScript: bundle its entry once.
    globalSetup: ['test/setup/engineWorkerBundle.ts'],
    setupFiles: ['test/setup/setEngineWorker.ts'],
    // Engine tests start real servers (sshd, FTP, WebDAV, S3) and spawn rclone: allow them time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: keep parallelism modest so server-backed tests do not starve each other.
    maxWorkers: 2,
  },
});
