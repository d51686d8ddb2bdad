import { useEffect, useState } from 'react';
import { Badge, Banner, BlockStack, Button, Card, DataTable, Form, FormLayout, InlineStack, Layout, Modal, Page, Select, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { graphql } from '../api.js';
import { navigate } from '../router.js';
import { amount, codeOf, deviceName, label, money, mutate, num, REASON, staffName, useReasonOptions, when } from '../lib.js';
import { discrepancy, sessionGid } from './Sessions.jsx';

const SESSION = `query Session($id: ID!) {
  pointOfSaleDevicePaymentSession(id: $id) {
    id status currency openingTime closingTime openingNote closingNote
    openingStaffMember { id firstName lastName }
    closingStaffMember { id firstName lastName }
    pointOfSaleDevice { id tillName }
    cashDrawer { id name }
    location { id name }
    cashCountedAtOpen { amount currencyCode }
    expectedCashAtClose { amount currencyCode }
    cashCountedAtClose { amount currencyCode }
    closingAdjustment { amount currencyCode }
    totalCashSales { amount currencyCode }
    totalCashRefunds { amount currencyCode }
    totalAdjustments { amount currencyCode }
    tillReview { status note time approvedBy { firstName lastName } reasonCode { ${REASON} } }
    cashActivities(first: 100) {
      nodes {
        __typename tillId time cash { amount currencyCode } staffMember { firstName lastName }
        ... on CashAdjustmentActivity { adjustmentType: type note reasonCode { ${REASON} } tillReverses { tillId } tillReversedBy { tillId } }
        ... on CashCountActivity { countType: type note cashCounted { amount currencyCode } cashExpected { amount currencyCode } tillDenominations { value count total { amount currencyCode } } }
        ... on CashTransactionActivity { transactionType: type }
      }
      pageInfo { hasNextPage }
    }
  }
}`;

// The ledger check recomputes the drawer's whole chain, so it is asked for on its own, after the
// session shows: its time grows with the drawer's history (docs/benchmarks.md).
const LEDGER = `query Ledger($id: ID!) {
  cashDrawer(id: $id) { id tillLedgerHead tillLedgerVerification { ok activityCount brokenActivityId problem } }
}`;

const REVERSE = `mutation Reverse($activity: ID!, $staff: ID!, $reason: ID, $note: String) {
  tillCashActivityReverse(cashActivityId: $activity, staffMemberId: $staff, reasonCodeId: $reason, note: $note) {
    reversal { tillId }
    userErrors { field message code }
  }
}`;

const KIND = { CashAdjustmentActivity: 'Movement', CashCountActivity: 'Count', CashTransactionActivity: 'Sale or refund' };

/** One session: its figures, its review, its activity timeline with each count's notes and coins; a manager may reverse a movement. */
export function Session({ me, id }) {
    const [session, setSession] = useState(null);
    const [error, setError] = useState(null);
    const [reversing, setReversing] = useState(null);
    const reasons = useReasonOptions();
    const [reason, setReason] = useState('');
    const [note, setNote] = useState('');
    const [problem, setProblem] = useState(null);
    const [version, setVersion] = useState(0);
    const [ledger, setLedger] = useState(null);

    useEffect(() => {
        setLedger(null);
        graphql(SESSION, { id: sessionGid(id) })
            .then((d) => d.pointOfSaleDevicePaymentSession ?? Promise.reject(new Error('No such session.')))
            .then((s) => {
                setSession(s);
                graphql(LEDGER, { id: s.cashDrawer.id }).then((d) => setLedger(d.cashDrawer ?? { failed: 'The drawer no longer exists.' }), (e) => setLedger({ failed: e.message }));
            }, setError);
    }, [id, version]);

    async function reverse() {
        setProblem(null);
        try {
            if (!reason && !note.trim()) throw new Error('Give a reason code or a note for the reversal.');
            await mutate(REVERSE, { activity: reversing.tillId, staff: me.staffMember.id, reason: reason || null, note: note || null }, 'tillCashActivityReverse');
            setReversing(null);
            setReason('');
            setNote('');
            setVersion(version + 1);
        } catch (e) {
            setProblem(e);
        }
    }

    if (error) return <Page title={`Session #${id}`}><Banner tone="critical" title="Could not load the session"><p role="alert">{error.message}</p></Banner></Page>;
    if (!session) return <Page title={`Session #${id}`}><Card><SkeletonBodyText lines={8} /></Card></Page>;

    const s = session;
    const review = s.tillReview;
    const open = s.status === 'OPEN';
    return (
        <Page
            title={`Session #${id}`}
            subtitle={`${deviceName(s.pointOfSaleDevice)} · ${s.cashDrawer.name} · ${s.location.name}`}
            titleMetadata={open ? <Badge tone="success">Open</Badge> : review?.status === 'REQUIRED' ? <Badge tone="attention">Awaiting approval</Badge> : <Badge>Closed</Badge>}
            backAction={{ content: 'Sessions', onAction: () => navigate('/sessions') }}
        >
            <Layout>
                <Layout.Section variant="oneThird">
                    <Card>
                        <BlockStack gap="200">
                            <Text as="h2" variant="headingMd">Figures</Text>
                            {[
                                ['Opened', `${when(s.openingTime)} by ${staffName(s.openingStaffMember)}`],
                                ['Closed', s.closingTime ? `${when(s.closingTime)} by ${staffName(s.closingStaffMember)}` : '—'],
                                ['Opening float', money(s.cashCountedAtOpen)],
                                ['Cash sales', money(s.totalCashSales)],
                                ['Cash refunds', money(s.totalCashRefunds)],
                                ['Adjustments', money(s.totalAdjustments)],
                                ['Expected at close', money(s.expectedCashAtClose)],
                                ['Counted at close', money(s.cashCountedAtClose)],
                                ['Discrepancy', discrepancy(s.closingAdjustment)],
                            ].map(([k, v]) => (
                                <InlineStack key={k} align="space-between"><Text as="span" tone="subdued">{k}</Text><Text as="span">{v}</Text></InlineStack>
                            ))}
                            {review && (
                                <Banner tone={review.status === 'REQUIRED' ? 'warning' : 'success'} title={review.status === 'REQUIRED' ? 'Awaiting a manager’s approval' : `Approved by ${staffName(review.approvedBy)}`}>
                                    {review.status === 'APPROVED' && <p>{label(codeOf(review.reasonCode)) ?? 'No reason code'}{review.note ? `: ${review.note}` : ''} ({when(review.time)})</p>}
                                    {review.status === 'REQUIRED' && <Button onClick={() => navigate('/approvals')}>Go to approvals</Button>}
                                </Banner>
                            )}
                            <Ledger name={s.cashDrawer.name} drawer={ledger} />
                        </BlockStack>
                    </Card>
                </Layout.Section>
                <Layout.Section>
                    <Card padding="0">
                        <DataTable
                            columnContentTypes={['text', 'text', 'text', 'numeric', 'text']}
                            headings={['Time', 'Activity', 'Details', 'Cash', '']}
                            rows={s.cashActivities.nodes.map((a) => [
                                when(a.time),
                                activityName(a),
                                <Details key="d" a={a} currency={s.currency} />,
                                a.__typename === 'CashCountActivity' ? money(a.cashCounted) : money(a.cash),
                                a.__typename === 'CashAdjustmentActivity' && (a.adjustmentType === 'ADJUSTMENT' || a.adjustmentType === 'CASH_PAYOUT') && !a.tillReverses && !a.tillReversedBy && open
                                    ? <Button key="r" size="slim" accessibilityLabel={`Reverse the movement of ${money(a.cash)}`} onClick={() => setReversing(a)}>Reverse</Button>
                                    : a.tillReversedBy ? <Badge key="b">Reversed</Badge> : a.tillReverses ? <Badge key="b" tone="info">Reversal</Badge> : '',
                            ])}
                        />
                    </Card>
                </Layout.Section>
            </Layout>
            <Modal open={Boolean(reversing)} onClose={() => setReversing(null)} title="Reverse a movement"
                primaryAction={{ content: 'Reverse', onAction: reverse, destructive: true }} secondaryActions={[{ content: 'Cancel', onAction: () => setReversing(null) }]}>
                <Modal.Section>
                    <Form onSubmit={reverse}>
                        <FormLayout>
                            {problem && <Banner tone="critical" title="Not reversed"><p role="alert">{problem.message}</p></Banner>}
                            <Text as="p">Books the opposite of {reversing && money(reversing.cash)} to this session. Nothing is edited or removed.</Text>
                            <Select label="Reason code" options={reasons} value={reason} onChange={setReason} />
                            <TextField label="Reason for the reversal" value={note} onChange={setNote} autoComplete="off" multiline={2} />
                        </FormLayout>
                    </Form>
                </Modal.Section>
            </Modal>
        </Page>
    );
}

const typeOf = (a) => a.adjustmentType ?? a.countType ?? a.transactionType;

/** What a shop calls the activity: a hand adjustment is a pay-in or a pay-out by its sign. */
function activityName(a) {
    const type = typeOf(a);
    if (type === 'ADJUSTMENT') return Number(a.cash?.amount) < 0 ? 'Pay-out' : 'Pay-in';
    if (type === 'CASH_PAYOUT') return 'Pay-out';
    if (type === 'CLOSING_ADJUSTMENT') return 'Closing difference';
    return `${KIND[a.__typename]}: ${label(type)}`;
}

/** Whether the drawer's ledger chain, recomputed from its stored activities, still holds. */
function Ledger({ name, drawer }) {
    const v = drawer?.tillLedgerVerification;
    return (
        <BlockStack gap="100">
            <InlineStack align="space-between" blockAlign="center">
                <Text as="span" tone="subdued">Drawer ledger</Text>
                {!drawer ? <Badge>Checking…</Badge> : drawer.failed ? <Badge tone="warning">Not checked</Badge> : v.ok ? <Badge tone="success">Verifies</Badge> : <Badge tone="critical">Broken</Badge>}
            </InlineStack>
            <Text as="p" tone="subdued" variant="bodySm">
                {!drawer ? `Recomputing the ledger chain of ${name}.`
                    : drawer.failed ? drawer.failed
                        : v.ok ? `All ${v.activityCount} activities of ${name} chain up to its head.`
                            : `The chain breaks${v.brokenActivityId ? ` at activity ${v.brokenActivityId}` : ''}: ${v.problem}`}
            </Text>
            {drawer?.tillLedgerHead && (
                <Text as="p" tone="subdued" variant="bodySm" breakWord>
                    Head <code title={drawer.tillLedgerHead}>{drawer.tillLedgerHead.slice(0, 16)}…</code>
                </Text>
            )}
        </BlockStack>
    );
}

function Details({ a, currency }) {
    const parts = [];
    if (codeOf(a.reasonCode)) parts.push(label(codeOf(a.reasonCode)));
    if (a.note) parts.push(a.note);
    if (a.__typename === 'CashCountActivity' && a.cashExpected) parts.push(`expected ${money(a.cashExpected)}`);
    return (
        <BlockStack gap="100">
            <Text as="span">{parts.join(' · ') || `${staffName(a.staffMember)}`}</Text>
            {a.tillDenominations?.length > 0 && (
                <Text as="span" tone="subdued">{a.tillDenominations.filter((d) => d.count > 0).map((d) => `${d.count} × ${amount(d.value, currency)}`).join(', ')}</Text>
            )}
        </BlockStack>
    );
}
