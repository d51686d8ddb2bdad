// Till's GraphiQL explorer: pick an Admin API version, paste an access token, explore.
// Bundled by build.mjs into dist/ and served by GraphiQLPage at /graphiql.
import { StrictMode, useCallback, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import './till.css';

const ASSET_BASE = '/graphiql';
const VERSIONS = ['2026-04', '2026-07', '2026-10', 'unstable'];
const VERSION_KEY = 'till.graphiql.version';
const TOKEN_KEY = 'till.graphiql.token';

// Monaco runs its language services in web workers; build.mjs bundles each one next to this file.
globalThis.MonacoEnvironment = {
    getWorker(_workerId, label) {
        const name = label === 'json' ? 'json.worker' : label === 'graphql' ? 'graphql.worker' : 'editor.worker';
        return new Worker(`${ASSET_BASE}/${name}.js`);
    },
};

const DEFAULT_QUERY = `# Till: Shopify's Admin API for cash management.
# Paste a token above, press Connect, then run.

query Drawers {
  cashDrawers(first: 10) {
    nodes {
      id
      name
      location { name }
      pointOfSaleDevices(first: 5) {
        nodes { id activePaymentSession { id status } }
      }
    }
  }
}
`;

function read(storage, key, fallback) {
    try {
        return storage.getItem(key) ?? fallback;
    } catch {
        return fallback;
    }
}

function write(storage, key, value) {
    try {
        storage.setItem(key, value);
    } catch {
        // Storage may be disabled; the choice then lasts for this page only.
    }
}

function makeFetcher(version, token) {
    return async (graphQLParams, opts) => {
        const response = await fetch(`/admin/api/${encodeURIComponent(version)}/graphql.json`, {
            method: 'POST',
            headers: {
                'Content-Type': 'application/json',
                Accept: 'application/json',
                'X-Shopify-Access-Token': token,
                ...(opts?.headers ?? {}),
            },
            body: JSON.stringify(graphQLParams),
        });
        const text = await response.text();
        try {
            return JSON.parse(text);
        } catch {
            return { errors: [{ message: `HTTP ${response.status}: ${text}` }] };
        }
    };
}

function App() {
    const initialVersion = read(localStorage, VERSION_KEY, VERSIONS[0]);
    const [version, setVersion] = useState(VERSIONS.includes(initialVersion) ? initialVersion : VERSIONS[0]);
    const [token, setToken] = useState(() => read(sessionStorage, TOKEN_KEY, ''));
    const [draft, setDraft] = useState(token);

    const fetcher = useMemo(() => makeFetcher(version, token), [version, token]);

    const onVersion = useCallback((event) => {
        setVersion(event.target.value);
        write(localStorage, VERSION_KEY, event.target.value);
    }, []);

    const onConnect = useCallback((event) => {
        event.preventDefault();
        const value = draft.trim();
        setToken(value);
        write(sessionStorage, TOKEN_KEY, value);
    }, [draft]);

    return (
        <div className="till-shell">
            <form className="till-bar" onSubmit={onConnect} aria-label="Connection">
                <strong className="till-title">Till GraphiQL</strong>
                <label>
                    Version{' '}
                    <select value={version} onChange={onVersion} data-testid="version">
                        {VERSIONS.map((v) => (
                            <option key={v} value={v}>{v}</option>
                        ))}
                    </select>
                </label>
                <label className="till-token">
                    Access token{' '}
                    <input
                        type="password"
                        value={draft}
                        placeholder="shpat_..."
                        autoComplete="off"
                        spellCheck={false}
                        onChange={(event) => setDraft(event.target.value)}
                        data-testid="token"
                    />
                </label>
                <button type="submit">Connect</button>
                <code className="till-endpoint">POST /admin/api/{version}/graphql.json</code>
                {!token && <span className="till-hint">Paste a token and press Connect to load the schema.</span>}
            </form>
            <div className="till-graphiql">
                {/* A new key re-mounts GraphiQL, so it introspects the schema of the chosen version again. */}
                {/* Without a token there is nothing to introspect: schema={null} stops GraphiQL from trying. */}
                <GraphiQL
                    key={`${version}|${token}`}
                    fetcher={fetcher}
                    defaultQuery={DEFAULT_QUERY}
                    isHeadersEditorEnabled={false}
                    {...(token ? {} : { schema: null })}
                />
            </div>
        </div>
    );
}

createRoot(document.getElementById('root')).render(
    <StrictMode>
        <App />
    </StrictMode>,
);
