import { useEffect, useState } from 'react';
import { Badge, Banner, BlockStack, Button, ButtonGroup, Card, InlineStack, Layout, Page, SkeletonBodyText, Text } from '@shopify/polaris';
import { graphql } from '../api.js';
import { navigate } from '../router.js';
import { deviceName, num, since } from '../lib.js';

const drawersQuery = (manager) => `query Drawers {
  cashDrawers(first: 20) {
    nodes {
      id
      name
      ${manager ? 'balance { amount currencyCode }' : ''}
      location { id name }
      pointOfSaleDevices(first: 8) {
        nodes {
          id
          tillName
          activePaymentSession {
            id
            openingTime
            openingStaffMember { id firstName lastName }
            cashCountedAtOpen { amount currencyCode }
          }
        }
      }
    }
  }
}`;

function money(m) {
    return m ? new Intl.NumberFormat(undefined, { style: 'currency', currency: m.currencyCode }).format(Number(m.amount)) : '—';
}

/** Drawers now: each location's drawers, their devices and open sessions. */
export function Drawers({ me }) {
    const manager = me.staffMember.role === 'MANAGER';
    const [data, setData] = useState(null);
    const [error, setError] = useState(null);
    useEffect(() => {
        graphql(drawersQuery(manager)).then(setData, setError);
    }, [manager]);

    const byLocation = new Map();
    for (const drawer of data?.cashDrawers.nodes ?? []) {
        const list = byLocation.get(drawer.location.name) ?? [];
        list.push(drawer);
        byLocation.set(drawer.location.name, list);
    }

    return (
        <Page title="Drawers now">
            <BlockStack gap="400">
                {error && <Banner tone="critical" title="Could not load the drawers"><p>{error.message}</p></Banner>}
                {!data && !error && <Card><SkeletonBodyText lines={4} /></Card>}
                {data && byLocation.size === 0 && <Card><Text as="p">No drawers yet.</Text></Card>}
                {[...byLocation].map(([location, drawers]) => (
                    <Layout key={location}>
                        <Layout.Section>
                            <Text as="h2" variant="headingLg">{location}</Text>
                        </Layout.Section>
                        {drawers.map((drawer) => (
                            <Layout.Section key={drawer.id} variant="oneHalf">
                                <Card>
                                    <BlockStack gap="200">
                                        <InlineStack align="space-between">
                                            <Text as="h3" variant="headingMd">{drawer.name}</Text>
                                            {manager && <Text as="span" tone="subdued">Book balance {money(drawer.balance)}</Text>}
                                        </InlineStack>
                                        {drawer.pointOfSaleDevices.nodes.map((device) => {
                                            const open = device.activePaymentSession;
                                            const named = deviceName(device);
                                            return (
                                                <BlockStack key={device.id} gap="100">
                                                    <InlineStack gap="200" align="space-between" blockAlign="center">
                                                        <Text as="span" fontWeight="semibold">{named}</Text>
                                                        {open ? (
                                                            <InlineStack gap="200">
                                                                <Badge tone="success">Open</Badge>
                                                                <Text as="span" tone="subdued">
                                                                    {open.openingStaffMember.firstName} {open.openingStaffMember.lastName} since {since(open.openingTime)} · float {money(open.cashCountedAtOpen)}
                                                                </Text>
                                                            </InlineStack>
                                                        ) : (
                                                            <Badge>Closed</Badge>
                                                        )}
                                                    </InlineStack>
                                                    <InlineStack align="end">
                                                        {open ? (
                                                            <ButtonGroup>
                                                                <Button accessibilityLabel={`Count ${named}`} onClick={() => navigate(`/sessions/${num(open.id)}/count`)}>Count</Button>
                                                                <Button accessibilityLabel={`Pay in or out on ${named}`} onClick={() => navigate(`/sessions/${num(open.id)}/movement`)}>Pay in / out</Button>
                                                                <Button accessibilityLabel={`Close ${named}`} onClick={() => navigate(`/sessions/${num(open.id)}/close`)}>Close</Button>
                                                            </ButtonGroup>
                                                        ) : (
                                                            <Button variant="primary" accessibilityLabel={`Open a session on ${named}`} onClick={() => navigate(`/devices/${num(device.id)}/open`)}>Open session</Button>
                                                        )}
                                                    </InlineStack>
                                                </BlockStack>
                                            );
                                        })}
                                    </BlockStack>
                                </Card>
                            </Layout.Section>
                        ))}
                    </Layout>
                ))}
            </BlockStack>
        </Page>
    );
}
