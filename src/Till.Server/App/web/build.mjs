// Bundles the cash office app into dist/: index.html, app.js and app.css (React, Polaris and the
// app's screens), each also gzip-compressed (*.gz, the files Till.Server embeds). No CDN:
// everything comes from node_modules.
// Run by `npm run build`; the Till.Server build runs it through ../../Bundles/ensure-built.mjs when dist/ is stale.
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

await build({
    entryPoints: { app: join(here, 'src/main.jsx') },
    outdir: out,
    bundle: true,
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
    target: ['es2022'],
    format: 'esm',
    // The chart screen's Polaris Viz comes in a chunk of its own, loaded when first shown.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.svg': 'dataurl' },
});

await copyFile(join(here, 'src/index.html'), join(out, 'index.html'));

// Till.Server embeds the gzip-compressed copies and serves them as they are.
for (const file of await readdir(out)) {
    if (!file.startsWith('.') && !file.endsWith('.gz')) {
        await writeFile(join(out, `${file}.gz`), gzipSync(await readFile(join(out, file)), { level: 9 }));
    }
}

await writeFile(join(out, '.stamp'), `${new Date().toISOString()}\n`);
console.log(`cash office app built into ${out}`);
