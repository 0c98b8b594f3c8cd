import React, { useCallback, useState } from 'react';
import { Box, useApp } from 'ink';
import { ConfirmDialog } from '../widgets/ConfirmDialog.js';
import { Footer } from '../widgets/Footer.js';
import { HelpOverlay, helpOverlayKeyHints } from '../widgets/HelpOverlay.js';
import type { KeyHint } from '../widgets/bindings.js';
import type { KeyPress } from '../widgets/keyParser.js';
import { StatusLine, statusRows } from '../widgets/StatusLine.js';
import { TabBar } from '../widgets/TabBar.js';
import type { Theme } from '../widgets/theme.js';
import { useKeys } from '../widgets/use-keys.js';
import { useTerminalSize } from '../widgets/use-terminal-size.js';
import { WidgetProviders } from '../widgets/WidgetProviders.js';
import { screens as registeredScreens } from './registry.js';
import { ScreenHostProvider, type AppServices, type ScreenChrome, type ScreenDefinition } from './screenContract.js';

export interface AppProps {
  readonly services: unknown;
  readonly theme: Theme;
  readonly screens?: readonly ScreenDefinition[];
  readonly escapeDelayMs?: number;
  /** Called instead of unmounting Ink when the user quits (tests). */
  readonly onQuit?: () => void;
}

type Overlay = 'none' | 'help' | 'quit';
const CHROME_ROWS = 2; // tab bar and footer; the status line takes 1-3 rows more
const EMPTY: ScreenChrome = { hints: [], dirty: false };

/**
 * The shell's keys. F1 (help) and F2-F5 (screens) cannot be text, so they work everywhere,
 * in a form's text field too; `?`, `q` and the digits only where a key is not text.
 */
function shellHints(count: number, inForm: boolean): { pinned: KeyHint[]; all: KeyHint[] } {
  const screensKeys = count > 1 ? `F2-F${count + 1}` : 'F2';
  const pinned = [{ keys: 'F1', label: 'help' }, inForm ? { keys: screensKeys, label: 'screens' } : { keys: 'q', label: 'quit' }];
  return {
    pinned,
    all: [
      { keys: 'F1 / ?', label: 'help (? where it is not text)' },
      { keys: `${screensKeys} / 1-${count}`, label: 'switch screen (digits where they are not text; a form keeps what was typed)' },
      { keys: 'q', label: 'quit (where it is not text)' },
      { keys: 'Ctrl-C', label: 'quit (asks when there are unsaved changes)' },
      { keys: 'Tab/Shift-Tab, arrows', label: 'move' },
      { keys: 'Esc', label: 'back; a changed form asks before discarding' },
    ],
  };
}

/** F2 is the first screen: F1 is help. */
const FIRST_SCREEN_FKEY = 2;

