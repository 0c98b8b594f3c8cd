import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readArchive } from '../../src/engine/archive/readArchive.js';
import { CLI_PATH, runCli } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/tempDir.js';

const tempDir = useTempDirs();

/** Interrupted work, as a person or a power cut interrupts it: a signal at a random moment (fixed seed). */
interface Operation {
  name: string;
  args: (dir: string, usb: string, archive: string, step: number) => string[];
  input?: (step: number) => string;
  before?: (dir: string) => void;
}

const OPERATIONS: Operation[] = [
  { name: 'save', args: (dir, usb) => ['--data-dir', dir, 'config', 'save', '--to', usb, '--secret-seed', '--pool-keys'] },
  { name: 'upload', args: (dir, _usb, archive) => ['--data-dir', dir, 'config', 'upload', archive] },
  { name: 'add', args: (dir, _usb, _archive, step) => ['--data-dir', dir, 'cloud', 'add', `added-${step}`, '--provider', 'FTP', '--attributes-file', '-'], input: () => '{"host":"ftp.example.com","user":"u","pass":"p"}' },
  { name: 'edit', args: (dir) => ['--data-dir', dir, 'cloud', 'edit', 'box', '--attributes-file', '-'], input: (step) => JSON.stringify({ pass: `pass-${step}` }) },
  { name: 'pool keys', args: (dir) => ['--data-dir', dir, 'pool-keys', 'import', '-'], input: (step) => JSON.stringify({ [`tank/set${step}`]: 'ab'.repeat(32) }) },
  {
    name: 'scheduled backup',
    args: (dir) => ['--data-dir', dir, 'backup', 'scheduled'],
    before: (dir) => {
      for (const name of readdirSync(join(dir, 'backups'))) if (name.startsWith('scheduled-')) rmSync(join(dir, 'backups', name));
    },
  },
];

const KILLS_PER_OPERATION = 6;

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Starts the command and sends `signal` after `delayMs`; resolves when it is gone. */
function interrupt(args: string[], input: string | undefined, signal: NodeJS.Signals, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.end(input ?? '');
    const timer = setTimeout(() => child.kill(signal), delayMs);
    child.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Files in a data dir that are not the configuration's own: each could hold a secret. */
function strayFiles(dir: string): string[] {
  const own = new Set(['config.db', 'config.db-wal', 'config.db-shm', 'pwenc_secret', 'backups', 'logs']);
  const stray = readdirSync(dir).filter((name) => !own.has(name));
  const backups = readdirSync(join(dir, 'backups')).filter((name) => !/^(scheduled-\d{4}-\d{2}-\d{2}|pre-upload-\d{14})\.tar$/.test(name));
  return [...stray, ...backups.map((name) => `backups/${name}`)];
}

function names(dir: string): string[] {
  const db = new Database(join(dir, 'config.db'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return (db.prepare('SELECT name FROM cloud_credentials ORDER BY name').all() as { name: string }[]).map((row) => row.name);
  } finally {
    db.close();
  }
}

describe('interrupted work leaves nothing secret behind', () => {
  it(`survives SIGKILL and SIGTERM at ${KILLS_PER_OPERATION} random moments of each of save, upload, add, edit, pool-key import and the scheduled backup`, async () => {
    const random = prng(8);
    const source = tempDir();
    await runCli(['--data-dir', source, 'cloud', 'add', 'from-archive', '--provider', 'FTP', '--attributes-file', '-'], { input: '{"host":"a.example.com","user":"u","pass":"archived"}' });
    const archive = (await runCli(['--data-dir', source, 'config', 'save', '--to', tempDir(), '--secret-seed', '--json'])).json().path as string;

    const dir = tempDir();
    const usb = tempDir();
    await runCli(['--data-dir', dir, 'cloud', 'add', 'box', '--provider', 'FTP', '--attributes-file', '-'], { input: '{"host":"ftp.example.com","user":"u","pass":"p"}' });

    let step = 0;
    for (const operation of OPERATIONS) {
      for (let kill = 0; kill < KILLS_PER_OPERATION; kill++, step++) {
        operation.before?.(dir);
        const before = names(dir);
        const signal: NodeJS.Signals = kill % 2 === 0 ? 'SIGKILL' : 'SIGTERM';
        await interrupt(operation.args(dir, usb, archive, step), operation.input?.(step), signal, 30 + Math.floor(random() * 600));
        const context = `${operation.name}, ${signal}, step ${step}`;

        if (signal === 'SIGTERM') {
          // A signal that can be caught removes the temp file in flight at once.
          expect(readdirSync(usb).filter((name) => name.endsWith('.tmp')), context).toEqual([]);
          expect(strayFiles(dir).filter((name) => name.endsWith('.tmp')), context).toEqual([]);
        }
        // The next command: the store is whole, every secret reads, leftovers are gone.
        const repair = await runCli(['--data-dir', dir, 'config', 'repair', '--json']);
        expect(repair.stderr, context).toBe('');
        expect(repair.json(), context).toEqual({ dropped: false, damaged: [] });
        expect(strayFiles(dir), context).toEqual([]);
        const after = names(dir);
        if (operation.name === 'upload') expect([JSON.stringify(before), JSON.stringify(['from-archive'])], context).toContain(JSON.stringify(after));
        else expect(after.filter((name) => !before.includes(name)).length, context).toBeLessThanOrEqual(1);
        if (operation.name === 'upload' && after.includes('from-archive')) {
          // Put the machine's own configuration back for the next rounds.
          await runCli(['--data-dir', dir, 'cloud', 'add', 'box', '--provider', 'FTP', '--attributes-file', '-'], { input: '{"host":"ftp.example.com","user":"u","pass":"p"}' });
        }
      }
    }

    // The next save to the stick sweeps what killed saves left there; every archive with a final name is whole.
    expect((await runCli(['--data-dir', dir, 'config', 'save', '--to', usb])).code).toBe(0);
    expect(readdirSync(usb).filter((name) => name.startsWith('.'))).toEqual([]);
    for (const name of readdirSync(usb)) await readArchive(readFileSync(join(usb, name)));
  });
});
