// Bundles the explorer into dist/: index.html, graphiql.js, graphiql.css, Monaco's three web
// workers and the fonts the CSS points at, each also gzip-compressed (*.gz, the files Till.Server
// embeds). No CDN: everything comes from node_modules.
// Run by `npm run build`; the Till.Server build runs it through ../Bundles/ensure-built.mjs when dist/ is stale.
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

const common = {
    bundle: true,
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
    target: ['es2022'],
    define: { 'process.env.NODE_ENV': '"production"' },
};

await build({
    ...common,
    entryPoints: { graphiql: join(here, 'src/main.jsx') },
    outdir: out,
    format: 'esm',
    jsx: 'automatic',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'dataurl' },
    assetNames: '[name]-[hash]',
    publicPath: '/graphiql',
});

await build({
    ...common,
    entryPoints: {
        'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
        'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
        'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
    },
    outdir: out,
    format: 'iife',
});

await copyFile(join(here, 'src/index.html'), join(out, 'index.html'));

// Till.Server embeds the gzip-compressed copies and serves them as they are.
for (const file of await readdir(out)) {
    if (!file.startsWith('.') && !file.endsWith('.gz')) {
        await writeFile(join(out, `${file}.gz`), gzipSync(await readFile(join(out, file)), { level: 9 }));
    }
}

await writeFile(join(out, '.stamp'), `${new Date().toISOString()}\n`);
console.log(`GraphiQL explorer built into ${out}`);
