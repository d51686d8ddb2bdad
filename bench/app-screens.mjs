// Times the GraphQL queries each cash office screen sends, against a running Till, and prints each
// query's requested cost (Shopify's limit is 1000) and its median and slowest wall time over the
// runs. The queries are read out of the screens' own sources (src/Till.Server/App/web/src), so
// what is timed is what the app sends. The Z report's JSON is timed too (the screen reads it).
//
// Usage: node bench/app-screens.mjs URL TOKEN [RUNS]
//   URL    a running Till, such as http://127.0.0.1:8080
//   TOKEN  an access token of a seeded shop (`till seed` prints one)
//   RUNS   timed runs per query after one warm-up (default 20)
// Needs Node.js 20 (fetch). See docs/benchmarks.md, "The cash office screens on a seeded history".
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [url, token, runsArg] = process.argv.slice(2);
if (!url || !token) {
    console.error('usage: node bench/app-screens.mjs URL TOKEN [RUNS]');
    process.exit(2);
}
const runs = Number(runsArg ?? 20);
const src = join(dirname(fileURLToPath(import.meta.url)), '../src/Till.Server/App/web/src');

/**
 * The top-level constants and plain functions of a source file, evaluated in order; those that
 * are not plain JavaScript (JSX, imports of React) are left out.
 */
function constants(file, scope = {}) {
    const text = readFileSync(join(src, file), 'utf8');
    const found = { ...scope };
    const declarations = /^(?:export )?(?:const (\w+) = ((?:\([^)]*\) => )?`[\s\S]*?`|[^\n]*);|function (\w+)\([^)]*\) \{\n[\s\S]*?\n\})$/gm;
    for (const m of text.matchAll(declarations)) {
        const [name, expression] = m[1] ? [m[1], m[2]] : [m[3], m[0].replace(/^export /, '')];
        try {
            found[name] = new Function(...Object.keys(found), `return (${expression});`)(...Object.values(found));
        } catch {
            // not plain JavaScript: not a query
        }
    }
    return found;
}

const lib = constants('lib.js');
const q = {
    drawers: constants('screens/Drawers.jsx', lib),
    count: constants('screens/Count.jsx', lib),
    movement: constants('screens/Movement.jsx', lib),
    sessions: constants('screens/Sessions.jsx', lib),
    session: constants('screens/Session.jsx', lib),
    approvals: constants('screens/Approvals.jsx', lib),
    reports: constants('screens/Reports.jsx', lib),
};

/** Runs a query; when throttled, waits for the bucket to refill and asks again (only the answered try is timed). */
async function graphql(query, variables = {}) {
    for (;;) {
        const started = performance.now();
        const response = await fetch(`${url}/admin/api/till/graphql.json`, {
            method: 'POST',
            headers: { 'X-Shopify-Access-Token': token, 'Content-Type': 'application/json' },
            body: JSON.stringify({ query, variables }),
        });
        const body = await response.json();
        const ms = performance.now() - started;
        if (body.errors?.[0]?.extensions?.code === 'THROTTLED') {
            await new Promise((resolve) => setTimeout(resolve, 1000));
            continue;
        }
        if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 400));
        body.ms = ms;
        return body;
    }
}

// What the screens are opened on: the seeded shop's first location, a staff member, a device,
// and the session with the largest shortfall (whose drawer has the longest history, like any).
const setup = (await graphql(`{
  locations(first: 1) { nodes { id } }
  staffMembers(first: 1) { nodes { id } }
  cashDrawers(first: 1) { nodes { id pointOfSaleDevices(first: 1) { nodes { id } } } }
  cashTrackingSessions(first: 1, sortKey: TOTAL_DISCREPANCY_ASC) { nodes { id closingTime } }
}`)).data;
const location = setup.locations.nodes[0].id;
const staff = setup.staffMembers.nodes[0].id;
const device = setup.cashDrawers.nodes[0].pointOfSaleDevices.nodes[0].id;
const drawer = (await graphql('query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { cashDrawer { id } } }', { id: `gid://shopify/PointOfSaleDevicePaymentSession/${setup.cashTrackingSessions.nodes[0].id.split('/').pop()}` })).data.pointOfSaleDevicePaymentSession.cashDrawer.id;
const sessionNo = setup.cashTrackingSessions.nodes[0].id.split('/').pop();
const session = `gid://shopify/PointOfSaleDevicePaymentSession/${sessionNo}`;
const day = setup.cashTrackingSessions.nodes[0].closingTime.slice(0, 10);
const from = new Date(Date.parse(day) - 13 * 86400000).toISOString().slice(0, 10);
const num = (id) => id.split('/').pop();
const filters = (f) => q.sessions.sessionQuery({ location: '', device: '', staff: '', status: '', from: '', to: '', overShort: false, awaiting: false, ...f });

