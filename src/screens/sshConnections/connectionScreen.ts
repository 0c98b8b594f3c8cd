import { useMemo } from 'react';
import type { ConnectionSummary } from '../../engine/keychain/connections.js';
import { listKeypairs, type KeypairSummary } from '../../engine/keychain/keypairs.js';
import type { FormValues } from '../../widgets/index.js';
import type { PanelProps, RecordScreenState } from '../kit/index.js';
import type { HostKeyMismatch } from './ConnectionPanels.js';

/** What the SSH Connections screen opens over its list. */
export type Panel =
  /**
   * The Add form. `id`: each opening is a new form; after a refusal that names a field, the
   * form opens again with what was typed (`initial`) and that field focused.
   */
  | { readonly kind: 'add'; readonly id?: number; readonly initial?: FormValues; readonly focus?: string }
  | { readonly kind: 'view'; readonly id: number }
  | { readonly kind: 'edit'; readonly id: number }
  | { readonly kind: 'mismatch'; readonly id: number; readonly name: string; readonly mismatch: HostKeyMismatch };
export type Screen = RecordScreenState<ConnectionSummary, Panel>;
export type PanelOf<K extends Panel['kind']> = PanelProps<Extract<Panel, { readonly kind: K }>, Screen>;

const NO_KEYPAIRS: KeypairSummary[] = [];

/** The keypairs a form offers, read again when the store changes. */
export function useKeypairs(screen: Screen): KeypairSummary[] {
  const { data } = screen;
  return useMemo(() => data.read(listKeypairs, NO_KEYPAIRS), [data]);
}
