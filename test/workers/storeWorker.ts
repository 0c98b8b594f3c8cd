// A second (third...) process working on a store, as another shell or the daily backup would:
// bundled by test/helpers/storeWorkers.ts and run with node. One JSON line per operation on
// stdout: {"op":..., "ok":true|false, "name":..., "error":..., "at":<ms>}.
import { addCloudCredential, editCloudCredential, getCloudCredential } from '../../src/engine/cloud/index.js';
import { appSecretPolicy } from '../../src/cli/context.js';
import { openDataStore } from '../../src/engine/dataStore.js';
import { UserError } from '../../src/common/errors.js';

const [mode, dataDir, countText, label, field] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const count = Number(countText);
const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ ...line, at: Date.now() })}\n`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function attempt(op: string, name: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
    say({ op, ok: true, name });
  } catch (error) {
    say({ op, ok: false, name, error: String((error as Error).message), userError: error instanceof UserError });
  }
}

// One store for the whole run, kept open: what a console left open does.
const { store } = openDataStore(dataDir, appSecretPolicy);
if (mode === 'add') {
  for (let i = 0; i < count; i++) {
    const name = `${label}-${String(i).padStart(4, '0')}`;
    await attempt('add', name, () => addCloudCredential(store, { name, provider: 'FTP', attributes: { host: 'ftp.example.com', user: name, pass: `pass-${name}` } }));
    if (process.env.WORKER_PAUSE_MS) await pause(Number(process.env.WORKER_PAUSE_MS));
  }
} else if (mode === 'edit') {
  // Edits one field of the record `label`; after each edit, reports what the other fields hold.
  for (let i = 0; i < count; i++) {
    const value = `${field}-${String(i).padStart(4, '0')}`;
    await attempt('edit', value, () => editCloudCredential(store, label, { attributes: { [field!]: value } }));
    say({ op: 'seen', attributes: getCloudCredential(store, label).attributes });
  }
}
store.close();
