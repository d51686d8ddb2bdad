// Writes the introspection of one or more served versions to JSON files, using graphql's own
// getIntrospectionQuery() (the standard full query codegen and GraphiQL use).
//
//   node scripts/introspect.js --out <dir> [--name <pattern>] <version>...
//
// Needs TILL_URL and TILL_ADMIN_KEY: it provisions a throwaway shop and token on that Till.
// <pattern> names each file, "{version}.json" by default.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { provisionShop, rawGraphql, TILL_URL } from '../lib/till.js';

const args = process.argv.slice(2);
let out = '.';
let pattern = '{version}.json';
const versions = [];
for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') {
        out = args[++i];
    } else if (args[i] === '--name') {
        pattern = args[++i];
    } else {
        versions.push(args[i]);
    }
}
if (versions.length === 0) {
    console.error('usage: node scripts/introspect.js --out <dir> [--name <pattern>] <version>...');
    process.exit(2);
}

const shop = await provisionShop({ name: 'Introspection' });
await mkdir(resolve(out), { recursive: true });
for (const version of versions) {
    const { status, headers, body } = await rawGraphql(TILL_URL, version, shop.token, getIntrospectionQuery());
    if (status !== 200 || body.errors || !body.data?.__schema) {
        throw new Error(`introspection of ${version} failed: HTTP ${status} ${JSON.stringify(body).slice(0, 500)}`);
    }
    if (headers.get('x-shopify-api-version') !== version) {
        throw new Error(`asked for ${version}, Till answered as ${headers.get('x-shopify-api-version')}`);
    }
    const file = join(resolve(out), pattern.replace('{version}', version));
    // Only the data: { "__schema": ... } is what codegen, graphql's buildClientSchema and GraphiQL read.
    await writeFile(file, `${JSON.stringify(body.data, null, 2)}\n`);
    console.log(`introspection of ${version}: ${body.data.__schema.types.length} types -> ${file}`);
}
