/**
 * Builds the Teams tab into dist/tab: one esbuild bundle (app.js) and an index.html
 * with no inline script or handler, because the server serves the tab under a strict
 * `script-src 'self'` Content-Security-Policy. Type-checking is separate
 * (`npx tsc -p tsconfig.tab.json`) to keep this step fast.
 */
import { build } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'tab');

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light dark">
    <title>Commons</title>
    <script src="app.js" defer></script>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

async function buildTab() {
  const started = Date.now();
  await mkdir(outDir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/tab/main.tsx'],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    minify: true,
    sourcemap: true,
    target: 'es2020',
    format: 'iife',
    platform: 'browser',
    jsx: 'automatic',
    loader: { '.json': 'json' },
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  await writeFile(join(outDir, 'index.html'), INDEX_HTML);

  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  console.log(`tab built in ${Date.now() - started} ms → ${relative(root, outDir)} (${Math.round(bytes / 1024)} KiB with maps)`);
}

buildTab().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
