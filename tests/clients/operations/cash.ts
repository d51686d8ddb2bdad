// Typed operations for Till's cash-management surface (Admin API 2026-04): every QueryRoot field
// (24) and every Mutation field (15), the webhook subscription and bulk operation fields among them. `npm run codegen` reads the `#graphql` strings below with
// @shopify/api-codegen-preset and writes types/admin.generated.ts, which teaches
// @shopify/admin-api-client the variables and the result type of each string; `tsc --noEmit`
// checks this file against them. The client tests (test/*.test.js) run these same strings.
//
// Keep each document a plain template literal without ${...}: the client finds an operation's
// types by its exact string, so the constant's type must be the literal string.
import type { AdminApiClient } from '@shopify/admin-api-client';
import type {
    SessionAdjustMutationVariables,
    SessionCloseMutationVariables,
    SessionCountMutationVariables,
    SessionOpenMutationVariables,
} from '../types/admin.generated.js';

// ---------------------------------------------------------------- QueryRoot (24 fields)

export const CASH_DRAWER = `#graphql
  query CashDrawer($id: ID!, $range: CashDrawerDateRangeInput!, $activities: Int = 20) {
    cashDrawer(id: $id) {
      id
      name
      location { id name }
      pointOfSaleDevices(first: 10) { nodes { id } }
      totalSales(dateRange: $range) { amount currencyCode }
      totalRefunds(dateRange: $range) { amount currencyCode }
      netSales(dateRange: $range) { amount currencyCode }
      totalAdjustments(dateRange: $range) { amount currencyCode }
      totalDiscrepancies(dateRange: $range) { amount currencyCode }
      cashActivities(first: $activities, sortKey: TIME) {
        nodes {
          __typename
          cash { amount currencyCode }
          time
          staffMember { id name }
          paymentSession { id }
          ... on CashTransactionActivity { transactionType: type orderTransaction { id kind gateway } }
          ... on CashAdjustmentActivity { adjustmentType: type note }
          ... on CashCountActivity { countType: type cashCounted { amount } cashExpected { amount } cashDiscrepancy { amount } }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

export const CASH_DRAWERS = `#graphql
  query CashDrawers($first: Int!, $after: String, $query: String) {
    cashDrawers(first: $first, after: $after, query: $query) {
      edges { cursor node { id name location { id } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

export const LOCATION_SUMMARY = `#graphql
  query LocationSummary($locationId: ID!, $startDate: Date!, $endDate: Date!) {
    cashManagementLocationSummary(locationId: $locationId, startDate: $startDate, endDate: $endDate) {
      sessionsOpened
      sessionsClosed
      cashBalanceAtStart { amount currencyCode }
      cashBalanceAtEnd { amount currencyCode }
      netCash { amount currencyCode }
      totalDiscrepancies { amount currencyCode }
    }
  }
`;

export const REASON_CODES = `#graphql
  query ReasonCodes($first: Int!, $reverse: Boolean) {
    cashManagementReasonCodes(first: $first, reverse: $reverse) {
      nodes {
        __typename
        ... on CashManagementCustomReasonCode { id code }
        ... on CashManagementDefaultReasonCode { id defaultCode: code }
        ... on CashManagementSystemReasonCode { id systemCode: code }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const SHOP_SUMMARY = `#graphql
  query ShopSummary($currencyCode: CurrencyCode!, $startDate: Date!, $endDate: Date!) {
    cashManagementShopSummary(currencyCode: $currencyCode, startDate: $startDate, endDate: $endDate) {
      sessionsOpened
      sessionsClosed
      cashBalanceAtStart { amount currencyCode }
      cashBalanceAtEnd { amount currencyCode }
      netCash { amount currencyCode }
      totalDiscrepancies { amount currencyCode }
    }
  }
`;

export const CASH_TRACKING_SESSION = `#graphql
  query CashTrackingSession($id: ID!) {
    cashTrackingSession(id: $id) {
      id
      registerName
      cashTrackingEnabled
      openingTime
      openingBalance { amount currencyCode }
      openingNote
      openingStaffMember { id }
      closingTime
      closingBalance { amount currencyCode }
      closingNote
      closingStaffMember { id }
      expectedBalance { amount }
      expectedOpeningBalance { amount }
      expectedClosingBalance { amount }
      totalCashSales { amount }
      totalCashRefunds { amount }
      netCashSales { amount }
      totalAdjustments { amount }
      totalDiscrepancy { amount }
      location { id }
      adjustments(first: 10) { nodes { id cash { amount } note time staffMember { id } } }
      cashTransactions(first: 10) { nodes { id kind gateway status processedAt } }
    }
  }
`;

export const CASH_TRACKING_SESSIONS = `#graphql
  query CashTrackingSessions($first: Int!, $query: String, $sortKey: CashTrackingSessionsSortKeys, $reverse: Boolean) {
    cashTrackingSessions(first: $first, query: $query, sortKey: $sortKey, reverse: $reverse) {
      nodes { id registerName openingTime closingTime totalDiscrepancy { amount } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const NODE = `#graphql
  query Node($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on PointOfSaleDevicePaymentSession { status }
      ... on CashDrawer { name }
      ... on StaffMember { name }
      ... on Location { name }
    }
  }
`;

export const NODES = `#graphql
  query Nodes($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      id
      ... on PointOfSaleDevice { cashDrawer { id } }
      ... on CashDrawer { name }
    }
  }
`;

export const POINT_OF_SALE_DEVICE = `#graphql
  query PointOfSaleDevice($id: ID!) {
    pointOfSaleDevice(id: $id) {
      id
      cashDrawer { id name }
      activePaymentSession { id status }
    }
  }
`;

export const PAYMENT_SESSION = `#graphql
  query PaymentSession($id: ID!, $activities: Int = 50) {
    pointOfSaleDevicePaymentSession(id: $id) {
      id
      status
      currency
      openingTime
      closingTime
      openingNote
      closingNote
      openingStaffMember { id }
      closingStaffMember { id }
      pointOfSaleDevice { id }
      cashDrawer { id name }
      location { id }
      cashCountedAtOpen { amount currencyCode }
      expectedCashAtOpen { amount currencyCode }
      cashCountedAtClose { amount currencyCode }
      expectedCashAtClose { amount currencyCode }
      closingBalance { amount currencyCode }
      closingAdjustment { amount currencyCode }
      totalCashSales { amount }
      totalCashRefunds { amount }
      netCashSales { amount }
      totalSales { amount }
      totalRefunds { amount }
      netSales { amount }
      totalAdjustments { amount }
      totalDiscrepancy { amount }
      totalsReady
      cashActivities(first: $activities) {
        nodes {
          __typename
          cash { amount currencyCode }
          time
          ... on CashTransactionActivity { transactionType: type }
          ... on CashAdjustmentActivity { adjustmentType: type note reasonCode { __typename ... on CashManagementSystemReasonCode { code } } }
          ... on CashCountActivity { countType: type cashCounted { amount } cashExpected { amount } cashDiscrepancy { amount } }
        }
      }
    }
  }
`;

export const PAYMENT_SESSIONS = `#graphql
  query PaymentSessions($first: Int!, $query: String, $sortKey: PointOfSaleDevicePaymentSessionSortKeys, $reverse: Boolean) {
    pointOfSaleDevicePaymentSessions(first: $first, query: $query, sortKey: $sortKey, reverse: $reverse) {
      nodes { id status openingTime closingTime pointOfSaleDevice { id } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const WEBHOOK_SUBSCRIPTION = `#graphql
  query WebhookSubscription($id: ID!) {
    webhookSubscription(id: $id) { id topic uri format filter includeFields apiVersion { handle } createdAt updatedAt }
  }
`;

export const WEBHOOK_SUBSCRIPTIONS = `#graphql
  query WebhookSubscriptions($first: Int = 10, $topics: [WebhookSubscriptionTopic!]) {
    webhookSubscriptions(first: $first, topics: $topics) { nodes { id topic uri } pageInfo { hasNextPage endCursor } }
  }
`;

export const WEBHOOK_SUBSCRIPTIONS_COUNT = `#graphql
  query WebhookSubscriptionsCount {
    webhookSubscriptionsCount { count precision }
  }
`;

export const SHOP = `#graphql
  query Shop {
    shop { id name currencyCode ianaTimezone timezoneOffsetMinutes myshopifyDomain accountOwner { id } }
  }
`;

export const LOCATION = `#graphql
  query Location($id: ID) {
    location(id: $id) { id name isActive legacyResourceId }
  }
`;

export const LOCATIONS = `#graphql
  query Locations($first: Int!, $query: String, $sortKey: LocationSortKeys, $includeInactive: Boolean) {
    locations(first: $first, query: $query, sortKey: $sortKey, includeInactive: $includeInactive) {
      nodes { id name isActive }
      pageInfo { hasNextPage endCursor }
    }
    locationsCount(query: $query) { count precision }
  }
`;

export const STAFF_MEMBER = `#graphql
  query StaffMember($id: ID) {
    staffMember(id: $id) { id name email active }
  }
`;

export const STAFF_MEMBERS = `#graphql
  query StaffMembers($first: Int!, $query: String, $sortKey: StaffMembersSortKeys) {
    staffMembers(first: $first, query: $query, sortKey: $sortKey) {
      nodes { id firstName lastName email }
    }
  }
`;

export const TENDER_TRANSACTIONS = `#graphql
  query TenderTransactions($first: Int!, $query: String) {
    tenderTransactions(first: $first, query: $query) {
      nodes { id amount { amount currencyCode } paymentMethod processedAt test user { id } order { id } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const BULK_OPERATION = `#graphql
  query BulkOperation($id: ID!) {
    bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url query type createdAt completedAt }
  }
`;

export const BULK_OPERATIONS = `#graphql
  query BulkOperations($first: Int = 10, $query: String) {
    bulkOperations(first: $first, query: $query) { nodes { id status type } pageInfo { hasNextPage endCursor } }
  }
`;

export const CURRENT_BULK_OPERATION = `#graphql
  query CurrentBulkOperation {
    currentBulkOperation { id status }
  }
`;

// ---------------------------------------------------------------- Mutation (15 fields)

export const BULK_OPERATION_RUN_QUERY = `#graphql
  mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

export const BULK_OPERATION_CANCEL = `#graphql
  mutation BulkOperationCancel($id: ID!) {
    bulkOperationCancel(id: $id) {
      bulkOperation { id status }
      userErrors { field message }
    }
  }
`;

export const WEBHOOK_SUBSCRIPTION_CREATE = `#graphql
  mutation WebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $uri: String!) {
    webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri }) {
      webhookSubscription { id topic uri }
      userErrors { field message }
    }
  }
`;

export const WEBHOOK_SUBSCRIPTION_UPDATE = `#graphql
  mutation WebhookSubscriptionUpdate($id: ID!, $uri: String!) {
    webhookSubscriptionUpdate(id: $id, webhookSubscription: { uri: $uri }) {
      webhookSubscription { id uri }
      userErrors { field message }
    }
  }
`;

export const WEBHOOK_SUBSCRIPTION_DELETE = `#graphql
  mutation WebhookSubscriptionDelete($id: ID!) {
    webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } }
  }
`;


export const CASH_DRAWER_CREATE = `#graphql
  mutation CashDrawerCreate($locationId: ID!, $name: String!) {
    cashDrawerCreate(locationId: $locationId, name: $name) {
      cashDrawer { id name location { id } }
      userErrors { field message code }
    }
  }
`;

export const CASH_DRAWER_FIND_OR_CREATE = `#graphql
  mutation CashDrawerFindOrCreate($locationId: ID!, $name: String!, $pointOfSaleDeviceId: ID!) {
    cashDrawerFindOrCreate(locationId: $locationId, name: $name, pointOfSaleDeviceId: $pointOfSaleDeviceId) {
      cashDrawer { id name pointOfSaleDevices(first: 10) { nodes { id } } }
      userErrors { field message code }
    }
  }
`;

export const CASH_DRAWER_UPDATE = `#graphql
  mutation CashDrawerUpdate($id: ID!, $input: CashDrawerUpdateInput!) {
    cashDrawerUpdate(id: $id, input: $input) {
      cashDrawer { id name }
      userErrors { field message code }
    }
  }
`;

export const REASON_CODE_CREATE = `#graphql
  mutation ReasonCodeCreate($code: String!) {
    cashManagementReasonCodeCreate(code: $code) {
      reasonCode { id code }
      userErrors { field message code }
    }
  }
`;

export const REASON_CODE_DELETE = `#graphql
  mutation ReasonCodeDelete($id: ID!) {
    cashManagementReasonCodeDelete(id: $id) {
      deletedId
      userErrors { field message code }
    }
  }
`;

export const DEVICE_ASSIGN = `#graphql
  mutation DeviceAssign($cashDrawerId: ID!, $pointOfSaleDeviceId: ID!) {
    pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: $cashDrawerId, pointOfSaleDeviceId: $pointOfSaleDeviceId) {
      pointOfSaleDevice { id cashDrawer { id } }
      userErrors { field message code }
    }
  }
`;

export const SESSION_OPEN = `#graphql
  mutation SessionOpen($pointOfSaleDeviceId: ID!, $staffMemberId: ID!, $balance: MoneyInput, $time: DateTime, $reasonCodeId: ID, $note: String) {
    pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $pointOfSaleDeviceId, staffMemberId: $staffMemberId, balance: $balance, time: $time, reasonCodeId: $reasonCodeId, note: $note) {
      pointOfSaleDevicePaymentSession {
        id
        status
        currency
        openingNote
        cashCountedAtOpen { amount currencyCode }
        expectedCashAtOpen { amount currencyCode }
        cashDrawer { id }
      }
      userErrors { field message code }
    }
  }
`;

export const SESSION_ADJUST = `#graphql
  mutation SessionAdjust($pointOfSaleDevicePaymentSessionId: ID!, $cash: MoneyInput!, $staffMemberId: ID!, $reasonCodeId: ID, $note: String, $time: DateTime) {
    pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: $pointOfSaleDevicePaymentSessionId, cash: $cash, staffMemberId: $staffMemberId, reasonCodeId: $reasonCodeId, note: $note, time: $time) {
      pointOfSaleDevicePaymentSession { id totalAdjustments { amount currencyCode } }
      userErrors { field message }
    }
  }
`;

/** The same adjustment, made safe to retry with Shopify's @idempotent directive. */
export const SESSION_ADJUST_IDEMPOTENT = `#graphql
  mutation SessionAdjustIdempotent($idempotencyKey: String!, $pointOfSaleDevicePaymentSessionId: ID!, $cash: MoneyInput!, $staffMemberId: ID!, $note: String) {
    pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: $pointOfSaleDevicePaymentSessionId, cash: $cash, staffMemberId: $staffMemberId, note: $note) @idempotent(key: $idempotencyKey) {
      pointOfSaleDevicePaymentSession { id totalAdjustments { amount currencyCode } }
      userErrors { field message }
    }
  }
`;

export const SESSION_COUNT = `#graphql
  mutation SessionCount($pointOfSaleDevicePaymentSessionId: ID!, $balance: MoneyInput!, $staffMemberId: ID!, $time: DateTime, $reasonCodeId: ID, $note: String) {
    pointOfSaleDevicePaymentSessionCount(pointOfSaleDevicePaymentSessionId: $pointOfSaleDevicePaymentSessionId, balance: $balance, staffMemberId: $staffMemberId, time: $time, reasonCodeId: $reasonCodeId, note: $note) {
      pointOfSaleDevicePaymentSession { id totalDiscrepancy { amount currencyCode } }
      userErrors { field message code }
    }
  }
`;

export const SESSION_CLOSE = `#graphql
  mutation SessionClose($pointOfSaleDevicePaymentSessionId: ID!, $balance: MoneyInput!, $staffMemberId: ID!, $time: DateTime, $reasonCodeId: ID, $note: String) {
    pointOfSaleDevicePaymentSessionClose(pointOfSaleDevicePaymentSessionId: $pointOfSaleDevicePaymentSessionId, balance: $balance, staffMemberId: $staffMemberId, time: $time, reasonCodeId: $reasonCodeId, note: $note) {
      pointOfSaleDevicePaymentSession {
        id
        status
        closingNote
        closingTime
        cashCountedAtClose { amount currencyCode }
        expectedCashAtClose { amount currencyCode }
        closingBalance { amount currencyCode }
        closingAdjustment { amount currencyCode }
        totalDiscrepancy { amount currencyCode }
      }
      userErrors { field message code }
    }
  }
`;

// ---------------------------------------------------------------- typed wrappers
// What an app would write: the client infers each result from the operation string, so these
// need no casts, and a typo in a field path below fails `tsc --noEmit`.

export async function openSession(client: AdminApiClient, variables: SessionOpenMutationVariables) {
    const { data, errors, extensions } = await client.request(SESSION_OPEN, { variables });
    const payload = data?.pointOfSaleDevicePaymentSessionOpen;
    return { session: payload?.pointOfSaleDevicePaymentSession ?? null, userErrors: payload?.userErrors ?? [], errors, extensions };
}

export async function adjustSession(client: AdminApiClient, variables: SessionAdjustMutationVariables) {
    const { data, errors, extensions } = await client.request(SESSION_ADJUST, { variables });
    const payload = data?.pointOfSaleDevicePaymentSessionAdjust;
    return { session: payload?.pointOfSaleDevicePaymentSession ?? null, userErrors: payload?.userErrors ?? [], errors, extensions };
}

export async function countSession(client: AdminApiClient, variables: SessionCountMutationVariables) {
    const { data, errors, extensions } = await client.request(SESSION_COUNT, { variables });
    const payload = data?.pointOfSaleDevicePaymentSessionCount;
    return { session: payload?.pointOfSaleDevicePaymentSession ?? null, userErrors: payload?.userErrors ?? [], errors, extensions };
}

export async function closeSession(client: AdminApiClient, variables: SessionCloseMutationVariables) {
    const { data, errors, extensions } = await client.request(SESSION_CLOSE, { variables });
    const payload = data?.pointOfSaleDevicePaymentSessionClose;
    return { session: payload?.pointOfSaleDevicePaymentSession ?? null, userErrors: payload?.userErrors ?? [], errors, extensions };
}

export async function getSession(client: AdminApiClient, id: string, activities = 50) {
    const { data, errors, extensions } = await client.request(PAYMENT_SESSION, { variables: { id, activities } });
    return { session: data?.pointOfSaleDevicePaymentSession ?? null, errors, extensions };
}

/** Creates a drawer at the location and assigns the device to it; returns the drawer's ID. */
export async function setUpDrawer(client: AdminApiClient, locationId: string, deviceId: string, name: string): Promise<string> {
    const created = await client.request(CASH_DRAWER_CREATE, { variables: { locationId, name } });
    const drawer = created.data?.cashDrawerCreate?.cashDrawer;
    if (!drawer) {
        throw new Error(`cashDrawerCreate failed: ${JSON.stringify(created.data?.cashDrawerCreate?.userErrors ?? created.errors)}`);
    }
    const assigned = await client.request(DEVICE_ASSIGN, { variables: { cashDrawerId: drawer.id, pointOfSaleDeviceId: deviceId } });
    const userErrors = assigned.data?.pointOfSaleDeviceAssignToCashDrawer?.userErrors ?? [];
    if (assigned.errors || userErrors.length > 0) {
        throw new Error(`pointOfSaleDeviceAssignToCashDrawer failed: ${JSON.stringify(userErrors.length ? userErrors : assigned.errors)}`);
    }
    return drawer.id;
}
