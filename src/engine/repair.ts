import type { Store } from './store/index.js';

/** A stored secret that does not decrypt although the seed is the right one. */
export interface DamagedSecret {
  kind: 'cloud credential' | 'keychain credential' | 'pool key';
  name: string;
}

/**
 * Every damaged value in the store. A value can be damaged by the disk or altered on purpose;
 * either way the authenticated format refuses it, and errors name its record: this lists them.
 */
export function damagedSecrets(store: Store): DamagedSecret[] {
  return [
    ...store.cloudCredentials.damaged().map((name) => ({ kind: 'cloud credential' as const, name })),
    ...store.keychain.damaged().map((name) => ({ kind: 'keychain credential' as const, name })),
    ...store.poolKeys.damaged().map((dataset) => ({ kind: 'pool key' as const, name: dataset })),
  ];
}

/** Keeps each damaged record without its secrets (its public attributes stay) and deletes damaged pool keys. */
export function dropDamagedSecrets(store: Store): DamagedSecret[] {
  return store.write(() => [
    ...store.cloudCredentials.dropDamagedSecrets().map((name) => ({ kind: 'cloud credential' as const, name })),
    ...store.keychain.dropDamagedSecrets().map((name) => ({ kind: 'keychain credential' as const, name })),
    ...store.poolKeys.dropDamaged().map((dataset) => ({ kind: 'pool key' as const, name: dataset })),
  ]);
}
