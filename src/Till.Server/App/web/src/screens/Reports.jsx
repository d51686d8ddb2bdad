import { lazy, Suspense, useEffect, useState } from 'react';
import { Banner, BlockStack, Button, ButtonGroup, Card, DataTable, InlineGrid, InlineStack, Layout, Page, Select, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { ApiError, graphql } from '../api.js';
import { amount, label, today } from '../lib.js';

// Polaris Viz is loaded with the first chart, so the app's first load stays small.
const DiscrepancyChart = lazy(() => import('./DiscrepancyChart.jsx'));

const LOCATIONS = `query Locations { locations(first: 50) { nodes { id name } } }`;

const HISTORY = `query Discrepancies($query: String!) {
  cashTrackingSessions(first: 100, query: $query, sortKey: CLOSING_TIME_DESC) {
    nodes { closingTime location { name } closingStaffMember { firstName lastName } totalDiscrepancy { amount } }
  }
}`;

export const reportUrl = (format, location, date) => `/admin/api/till/reports/z-report.${format}?locationId=${encodeURIComponent(location)}&date=${date}`;

/** The Z report of a location and day (on screen, printable, as PDF and CSV) and a chart of discrepancies over time. */
export function Reports() {
    const [locations, setLocations] = useState(null);
    const [location, setLocation] = useState('');
    const [date, setDate] = useState(new URLSearchParams(window.location.search).get('date') ?? today());
    const [report, setReport] = useState(null);
    const [history, setHistory] = useState(null);
    const [error, setError] = useState(null);

    useEffect(() => {
        graphql(LOCATIONS).then((d) => {
            setLocations(d.locations.nodes);
            setLocation((l) => l || d.locations.nodes[0]?.id || '');
        }, setError);
    }, []);
    useEffect(() => {
        if (!location || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
        setReport(null);
        setError(null);
        fetch(reportUrl('json', location, date), { headers: { 'X-Till-App': '1' }, credentials: 'same-origin' })
            .then(async (r) => (r.ok ? r.json() : Promise.reject(new ApiError(r.status, 'HTTP', (await r.json()).errors?.[0]?.message ?? r.statusText))))
            .then(setReport, setError);
        const from = new Date(Date.parse(date) - 13 * 86400000).toISOString().slice(0, 10);
        graphql(HISTORY, { query: `till_over_short:true closing_time:>=${from} closing_time:<=${date}` }).then((d) => setHistory(d.cashTrackingSessions.nodes), () => setHistory([]));
    }, [location, date]);

    const c = report?.currencyCode;
    const t = report?.totals;
    return (
        <Page title="Z report" subtitle={report ? `${report.location.name} · ${report.date} (${report.timeZone})` : undefined}
            secondaryActions={report ? [{ content: 'Print', onAction: () => window.print() }] : []}>
            <BlockStack gap="400">
                <div className="till-no-print">
                    <Card>
                        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
                            <Select label="Location" options={(locations ?? []).map((l) => ({ label: l.name, value: l.id }))} value={location} onChange={setLocation} />
                            <TextField label="Day" type="date" value={date} onChange={setDate} autoComplete="off" helpText="In the shop's time zone" />
                            <InlineStack blockAlign="end">
                                <ButtonGroup>
                                    <Button url={location ? reportUrl('pdf', location, date) : undefined} download disabled={!report} accessibilityLabel="Download the Z report as PDF">Download PDF</Button>
                                    <Button url={location ? reportUrl('csv', location, date) : undefined} download disabled={!report} accessibilityLabel="Download the Z report as CSV">Download CSV</Button>
                                </ButtonGroup>
                            </InlineStack>
                        </InlineGrid>
                    </Card>
                </div>
                {error && <Banner tone="critical" title="Could not load the report"><p role="alert">{error.message}</p></Banner>}
                {!report && !error && <Card><SkeletonBodyText lines={8} /></Card>}
                {report && (
                    <Layout>
                        <Layout.Section variant="oneThird">
                            <Card>
                                <BlockStack gap="200">
                                    <Text as="h2" variant="headingMd">Summary</Text>
                                    {[
                                        ['Sessions closed', report.sessions.length],
                                        ['Opening floats', amount(t.openingFloat, c)],
                                        ['Cash sales', amount(t.cashSales, c)],
                                        ['Refunds', amount(t.refunds, c)],
                                        ['Pay-ins', amount(t.payIns, c)],
                                        ['Pay-outs', amount(t.payOuts, c)],
                                        ['Expected at close', amount(t.expected, c)],
                                        ['Counted at close', amount(t.counted, c)],
                                        ['Discrepancy', amount(t.discrepancy, c)],
                                        ['Awaiting approval', report.sessionsAwaitingApproval],
                                    ].map(([k, v]) => (
                                        <InlineStack key={k} align="space-between"><Text as="span" tone="subdued">{k}</Text><Text as="span" id={`z-${k.toLowerCase().replaceAll(' ', '-')}`}>{v}</Text></InlineStack>
                                    ))}
                                </BlockStack>
                            </Card>
                        </Layout.Section>
                        <Layout.Section>
                            <BlockStack gap="400">
                                <Card padding="0">
                                    <DataTable columnContentTypes={['text', 'text', 'numeric', 'numeric']} headings={['Movement', 'Reason code', 'Count', 'Total']}
                                        rows={report.movements.map((m) => [m.direction === 'PAY_IN' ? 'Pay-in' : 'Pay-out', label(m.reasonCode) ?? '(none)', m.count, amount(m.total, c)])} />
                                </Card>
                                <Card padding="0">
                                    <DataTable columnContentTypes={['text', 'numeric', 'numeric', 'numeric', 'numeric', 'numeric']} headings={['Staff member', 'Sessions', 'Cash sales', 'Expected', 'Counted', 'Discrepancy']}
                                        rows={report.staff.map((s) => [s.name, s.sessions, amount(s.figures.cashSales, c), amount(s.figures.expected, c), amount(s.figures.counted, c), amount(s.figures.discrepancy, c)])} />
                                </Card>
                                <Card padding="0">
                                    <DataTable columnContentTypes={['text', 'text', 'numeric', 'numeric', 'numeric', 'numeric', 'numeric']} headings={['Device', 'Closed by', 'Float', 'Cash sales', 'Pay-outs', 'Counted', 'Discrepancy']}
                                        rows={report.sessions.map((s) => [s.device, s.closedBy, amount(s.figures.openingFloat, c), amount(s.figures.cashSales, c), amount(s.figures.payOuts, c), amount(s.figures.counted, c), amount(s.figures.discrepancy, c)])} />
                                </Card>
                                <Card>
                                    <BlockStack gap="200">
                                        <Text as="h2" variant="headingMd">Drawer ledger heads</Text>
                                        <Text as="p" tone="subdued">The head of each drawer’s ledger chain as this report was made. Keep it with the printed report: a later check of the drawer’s ledger must still reach it.</Text>
                                        {report.drawers.length === 0 ? <Text as="p" tone="subdued">No drawers at this location.</Text> : report.drawers.map((d) => (
                                            <BlockStack key={d.id} gap="050">
                                                <InlineStack align="space-between"><Text as="span" fontWeight="semibold">{d.name}</Text><Text as="span" tone="subdued">{d.activityCount} activities</Text></InlineStack>
                                                <Text as="p" variant="bodySm" breakWord><code className="till-hash" aria-label={`Ledger head of ${d.name}`}>{d.ledgerHead ?? 'No activities yet'}</code></Text>
                                            </BlockStack>
                                        ))}
                                    </BlockStack>
                                </Card>
                            </BlockStack>
                        </Layout.Section>
                    </Layout>
                )}
                {history && (
                    <div className="till-no-print">
                        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
                            <Chart title="Discrepancies per location, last 14 days" series={series(history, (s) => s.location?.name ?? '—', date)} />
                            <Chart title="Discrepancies per staff member, last 14 days" series={series(history, (s) => `${s.closingStaffMember?.firstName ?? ''} ${s.closingStaffMember?.lastName ?? ''}`.trim() || '—', date)} />
                        </InlineGrid>
                    </div>
                )}
            </BlockStack>
        </Page>
    );
}

function Chart({ title, series }) {
    return (
        <Card>
            <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{title}</Text>
                {series.length === 0 ? <Text as="p" tone="subdued">No over or short closes in these days.</Text> : (
                    <div style={{ height: 240 }} role="img" aria-label={title}>
                        <Suspense fallback={<SkeletonBodyText lines={6} />}>
                            <DiscrepancyChart data={series} />
                        </Suspense>
                    </div>
                )}
            </BlockStack>
        </Card>
    );
}

/** One series per group: the sum of the discrepancies of each of the 14 days up to `last`. */
function series(sessions, groupOf, last) {
    const days = [];
    for (let i = 13; i >= 0; i--) days.push(new Date(Date.parse(last) - i * 86400000).toISOString().slice(0, 10));
    const groups = new Map();
    for (const s of sessions) {
        const day = s.closingTime?.slice(0, 10);
        const g = groupOf(s);
        if (!groups.has(g)) groups.set(g, new Map());
        const m = groups.get(g);
        m.set(day, (m.get(day) ?? 0) + Number(s.totalDiscrepancy?.amount ?? 0));
    }
    return [...groups].map(([name, m]) => ({ name, data: days.map((d) => ({ key: d.slice(5), value: Math.round((m.get(d) ?? 0) * 100) / 100 })) }));
}
