export { BUSY_TIMEOUT_MS, Store, type StoreOptions } from './store.js';
export type { Attributes, RecordSummary, StoredRecord, DecryptedRecord, CheckResult } from './encryptedRecords.js';
export { secretPolicy, type SecretPolicy } from './secretPolicy.js';
export { validatePoolKeys, type PoolKey } from './poolKeyTable.js';
export { SCHEMA_VERSION } from './migrations.js';
