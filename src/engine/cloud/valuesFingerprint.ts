import { createHmac, randomBytes } from 'node:crypto';
import type { Attributes } from '../../providers/index.js';

// Keyed per process: a fingerprint tells "the same values" within this process, and says
// nothing about a secret to anyone who sees it (it never leaves memory anyway).
const KEY = randomBytes(32);

/** The identity of a credential's values as they would be stored: the provider and its attributes. */
export function valuesFingerprint(provider: string, attributes: Attributes): string {
  const sorted = Object.keys(attributes).sort().map((key) => [key, attributes[key]]);
  return createHmac('sha256', KEY).update(JSON.stringify([provider, sorted])).digest('hex');
}
