// docs/introspection/<version>.json are committed for offline codegen: they must match what the
// running Till answers. After a schema change, rewrite them with
// `scripts/test-clients --update-introspection`.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { buildClientSchema, getIntrospectionQuery } from 'graphql';
import { provisionShop, rawGraphql } from '../lib/till.js';

// One schema file per served version (the schema tests in tests/Till.Server.Tests check that).
const VERSIONS = (await readdir(new URL('../../../src/Till.Server/GraphQL/Schema/', import.meta.url)))
    .filter((file) => file.endsWith('.graphql'))
    .map((file) => file.slice(0, -'.graphql'.length))
    .sort();
const committed = (version) => readFile(new URL(`../../../docs/introspection/${version}.json`, import.meta.url), 'utf8').then(JSON.parse);
const fieldsOf = (schema, type) => Object.keys(schema.getType(type).getFields());

describe('docs/introspection', () => {
    let shop;

    before(async () => {
        shop = await provisionShop({ name: 'Introspection check' });
    });

    for (const version of VERSIONS) {
        it(`${version}.json matches the live schema (else run scripts/test-clients --update-introspection)`, async () => {
            const { status, body } = await rawGraphql(shop.base, version, shop.token, getIntrospectionQuery());
            assert.equal(status, 200);
            assert.deepEqual(await committed(version), body.data);
        });
    }

    it('each file builds a schema with the version\'s additions', async () => {
        const schemas = Object.fromEntries(await Promise.all(VERSIONS.map(async (v) => [v, buildClientSchema(await committed(v))])));
        assert.ok(!fieldsOf(schemas['2026-04'], 'CashDrawer').includes('balance'));
        for (const v of ['2026-07', '2026-10', 'unstable']) {
            assert.ok(fieldsOf(schemas[v], 'CashDrawer').includes('balance'), `${v}: CashDrawer.balance`);
            assert.ok(fieldsOf(schemas[v], 'CashCountActivity').includes('reasonCode'), `${v}: CashCountActivity.reasonCode`);
        }
        for (const v of ['2026-04', '2026-07']) {
            assert.ok(!fieldsOf(schemas[v], 'PointOfSaleDevice').includes('fiscalDeviceIdentifier'), `${v}: no fiscalDeviceIdentifier`);
        }
        for (const v of ['2026-10', 'unstable']) {
            assert.ok(fieldsOf(schemas[v], 'PointOfSaleDevice').includes('fiscalDeviceIdentifier'), `${v}: fiscalDeviceIdentifier`);
        }
    });
});
