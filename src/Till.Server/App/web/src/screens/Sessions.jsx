import { useEffect, useState } from 'react';
import { Badge, Banner, BlockStack, Card, Checkbox, DataTable, InlineGrid, Link, Page, Pagination, Select, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { graphql } from '../api.js';
import { navigate } from '../router.js';
import { gid, money, num, staffName, when } from '../lib.js';

const SESSIONS = `query Sessions($first: Int, $after: String, $last: Int, $before: String, $query: String, $sortKey: CashTrackingSessionsSortKeys) {
  cashTrackingSessions(first: $first, after: $after, last: $last, before: $before, query: $query, sortKey: $sortKey) {
    nodes {
      id registerName openingTime closingTime
      openingStaffMember { id firstName lastName }
      location { id name }
      totalDiscrepancy { amount currencyCode }
    }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

const CHOICES = `query Choices {
  locations(first: 50) { nodes { id name } }
  staffMembers(first: 100) { nodes { id firstName lastName } }
}`;

const SORTS = [
    { label: 'Newest opened first', value: 'OPENING_TIME_DESC' },
    { label: 'Oldest opened first', value: 'OPENING_TIME_ASC' },
    { label: 'Latest closed first', value: 'CLOSING_TIME_DESC' },
    { label: 'Most short first', value: 'TOTAL_DISCREPANCY_ASC' },
    { label: 'Most over first', value: 'TOTAL_DISCREPANCY_DESC' },
];

/** The search text for the filters; dates are days of the shop's time zone. */
export function sessionQuery(f) {
    const terms = [];
    if (f.location) terms.push(`location_id:${num(f.location)}`);
    if (f.device.trim()) terms.push(`point_of_sale_device_ids:${num(f.device.trim())}`);
    if (f.staff) terms.push(`till_staff_member_id:${num(f.staff)}`);
    if (f.status) terms.push(`status:${f.status}`);
    if (f.from) terms.push(`opening_time:>=${f.from}`);
    if (f.to) terms.push(`opening_time:<=${f.to}`);
    if (f.overShort) terms.push('till_over_short:true');
    if (f.awaiting) terms.push('till_review_status:REQUIRED');
    return terms.join(' ');
}

/** Sessions: filters, sorting, and pages of 25 by cursor. */
export function Sessions() {
    const [filters, setFilters] = useState({ location: '', device: '', staff: '', status: '', from: '', to: '', overShort: false, awaiting: false });
    const [sortKey, setSortKey] = useState('OPENING_TIME_DESC');
    const [page, setPage] = useState({ first: 25 });
    const [choices, setChoices] = useState(null);
    const [data, setData] = useState(null);
    const [error, setError] = useState(null);
    const set = (name) => (value) => {
        setFilters({ ...filters, [name]: value });
        setPage({ first: 25 });
    };

    useEffect(() => {
        graphql(CHOICES).then(setChoices, setError);
    }, []);
    useEffect(() => {
        setData(null);
        graphql(SESSIONS, { ...page, query: sessionQuery(filters), sortKey }).then((d) => setData(d.cashTrackingSessions), setError);
    }, [filters, sortKey, page]);

    const rows = (data?.nodes ?? []).map((s) => [
        <Link key={s.id} onClick={() => navigate(`/sessions/${num(s.id)}`)} accessibilityLabel={`Session ${num(s.id)}`}>{`#${num(s.id)}`}</Link>,
        s.location?.name ?? '—',
        s.registerName,
        staffName(s.openingStaffMember),
        when(s.openingTime),
        s.closingTime ? when(s.closingTime) : <Badge tone="success">Open</Badge>,
        s.closingTime ? discrepancy(s.totalDiscrepancy) : '—',
    ]);

    return (
        <Page title="Sessions">
            <BlockStack gap="400">
                {error && <Banner tone="critical" title="Could not load the sessions"><p role="alert">{error.message}</p></Banner>}
                <Card>
                    <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="300">
                        <Select label="Location" options={[{ label: 'All locations', value: '' }, ...(choices?.locations.nodes ?? []).map((l) => ({ label: l.name, value: l.id }))]} value={filters.location} onChange={set('location')} />
                        <TextField label="Device ID" value={filters.device} onChange={set('device')} autoComplete="off" placeholder="e.g. 12" />
                        <Select label="Opened by" options={[{ label: 'Anyone', value: '' }, ...(choices?.staffMembers.nodes ?? []).map((s) => ({ label: staffName(s), value: s.id }))]} value={filters.staff} onChange={set('staff')} />
                        <Select label="Status" options={[{ label: 'Any', value: '' }, { label: 'Open', value: 'OPEN' }, { label: 'Closed', value: 'CLOSED' }]} value={filters.status} onChange={set('status')} />
                        <TextField label="Opened from" type="date" value={filters.from} onChange={set('from')} autoComplete="off" helpText="Days in the shop's time zone" />
                        <TextField label="Opened until" type="date" value={filters.to} onChange={set('to')} autoComplete="off" />
                        <Select label="Sort" options={SORTS} value={sortKey} onChange={(v) => { setSortKey(v); setPage({ first: 25 }); }} />
                        <BlockStack>
                            <Checkbox label="Over or short only" checked={filters.overShort} onChange={set('overShort')} />
                            <Checkbox label="Awaiting approval" checked={filters.awaiting} onChange={set('awaiting')} />
                        </BlockStack>
                    </InlineGrid>
                </Card>
                <Card padding="0">
                    {!data ? <SkeletonBodyText lines={8} /> : rows.length === 0 ? <Text as="p" tone="subdued" alignment="center">No sessions match.</Text> : (
                        <DataTable
                            columnContentTypes={['text', 'text', 'text', 'text', 'text', 'text', 'numeric']}
                            headings={['Session', 'Location', 'Register', 'Opened by', 'Opened', 'Closed', 'Discrepancy']}
                            rows={rows}
                        />
                    )}
                </Card>
                <Pagination
                    hasPrevious={data?.pageInfo.hasPreviousPage}
                    hasNext={data?.pageInfo.hasNextPage}
                    onPrevious={() => setPage({ last: 25, before: data.pageInfo.startCursor })}
                    onNext={() => setPage({ first: 25, after: data.pageInfo.endCursor })}
                    label="Pages of 25"
                />
            </BlockStack>
        </Page>
    );
}

export function discrepancy(m) {
    if (!m) return '—';
    const n = Number(m.amount);
    if (n === 0) return money(m);
    return <Text as="span" tone={n < 0 ? 'critical' : 'caution'}>{n < 0 ? 'Short ' : 'Over '}{money({ ...m, amount: String(Math.abs(n)) })}</Text>;
}

export const sessionGid = (id) => gid('PointOfSaleDevicePaymentSession', id);
