// A data dir holding many cloud credentials, filled through the engine in one transaction, in
// a child process: the figures measured afterwards are those of a process opening it, not of
// the one that wrote it.
import { spawnSync } from 'node:child_process';
import { appSecretPolicy } from '../../src/engine/appSecretPolicy.js';
import { openDataStore } from '../../src/engine/dataStore.js';

/** Valid by the rules of add and edit, so an upload of them is checked through, not refused. */
const KINDS = [
  { provider: 'S3', attributes: (i: number) => ({ access_key_id: `AKIA${String(i).padStart(12, '0')}`, secret_access_key: `secret/${String(i).padStart(6, '0')}+abcdefghijklmnopqrstuvwx` }) },
  { provider: 'FTP', attributes: (i: number) => ({ host: 'ftp.example.com', port: 21, user: 'nas', pass: `ftp-secret-${i}` }) },
] as const;

function fillCredentials(dir: string, count: number): void {
  const { store } = openDataStore(dir, appSecretPolicy);
  store.write(() => {
    for (let i = 0; i < count; i++) {
      const name = `credential-${String(i).padStart(6, '0')}`;
      const kind = KINDS[i % KINDS.length]!;
      const { id } = store.cloudCredentials.create(name, kind.provider, kind.attributes(i));
      if (i % 3 === 0) store.cloudCredentials.recordCheck(id, i % 2 === 0, i % 2 === 0 ? null : '530 Invalid username or password');
    }
  });
  store.close();
}

/** Call first in a bench that uses `fillInChild`: in the child, fills and exits. */
export function fillWhenAsked(): void {
  if (process.argv[2] !== '--fill-credentials') return;
  fillCredentials(process.argv[3]!, Number(process.argv[4]));
  process.exit(0);
}

/** Fills `dir` with `count` credentials in a child process running this bench. */
export function fillInChild(dir: string, count: number): void {
  const filled = spawnSync(process.execPath, [process.argv[1]!, '--fill-credentials', dir, String(count)], { stdio: 'inherit' });
  if (filled.status !== 0) throw new Error('filling the store failed');
}
