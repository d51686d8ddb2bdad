// Compile-time checks that the generated types really reach the client: if codegen stopped
// augmenting @shopify/admin-api-client, `data` would be `any` and the @ts-expect-error lines
// below would no longer be errors, which fails `tsc --noEmit`. Never run.
import type { AdminApiClient } from '@shopify/admin-api-client';
import { CASH_DRAWERS, PAYMENT_SESSION, SESSION_CLOSE, SESSION_OPEN } from './cash.js';
import type { PointOfSaleDevicePaymentSessionStatus } from '../types/admin.types.js';

export async function typeChecks(client: AdminApiClient) {
    const session = await client.request(PAYMENT_SESSION, { variables: { id: 'gid://shopify/PointOfSaleDevicePaymentSession/1' } });
    const status: PointOfSaleDevicePaymentSessionStatus | undefined = session.data?.pointOfSaleDevicePaymentSession?.status;
    const amount: string | undefined = session.data?.pointOfSaleDevicePaymentSession?.closingAdjustment?.amount;
    // @ts-expect-error: not selected by the PaymentSession query
    void session.data?.pointOfSaleDevicePaymentSession?.registerName;

    // @ts-expect-error: `id` is a required variable
    await client.request(PAYMENT_SESSION, { variables: {} });

    await client.request(SESSION_OPEN, {
        variables: {
            pointOfSaleDeviceId: 'gid://shopify/PointOfSaleDevice/1',
            staffMemberId: 'gid://shopify/StaffMember/1',
            // @ts-expect-error: CurrencyCode is an enum, not any string
            balance: { amount: '100.00', currencyCode: 'DOLLARS' },
        },
    });

    const closed = await client.request(SESSION_CLOSE, {
        variables: {
            pointOfSaleDevicePaymentSessionId: 'gid://shopify/PointOfSaleDevicePaymentSession/1',
            staffMemberId: 'gid://shopify/StaffMember/1',
            balance: { amount: '80.00', currencyCode: 'USD' },
        },
    });
    const code = closed.data?.pointOfSaleDevicePaymentSessionClose?.userErrors[0]?.code;
    // @ts-expect-error: not a PointOfSaleDevicePaymentSessionCloseUserErrorCode
    const wrong: typeof code = 'ALREADY_OPEN';

    const drawers = await client.request(CASH_DRAWERS, { variables: { first: 10 } });
    const cursor: string | undefined = drawers.data?.cashDrawers.edges[0]?.cursor;

    return { status, amount, wrong, cursor };
}
