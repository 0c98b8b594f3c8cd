// Bundles the CLI into dist/ so the console starts from a few files instead of
// hundreds of node_modules reads (time to first frame is a measured goal).
import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// yoga-layout (Ink's layout engine) embeds its wasm as a data: URI and, when `fetch` exists,
// decodes it through fetch(), which makes Node load its whole HTTP client (undici): ~20 ms
// of the console's first frame. Told that there is no fetch, it decodes the base64 itself.
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(build) {
    build.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const patched = source.replaceAll('"function"!=typeof fetch', 'true');
      if (patched === source) throw new Error('yoga-layout changed: review the yoga-without-fetch build plugin');
      return { contents: patched, loader: 'js' };
    });
  },
};

// Ink and its helpers measure every string of every frame with string-width, whose first
// non-ASCII call compiles Unicode emoji regexes (a large part of the first frame). They get
// src/widgets/stringWidth.ts instead: string-width with a fast path for one-cell-per-character
// text (tested to agree with it), which itself imports the real string-width.
const fastStringWidth = {
  name: 'fast-string-width',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]/.test(args.importer)) return undefined;
      return { path: fileURLToPath(new URL('../src/widgets/stringWidth.ts', import.meta.url)) };
    });
  },
};

// string-width builds its RGI_Emoji regex when loaded: about 17 ms of every start, for a
// regex only emoji sequences need (see src/widgets/stringWidth.ts). Built on first use instead.
const lazyEmojiRegex = {
  name: 'lazy-emoji-regex',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const eager = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
      if (!source.includes(eager)) throw new Error('string-width changed: review the lazy-emoji-regex build plugin');
      const lazy = 'let rgiEmojiRegexBuilt; const rgiEmojiRegex = { test: (text) => (rgiEmojiRegexBuilt ??= new RegExp("^\\\\p{RGI_Emoji}$", "v")).test(text) };';
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

const options = {
  entryPoints: { nasconsole: 'src/cli/nasconsole.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true, // the TUI (ink, react) is a lazily imported chunk: scripted commands never load it
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // A smaller source parses and compiles faster (about 8% less CPU to the first frame);
  // names stay, so a crash log's stack still reads, and the source map maps it back.
  minifyWhitespace: true,
  minifySyntax: true,
  // Native addons and their loaders stay in node_modules.
  external: ['better-sqlite3', 'ssh2', 'cpu-features', 'react-devtools-core'],
  define: { 'process.env.NASCONSOLE_VERSION': JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
  banner: {
    // Some bundled dependencies are CommonJS and call require(); give the ESM bundle one.
    js: "#!/usr/bin/env node\nimport { createRequire as __nasconsoleCreateRequire } from 'node:module';\nconst require = __nasconsoleCreateRequire(import.meta.url);",
  },
  plugins: [yogaWithoutFetch, fastStringWidth, lazyEmojiRegex],
  logLevel: 'warning',
};
await build(options);
// The worker thread the console runs saves, uploads and backups in (src/engine/offThread): a
// bundle of its own, so the console's chunks (what its start loads) stay as they are.
await build({ ...options, entryPoints: { engineWorker: 'src/engine/offThread/engineWorker.ts' }, splitting: false, plugins: [] });
chmodSync(new URL('../dist/nasconsole.js', import.meta.url), 0o755);
