// graphql-codegen configuration: types for operations/*.ts from Till's 2026-04 schema.
// The schema is an introspection file, not a URL: scripts/test-clients writes schema/2026-04.json
// from the running server; docs/introspection/2026-04.json is the committed copy for offline use
// (TILL_SCHEMA=../../docs/introspection/2026-04.json npm run codegen).
import type { CodegenConfig } from '@graphql-codegen/cli';
import { ApiType, pluckConfig, preset } from '@shopify/api-codegen-preset';

const schema = process.env.TILL_SCHEMA ?? './schema/2026-04.json';

const config: CodegenConfig = {
    overwrite: true,
    schema,
    documents: ['./operations/**/*.ts'],
    // Finds the `#graphql` template strings.
    pluckConfig,
    // Plain .ts files (the preset's `declarations: false`), not .d.ts: tsc then checks them too
    // (skipLibCheck skips only .d.ts), and enumsAsConst needs real `const` objects.
    generates: {
        // The schema's types (as shopifyApiTypes() sets them up; enumsAsConst lets code write 'USD' for a CurrencyCode).
        './types/admin.types.ts': {
            plugins: ['typescript'],
            config: { defaultScalarType: 'string', scalars: { JSON: 'unknown' }, enumsAsConst: true },
        },
        // One type per operation, and the augmentation of @shopify/admin-api-client's
        // AdminQueries / AdminMutations that types client.request().
        './types/admin.generated.ts': {
            preset,
            presetConfig: { apiType: ApiType.Admin },
        },
    },
};

export default config;
