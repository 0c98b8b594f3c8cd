import { UserError } from '../common/errors.js';
import { azureBlob } from './definitions/azureBlob.js';
import { b2 } from './definitions/b2.js';
import { box } from './definitions/box.js';
import { dropbox } from './definitions/dropbox.js';
import { ftp } from './definitions/ftp.js';
import { googleCloudStorage } from './definitions/googleCloudStorage.js';
import { googleDrive } from './definitions/googleDrive.js';
import { googlePhotos } from './definitions/googlePhotos.js';
import { http } from './definitions/http.js';
import { hubic } from './definitions/hubic.js';
import { mega } from './definitions/mega.js';
import { oneDrive } from './definitions/oneDrive.js';
import { openstackSwift } from './definitions/openstackSwift.js';
import { pcloud } from './definitions/pcloud.js';
import { s3 } from './definitions/s3.js';
import { sftp } from './definitions/sftp.js';
import { storjIx } from './definitions/storjIx.js';
import { webdav } from './definitions/webdav.js';
import { yandex } from './definitions/yandex.js';
import { authorizeInstructions, type AuthorizeInstructions } from './oauth.js';
import { tableOf, type ProviderTableEntry } from './table.js';
import { isSecretField, type Attributes, type ProviderDefinition, type ValidationResult } from './types.js';
import { validateWith } from './validation.js';

export type * from './types.js';
export { fieldsByKey, isSecretField } from './types.js';
export { validateNormalized } from './validation.js';
export { fillDefaults, normalizeAttributes, withDefaults } from './normalize.js';
export { EXTRA_RCLONE_OPTIONS } from './extraRcloneOptions.js';
export { extractTokenJson, type AuthorizeInstructions } from './oauth.js';
export type { ProviderTableEntry } from './table.js';

/** In the order the seed lists them (and the forms offer them); Storj, which current TrueNAS adds, where TrueNAS lists it. */
export const providers: readonly ProviderDefinition[] = [
  s3, b2, box, dropbox, ftp, googleCloudStorage, googleDrive, googlePhotos, http,
  hubic, mega, azureBlob, oneDrive, openstackSwift, pcloud, sftp, storjIx, webdav, yandex,
];

const byId = new Map(providers.map((provider) => [provider.id, provider]));

export function findProvider(id: string): ProviderDefinition {
  const provider = byId.get(id);
  if (!provider) throw new UserError(`Unknown provider "${id}": use one of ${providers.map((p) => p.id).join(', ')}.`, 2);
  return provider;
}

/** Unknown providers and keys are secret: the safe default for what to mask and encrypt. */
export function isSecretAttribute(providerId: string, key: string): boolean {
  const field = byId.get(providerId)?.fields.find((candidate) => candidate.key === key);
  return field ? isSecretField(field) : true;
}

export function validateAttributes(providerId: string, attributes: Attributes): ValidationResult {
  return validateWith(findProvider(providerId), attributes);
}

/** The `rclone authorize` command for "Login to Provider"; see oauth.ts for the client secret. */
export function authorizeCommand(providerId: string, client: { clientId?: string; clientSecret?: string } = {}): AuthorizeInstructions {
  return authorizeInstructions(findProvider(providerId), client);
}

/** The declarative table as plain JSON (`nasconsole cloud providers --json`; tests read it). */
export function providerTable(): ProviderTableEntry[] {
  return tableOf(providers);
}
