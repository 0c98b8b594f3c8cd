import type { GlobalOptions } from './context.js';

/** Placeholder until the console shell lands: the full-screen console. */
export async function startConsole(_options: GlobalOptions): Promise<number> {
  process.stderr.write('nasconsole: the console is not built yet\n');
  return 1;
}
