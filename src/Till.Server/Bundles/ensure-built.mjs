// Builds one of Till.Server's browser bundles (the GraphiQL explorer, the cash office app) when its
// dist/ is missing or older than its sources: `npm ci` (only when node_modules is missing or older
// than package-lock.json), then `npm run build`.
//
// Usage: node ensure-built.mjs <folder> [name]
//   folder  the bundle's folder (package.json, package-lock.json, build.mjs, src/), relative to
//           the current directory
//   name    what the messages call it (default: the folder)
//
// The Till.Server build runs this for each bundle; several builds of Till.Server may run at once
// (a solution build, a test run), so a lock directory makes them take turns instead of racing
// inside node_modules. Uses nothing but Node.js itself, so it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

if (!process.argv[2]) {
    console.error('usage: node ensure-built.mjs <folder> [name]');
    process.exit(2);
}
const here = resolve(process.argv[2]);
const name = process.argv[3] ?? process.argv[2];
const script = fileURLToPath(import.meta.url);
const lock = join(here, '.build-lock');
const stamp = join(here, 'dist', '.stamp');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function mtime(path) {
    try {
        return statSync(path).mtimeMs;
    } catch {
        return -1;
    }
}

function newestInput() {
    const files = ['package.json', 'package-lock.json', 'build.mjs']
        .map((f) => join(here, f))
        .concat([script])
        .concat(readdirSync(join(here, 'src'), { recursive: true }).map((f) => join(here, 'src', f)));
    return Math.max(...files.map(mtime));
}

function run(args) {
    const result = spawnSync(npm, args, { cwd: here, stdio: 'inherit', shell: process.platform === 'win32' });
    return result.status ?? 1;
}

async function acquire() {
    const deadline = Date.now() + 10 * 60 * 1000;
    for (;;) {
        try {
            mkdirSync(lock);
            return;
        } catch (error) {
            if (error.code !== 'EEXIST') {
                throw error;
            }
            // A lock older than ten minutes was left by a build that died.
            if (Date.now() - mtime(lock) > 10 * 60 * 1000) {
                rmSync(lock, { recursive: true, force: true });
                continue;
            }
            if (Date.now() > deadline) {
                throw new Error(`timed out waiting for ${lock}`);
            }
            await new Promise((resolve) => setTimeout(resolve, 500));
        }
    }
}

await acquire();
let status = 0;
try {
    if (mtime(stamp) >= newestInput()) {
        console.log(`${name} is up to date.`);
    } else {
        if (mtime(join(here, 'node_modules', '.package-lock.json')) < mtime(join(here, 'package-lock.json'))) {
            // npm ci now and then trips over its own extraction (ENOENT in node_modules): try twice.
            status = run(['ci', '--no-audit', '--no-fund']);
            if (status !== 0) {
                status = run(['ci', '--no-audit', '--no-fund']);
            }
        }
        if (status === 0) {
            status = run(['run', 'build']);
        }
    }
} finally {
    rmSync(lock, { recursive: true, force: true });
}
process.exit(status);
