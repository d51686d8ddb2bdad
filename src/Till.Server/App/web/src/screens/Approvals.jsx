import { useEffect, useState } from 'react';
import { Banner, BlockStack, Button, Card, Form, FormLayout, InlineStack, Link, Page, Select, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { graphql } from '../api.js';
import { navigate } from '../router.js';
import { deviceName, money, mutate, num, staffName, useReasonOptions, when } from '../lib.js';
import { discrepancy } from './Sessions.jsx';

const AWAITING = `query Awaiting {
  pointOfSaleDevicePaymentSessions(first: 25, query: "till_review_status:REQUIRED", sortKey: CLOSING_TIME, reverse: true) {
    nodes {
      id closingTime
      closingStaffMember { id firstName lastName }
      pointOfSaleDevice { id tillName }
      cashDrawer { name }
      location { name }
      expectedCashAtClose { amount currencyCode }
      cashCountedAtClose { amount currencyCode }
      closingAdjustment { amount currencyCode }
      closingNote
    }
  }
}`;

const APPROVE = `mutation Approve($session: ID!, $staff: ID!, $reason: ID, $note: String) {
  tillPaymentSessionApprove(pointOfSaleDevicePaymentSessionId: $session, staffMemberId: $staff, reasonCodeId: $reason, note: $note) {
    pointOfSaleDevicePaymentSession { id tillReview { status } }
    userErrors { field message code }
  }
}`;

/** Sessions whose close exceeded a variance threshold, each with an approval form. */
export function Approvals({ me }) {
    const [sessions, setSessions] = useState(null);
    const [error, setError] = useState(null);
    const reasons = useReasonOptions();
    const [approved, setApproved] = useState([]);
    useEffect(() => {
        graphql(AWAITING).then((d) => setSessions(d.pointOfSaleDevicePaymentSessions.nodes), setError);
    }, []);

    return (
        <Page title="Approvals" subtitle="Closes over or short by more than the location allows">
            <BlockStack gap="400">
                {error && <Banner tone="critical" title="Could not load the approvals"><p role="alert">{error.message}</p></Banner>}
                {approved.length > 0 && <Banner tone="success" title={`Approved ${approved.map((id) => `#${num(id)}`).join(', ')}`} />}
                {!sessions && !error && <Card><SkeletonBodyText lines={4} /></Card>}
                {sessions?.length === 0 && <Card><Text as="p">Nothing awaits approval.</Text></Card>}
                {sessions?.filter((s) => !approved.includes(s.id)).map((s) => (
                    <Approval key={s.id} session={s} me={me} reasons={reasons} onApproved={() => setApproved([...approved, s.id])} />
                ))}
            </BlockStack>
        </Page>
    );
}

function Approval({ session: s, me, reasons, onApproved }) {
    const [reason, setReason] = useState('');
    const [note, setNote] = useState('');
    const [busy, setBusy] = useState(false);
    const [problem, setProblem] = useState(null);
    async function approve() {
        setBusy(true);
        setProblem(null);
        try {
            await mutate(APPROVE, { session: s.id, staff: me.staffMember.id, reason: reason || null, note: note || null }, 'tillPaymentSessionApprove');
            onApproved();
        } catch (e) {
            setProblem(e);
        } finally {
            setBusy(false);
        }
    }
    return (
        <Card>
            <Form onSubmit={approve}>
                <FormLayout>
                    <InlineStack align="space-between" blockAlign="center">
                        <Text as="h2" variant="headingMd">
                            <Link onClick={() => navigate(`/sessions/${num(s.id)}`)}>{`Session #${num(s.id)}`}</Link> · {deviceName(s.pointOfSaleDevice)} · {s.cashDrawer.name} · {s.location.name}
                        </Text>
                        {discrepancy(s.closingAdjustment)}
                    </InlineStack>
                    <Text as="p" tone="subdued">
                        Closed {when(s.closingTime)} by {staffName(s.closingStaffMember)}: expected {money(s.expectedCashAtClose)}, counted {money(s.cashCountedAtClose)}.{s.closingNote ? ` “${s.closingNote}”` : ''}
                    </Text>
                    {problem && <Banner tone="critical" title="Not approved"><p role="alert">{problem.message}</p></Banner>}
                    <FormLayout.Group>
                        <Select label="Reason code" id={`reason-${num(s.id)}`} options={reasons} value={reason} onChange={setReason} />
                        <TextField label="Note" id={`note-${num(s.id)}`} value={note} onChange={setNote} autoComplete="off" />
                    </FormLayout.Group>
                    <Button submit variant="primary" loading={busy} accessibilityLabel={`Approve session ${num(s.id)}`}>Approve</Button>
                </FormLayout>
            </Form>
        </Card>
    );
}
