import { describe, expect, it } from 'vitest';
import { openRcloneSession, SESSION_REMOTE } from '../../src/engine/rclone/index.js';
import { useBlackHole } from '../helpers/servers.js';

// Esc while a push is between two rclone commands (connecting, then uploading): the abort has
// already happened when the next command is asked for, and must stop it from running at all.

const blackHole = useBlackHole();

describe('an rclone session cancelled between two runs', () => {
  it('does not start rclone for a run asked for after the signal was aborted', async () => {
    const controller = new AbortController();
    const opened = await openRcloneSession('FTP', { host: blackHole.host, port: blackHole.port, user: 'nas', pass: 'p' }, { purpose: 'push', signal: controller.signal });
    if (!('session' in opened)) throw new Error(opened.failure.message);
    controller.abort();
    const started: number[] = [];
    try {
      const run = await opened.session.run(['lsjson', '--contimeout', '20s', `${SESSION_REMOTE}:`], { signal: controller.signal, onSpawn: (pid) => started.push(pid) });
      expect(run.outcome).toBe('cancelled');
      expect(started).toEqual([]);
    } finally {
      await opened.session.close();
    }
  });
});