const cases = [
    ['Drawers now', 'drawers (manager)', q.drawers.drawersQuery(true), {}],
    ['Count', 'device to open on', q.count.deviceQuery(true), { id: device, from: `${day}T00:00:00Z`, to: `${day}T23:59:59Z` }],
    ['Count', 'session to count', q.count.sessionQuery(true), { id: session }],
    ['Count', 'denominations', q.count.DENOMINATIONS, { currency: 'USD' }],
    ['Pay in / out', 'session', q.movement.SESSION, { id: session }],
    ['Sessions', 'filter choices', q.sessions.CHOICES, {}],
    ['Sessions', 'first page, newest', q.sessions.SESSIONS, { first: 25, query: filters({}), sortKey: 'OPENING_TIME_DESC' }],
    ['Sessions', 'most short first', q.sessions.SESSIONS, { first: 25, query: filters({}), sortKey: 'TOTAL_DISCREPANCY_ASC' }],
    ['Sessions', 'over/short only', q.sessions.SESSIONS, { first: 25, query: filters({ overShort: true }), sortKey: 'OPENING_TIME_DESC' }],
    ['Sessions', 'opened by one staff member', q.sessions.SESSIONS, { first: 25, query: filters({ staff: num(staff) }), sortKey: 'OPENING_TIME_DESC' }],
    ['Sessions', 'location and a month', q.sessions.SESSIONS, { first: 25, query: filters({ location: location, from: `${day.slice(0, 7)}-01`, to: day }), sortKey: 'OPENING_TIME_DESC' }],
    ['Sessions', 'awaiting approval', q.sessions.SESSIONS, { first: 25, query: filters({ awaiting: true }), sortKey: 'OPENING_TIME_DESC' }],
    ['Session', 'session and its timeline', q.session.SESSION, { id: session }],
    ['Session', "drawer's ledger check (after the page shows)", q.session.LEDGER, { id: drawer }],
    ['Approvals', 'awaiting', q.approvals.AWAITING, {}],
    ['Z report', 'locations', q.reports.LOCATIONS, {}],
    ['Z report', 'discrepancies, 14 days', q.reports.HISTORY, { query: `till_over_short:true closing_time:>=${from} closing_time:<=${day}` }],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${url}, ${runs} runs after a warm-up; session #${sessionNo}, day ${day}`);
console.log('| screen | query | requested cost | median ms | slowest ms |');
console.log('|---|---|---:|---:|---:|');
for (const [screen, name, query, variables] of cases) {
    const first = await graphql(query, variables);
    const cost = first.extensions?.cost?.requestedQueryCost ?? '?';
    const times = [];
    for (let i = 0; i < runs; i++) {
        times.push((await graphql(query, variables)).ms);
    }
    console.log(`| ${screen} | ${name} | ${cost} | ${median(times).toFixed(1)} | ${Math.max(...times).toFixed(1)} |`);
}

const reportUrl = `${url}/admin/api/till/reports/z-report.json?locationId=${encodeURIComponent(location)}&date=${day}`;
const times = [];
for (let i = 0; i <= runs; i++) {
    const t = performance.now();
    const r = await fetch(reportUrl, { headers: { 'X-Shopify-Access-Token': token } });
    if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
    await r.arrayBuffer();
    if (i > 0) times.push(performance.now() - t);
}
console.log(`| Z report | z-report.json of a location and day | (not GraphQL) | ${median(times).toFixed(1)} | ${Math.max(...times).toFixed(1)} |`);
