import { basename, resolve } from 'node:path';
import { useCallback, useState } from 'react';
import { PassphraseRequiredError, readUploadFile } from '../../engine/archive/readArchive.js';
import { saveConfiguration, type SavedArchive } from '../../engine/archive/save.js';
import { uploadConfiguration, type UploadResult } from '../../engine/archive/upload.js';
import { errorMessage } from '../../common/errors.js';
import type { AppServices } from '../services.js';
import { useScreenStatus } from '../types.js';

export interface SaveRequest {
  path: string;
  secretSeed: boolean;
  poolKeys: boolean;
  passphrase: string;
  /** Remember the directory as the USB stick's path. */
  rememberAsUsb: boolean;
}

export interface UploadRequest {
  path: string;
  passphrase: string;
  discardSecrets: boolean;
}

export type UploadOutcome = { ok: true; result: UploadResult } | { ok: false; needsPassphrase: boolean; message: string };

/** The General screen's long operations: engine calls with a spinner, an answer on the status line. */
export function useGeneralActions(services: AppServices) {
  const status = useScreenStatus();
  const [busy, setBusy] = useState(false);

  const save = useCallback(
    async (request: SaveRequest): Promise<SavedArchive | undefined> => {
      setBusy(true);
      status.busy('Saving the configuration…');
      try {
        const saved = await saveConfiguration(services.store(), resolve(request.path), {
          secretSeed: request.secretSeed,
          poolKeys: request.poolKeys,
          passphrase: request.passphrase || undefined,
        });
        if (request.rememberAsUsb) {
          services.preferences.set('lastUsbPath', resolve(request.path));
          // A passphrase is never remembered, so a protected save cannot be repeated with one key.
          services.preferences.set('usbOptions', request.passphrase ? undefined : { secretSeed: request.secretSeed, poolKeys: request.poolKeys });
        }
        const included = [request.secretSeed ? 'with the seed' : 'without the seed', request.poolKeys ? 'with pool keys' : 'without pool keys'];
        status.success(`Saved ${saved.path} (${included.join(', ')}${request.passphrase ? ', passphrase-protected' : ''})`);
        return saved;
      } catch (error) {
        status.error(errorMessage(error));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [services, status],
  );

  const upload = useCallback(
    async (request: UploadRequest): Promise<UploadOutcome> => {
      setBusy(true);
      status.busy('Checking and uploading the configuration…');
      try {
        const bytes = await readUploadFile(resolve(request.path));
        const result = await uploadConfiguration(services.store(), services.paths, bytes, {
          passphrase: request.passphrase || undefined,
          discardSecrets: request.discardSecrets,
          policy: services.secretPolicy,
          source: basename(request.path),
        });
        services.storeChanged({ replaced: true });
        status.success(`Uploaded ${request.path}; the previous configuration is in ${result.backup.name}`);
        return { ok: true, result };
      } catch (error) {
        status.error(errorMessage(error));
        return { ok: false, needsPassphrase: error instanceof PassphraseRequiredError, message: errorMessage(error) };
      } finally {
        setBusy(false);
      }
    },
    [services, status],
  );

  return { busy, save, upload };
}
