import type { GlobalOptions } from './context.js';

/**
 * The options of a plain `nasconsole` (open the console), or undefined when the arguments ask
 * for anything else: a subcommand, help, a version, a mistake. Read without commander so that
 * opening the console loads none of the scripted commands (time to the first frame is a
 * measured goal); whatever this does not recognise goes to commander, which says what is wrong.
 */
export function consoleOptionsFrom(args: readonly string[]): GlobalOptions | undefined {
  const options: GlobalOptions = {};
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--ascii') options.ascii = true;
    else if (arg === '--no-color') options.color = false;
    else if (arg.startsWith('--data-dir=') && options.dataDir === undefined && arg.length > '--data-dir='.length) options.dataDir = arg.slice('--data-dir='.length);
    else if (arg === '--data-dir' && options.dataDir === undefined && index + 1 < args.length && !args[index + 1]!.startsWith('-')) options.dataDir = args[++index]!;
    else return undefined;
  }
  return options;
}
