import { build } from 'esbuild';

/**
 * One TypeScript entry (and what it imports) as one ESM file node runs by itself: a second
 * process, or a worker thread, which vitest's transforms do not reach. Write it inside the
 * project (.tmp/) so that its native addons resolve from the project's node_modules.
 */
export async function bundleForNode(entry: string, outfile: string, define: Record<string, string> = {}): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['better-sqlite3', 'ssh2', 'cpu-features'],
    define,
    banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);" },
    logLevel: 'error',
  });
}
