import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepLeftovers, sweepRcloneTempDirs } from '../../src/engine/leftovers.js';
import { useTempDirs } from '../helpers/tempDir.js';

const tempDir = useTempDirs();

/** The id of a process that has ended. */
function deadPid(): number {
  return spawnSync('true').pid!;
}

describe('leftovers of interrupted processes', () => {
  it('removes the temp files of dead writers only, never a live writer\'s or another file', () => {
    const dir = tempDir();
    const dead = deadPid();
    const names = {
      dead: `.nas-nasconsole-0.1.0-20261130120000.tar.${dead}-0123456789ab.tmp`,
      live: `.nas-nasconsole-0.1.0-20261130120000.tar.${process.ppid}-0123456789ab.tmp`,
      earlier: '.snapshot-0123456789ab.db',
      other: 'keep-me.txt',
    };
    for (const name of Object.values(names)) writeFileSync(join(dir, name), 'secret');
    expect(sweepLeftovers(dir).sort()).toEqual([names.dead, names.earlier].sort());
    expect(readdirSync(dir).sort()).toEqual([names.live, names.other].sort());
  });

  it('removes the temporary rclone configs of dead processes of ours', () => {
    const dir = tempDir();
    const dead = join(dir, `nasconsole-verify-${deadPid()}-AbC123`);
    const live = join(dir, `nasconsole-push-${process.ppid}-XyZ789`);
    for (const path of [dead, live]) {
      mkdirSync(path);
      writeFileSync(join(path, 'rclone.conf'), '[remote]\npass = obscured\n');
    }
    expect(sweepRcloneTempDirs(dir)).toEqual([`nasconsole-verify-${dead.split('-').at(-2)}-AbC123`]);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});
