import { Command, CommanderError } from 'commander';
import { UserError } from '../common/errors.js';
import { APP_VERSION } from '../engine/version.js';
import { printable } from '../common/printable.js';
import { registerCommands } from './commands/index.js';
import { globalOptions } from './context.js';
import { withCliHint } from './refusalHints.js';

// The scripted commands (and a console asked for in a way consoleArguments.ts leaves to
// commander); src/cli/nasconsole.ts is the entry.
const program = new Command('nasconsole')
  .description('Keyboard-driven console for a NAS\'s backup credentials: configuration backups, cloud credentials, SSH connections and keypairs.\nRun without a command to open the full-screen console.')
  .version(APP_VERSION)
  .option('--data-dir <dir>', 'data directory (default: $NASCONSOLE_DATA_DIR, else ~/.local/share/nasconsole)')
  .option('--json', 'print results as JSON, for scripts')
  .option('--ascii', 'console: ASCII borders, markers and spinner only')
  .option('--no-color', 'console: no colours (also with NO_COLOR set)')
  .addHelpText(
    'after',
    `
Examples:
  nasconsole                                   open the console
  nasconsole config save --to /media/usb0 --secret-seed
  nasconsole --data-dir /tmp/nas config backups --json
  nasconsole <command> --help                  a command's options and examples

Exit codes: 0 success, 1 failure (one line on stderr), 2 bad usage.`,
  )
  .showSuggestionAfterError()
  .exitOverride()
  .action(async (_options: unknown, command: Command) => {
    const { startConsole } = await import('./startConsole.js');
    // The console leaves stdin and timers behind; its code is final.
    process.exit(await startConsole(globalOptions(command)));
  });

registerCommands(program);
// Scripted commands end on SIGINT/SIGTERM/SIGHUP through exit (so the handler above runs);
// the console has its own handlers that restore the terminal first.
program.hook('preAction', (_program, actionCommand) => {
  if (actionCommand !== program) exitOnSignals();
});
for (const command of allCommands(program)) command.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; usage mistakes were already printed by it.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof UserError) {
    process.stderr.write(`nasconsole: ${printable(withCliHint(error.message, error.reason))}\n`);
    return error.exitCode;
  }
  process.stderr.write(`nasconsole: unexpected error: ${printable(error instanceof Error ? error.message : String(error))}\n`);
  return 1;
}

function exitOnSignals(): void {
  const codes = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
  for (const [signal, code] of Object.entries(codes)) process.once(signal, () => process.exit(code));
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((child) => [child, ...allCommands(child)]);
}