function Shell({ services, screens, onQuit }: { services: AppServices; screens: readonly ScreenDefinition[]; onQuit: () => void }) {
  const { columns, rows } = useTerminalSize();
  const [activeId, setActiveId] = useState(screens[0]?.id ?? '');
  const [overlay, setOverlay] = useState<Overlay>('none');
  const [chrome, setChrome] = useState<Record<string, ScreenChrome>>({});
  const reporters = useState(() => new Map<string, (patch: Partial<ScreenChrome>) => void>())[0];
  const reporter = (id: string) => {
    if (!reporters.has(id)) reporters.set(id, (patch) => setChrome((all) => ({ ...all, [id]: { ...EMPTY, ...all[id], ...patch } })));
    return reporters.get(id)!;
  };

  const active = screens.find((screen) => screen.id === activeId) ?? screens[0];
  const current = (active && chrome[active.id]) || EMPTY;
  const dirtyScreen = screens.find((screen) => chrome[screen.id]?.dirty);
  const quit = useCallback((force: boolean) => (force || !dirtyScreen ? onQuit() : setOverlay('quit')), [dirtyScreen, onQuit]);

  useKeys((key: KeyPress) => {
    if (key.name === 'char' && key.ctrl && key.text === 'c') return quit(overlay === 'quit');
    if (overlay === 'quit') return; // the quit question reads its own keys
    const fkey = /^f(\d+)$/.exec(key.name);
    if (key.name === 'f1') return setOverlay(overlay === 'help' ? 'none' : 'help');
    const fkeyScreen = fkey ? screens[Number(fkey[1]) - FIRST_SCREEN_FKEY] : undefined;
    if (fkeyScreen) {
      setOverlay('none');
      return setActiveId(fkeyScreen.id);
    }
    if (overlay !== 'none') return; // the help overlay reads its own keys
    const digit = !key.captured && key.name === 'char' && !key.ctrl && !key.meta && /^[1-9]$/.test(key.text) ? key.text : undefined;
    const target = digit ? screens[Number(digit) - 1] : undefined;
    if (target) setActiveId(target.id);
    else if (key.captured || key.name !== 'char' || key.ctrl || key.meta) return;
    else if (key.text === '?') setOverlay('help');
    else if (key.text === 'q') quit(false);
  });

  // One row short of the terminal: Ink 6 clears the whole screen for a frame as tall as the
  // terminal, and a write to the last row may scroll it.
  const height = Math.max(4, rows - 1);
  const content = { columns, rows: height - CHROME_ROWS - statusRows(current.status, columns) };
  const hints = shellHints(screens.length, current.form === true);
  return (
    <Box flexDirection="column" width={columns} height={height}>
      <TabBar tabs={screens.map((screen, index) => ({ id: screen.id, title: screen.title, key: String(index + 1) }))} activeId={active?.id ?? ''} width={columns} />
      <Box flexDirection="column" height={content.rows} overflow="hidden">
        {screens.map((screen) => (
          <Box key={screen.id} display={screen === active && overlay === 'none' ? 'flex' : 'none'} height={content.rows} flexDirection="column">
            <ScreenHostProvider active={screen === active && overlay === 'none'} report={reporter(screen.id)}>
              <screen.component services={services} active={screen === active && overlay === 'none'} size={content} />
            </ScreenHostProvider>
          </Box>
        ))}
        {overlay === 'help' ? (
          <HelpOverlay
            title={`Keys of ${active?.title ?? 'this screen'}`}
            sections={[{ title: active?.title ?? 'Screen', hints: current.hints }, { title: 'Everywhere', hints: hints.all }]}
            message={current.status && current.status.kind !== 'busy' ? current.status.text : undefined}
            width={columns}
            height={content.rows}
            onClose={() => setOverlay('none')}
          />
        ) : null}
        {overlay === 'quit' ? (
          <ConfirmDialog
            title="Unsaved changes"
            message={`${dirtyScreen?.title ?? 'A screen'} has changes that are not saved. Quit anyway?`}
            yesLabel="Quit"
            noLabel="Stay"
            width={Math.min(columns, 70)}
            onAnswer={(yes) => (yes ? onQuit() : setOverlay('none'))}
          />
        ) : null}
      </Box>
      <StatusLine status={current.status} width={columns} whole="F1 shows all of it" />
      <Footer hints={overlay === 'help' ? helpOverlayKeyHints : overlay === 'quit' ? [] : current.hints} pinned={overlay === 'none' ? hints.pinned : []} width={columns} />
    </Box>
  );
}

function ExitOnQuit(props: { services: AppServices; screens: readonly ScreenDefinition[] }) {
  const { exit } = useApp();
  return <Shell {...props} onQuit={() => exit()} />;
}

/** The console: a tab per screen, a status line, a footer of keys; see types.ts for screens. */
export function App({ services, theme, screens = registeredScreens, escapeDelayMs, onQuit }: AppProps) {
  const shared = { services: services as AppServices, screens };
  return (
    <WidgetProviders theme={theme} {...(escapeDelayMs === undefined ? {} : { escapeDelayMs })}>
      {onQuit ? <Shell {...shared} onQuit={onQuit} /> : <ExitOnQuit {...shared} />}
    </WidgetProviders>
  );
}
