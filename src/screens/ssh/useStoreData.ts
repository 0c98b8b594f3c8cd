import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Store } from '../../engine/store/index.js';
import type { AppServices } from '../services.js';
import { userMessage } from './useTask.js';

/**
 * Data read from the live store, re-read when the store is replaced (a configuration upload),
 * when the screen becomes active (another screen may have changed it) and on `reload()`.
 */
export function useStoreData<T>(services: AppServices, active: boolean, load: (store: Store) => T, fallback: T): { data: T; error: string | null; reload: () => void } {
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((current) => current + 1), []);
  useEffect(() => services.onStoreReplaced(reload), [services, reload]);
  useEffect(() => {
    if (active) reload();
  }, [active, reload]);
  const result = useMemo(() => {
    try {
      return { data: load(services.store()), error: null };
    } catch (error) {
      return { data: fallback, error: userMessage(error) };
    }
  }, [version, services]); // eslint-disable-line react-hooks/exhaustive-deps
  return { ...result, reload };
}
