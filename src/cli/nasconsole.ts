import { killChildrenInFlight } from '../engine/childProcesses.js';
import { removeTempFilesInFlight } from '../engine/tempFiles.js';
import { consoleOptionsFrom } from './consoleArguments.js';

// Files we create hold secrets or sit beside them: nothing is group- or world-readable.
process.umask(0o077);
// A temp file in flight may hold the seed, an rclone child a credential's config: whatever
// ends the process ends the child and removes the file.
process.on('exit', () => {
  killChildrenInFlight();
  removeTempFilesInFlight();
});

// The entry loads only what its path needs: the console (the common case on a serial line,
// where its first frame is awaited) or the scripted commands.
const consoleOptions = consoleOptionsFrom(process.argv.slice(2));
if (consoleOptions) {
  const { startConsole } = await import('./startConsole.js');
  // The console leaves stdin and timers behind; its code is final.
  process.exit(await startConsole(consoleOptions));
} else {
  await import('./scriptedCommands.js');
}
