import { formKeyHints, listKeyHints, type KeyHint } from '../../widgets/index.js';

export type CloudModeKind = 'list' | 'pick' | 'form' | 'view' | 'delete' | 'details';

export interface CloudKeyState {
  readonly busy: boolean;
  readonly cancellable: boolean;
  readonly verifyingAll: boolean;
  readonly hasFailure: boolean;
}

const details: KeyHint = { keys: 'i', label: 'details of the last failed verify' };

/** The keys of each mode of the Cloud Credentials screen, for the footer and the help overlay. */
export function cloudKeyHints(mode: CloudModeKind, state: CloudKeyState): KeyHint[] {
  if (state.busy) return state.cancellable ? [{ keys: 'Esc', label: 'cancel' }] : [];
  const verifyAll: KeyHint = { keys: 'V', label: state.verifyingAll ? 'stop verify all' : 'verify all' };
  switch (mode) {
    case 'list':
      return [
        { keys: 'a', label: 'add' },
        { keys: 'e', label: 'edit' },
        { keys: 'd', label: 'delete' },
        { keys: 'v', label: 'verify' },
        verifyAll,
        { keys: 'Enter', label: 'view' },
        { ...details, ...(state.hasFailure ? {} : { footer: false }) },
        ...listKeyHints,
      ];
    case 'view':
      return [
        { keys: 'Ctrl-R', label: 'reveal/hide secrets' },
        { keys: 'e', label: 'edit' },
        { keys: 'v', label: 'verify' },
        { keys: 'd', label: 'delete' },
        { keys: 'Esc', label: 'back' },
        verifyAll,
        { ...details, footer: false },
        { keys: 'Up/Down', label: 'scroll', footer: false },
      ];
    case 'form':
      // Short forms of the form's main keys for the footer; the help overlay lists all.
      return [
        { keys: 'Ctrl-T', label: 'verify' },
        { keys: 'Tab/S-Tab', label: 'move' },
        { keys: 'Ctrl-R', label: 'reveal' },
        { keys: 'Esc', label: 'cancel' },
        ...formKeyHints({ advanced: true, multiline: true }).filter((hint) => hint.keys !== 'Esc').map((hint) => ({ ...hint, footer: false })),
        { keys: 'Ctrl-D', label: 'details of the last failed verify', footer: false },
      ];
    case 'pick':
      return [{ keys: 'Enter', label: 'choose' }, { keys: 'Esc', label: 'back' }, ...listKeyHints];
    case 'details':
      return [{ keys: 'Esc/Enter', label: 'back' }, { keys: 'Up/Down', label: 'scroll' }];
    case 'delete':
      return [];
  }
}
