// What the screens share: money and time formatting, global IDs, reason codes and mutations
// that report their user errors.
import { useEffect, useState } from 'react';
import { graphql } from './api.js';

export function money(m) {
    return m ? new Intl.NumberFormat('en-US', { style: 'currency', currency: m.currencyCode }).format(Number(m.amount)) : '—';
}

export function amount(value, currencyCode) {
    return money({ amount: value, currencyCode });
}

let shopTimeZone;
/** The shop's IANA time zone, in which every screen shows times and days (undefined: the browser's). */
export function setShopTimeZone(zone) {
    shopTimeZone = zone;
}

export function when(time) {
    return time ? new Date(time).toLocaleString('en-US', { timeZone: shopTimeZone, dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

export const gid = (type, id) => `gid://shopify/${type}/${id}`;
export const num = (id) => id?.split('/').pop();

/** What to call a device: its name (PointOfSaleDevice.tillName), or "Device N" when it has none. */
export function deviceName(d) {
    return d ? d.tillName ?? `Device ${num(d.id)}` : '—';
}

/**
 * When something began, in the shop's time zone: the time alone when that was today there
 * ("3:43 PM"), else with the day ("May 2, 3:43 PM"), and the year when it was another year.
 */
export function since(time, timeZone = shopTimeZone) {
    const at = new Date(time);
    const now = new Date();
    const clock = at.toLocaleTimeString('en-US', { timeZone, hour: 'numeric', minute: '2-digit' });
    const part = (d, options) => d.toLocaleDateString('en-US', { timeZone, ...options });
    if (part(at, { dateStyle: 'short' }) === part(now, { dateStyle: 'short' })) {
        return clock;
    }
    const sameYear = part(at, { year: 'numeric' }) === part(now, { year: 'numeric' });
    return `${part(at, { month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) })}, ${clock}`;
}

export function staffName(s) {
    return s ? `${s.firstName ?? ''} ${s.lastName ?? ''}`.trim() || s.email || s.id : '—';
}

/** Runs a mutation and returns its payload; throws the first user error (with its code). */
export async function mutate(query, variables, field) {
    const data = await graphql(query, variables);
    const payload = data[field];
    if (!payload) {
        throw new Error(`${field} was refused.`);
    }
    if (payload.userErrors?.length) {
        const e = new Error(payload.userErrors.map((u) => u.message).join(' '));
        e.code = payload.userErrors[0].code;
        throw e;
    }
    return payload;
}

const REASON_CODES = `query ReasonCodes {
  cashManagementReasonCodes(first: 50) {
    nodes {
      ... on CashManagementCustomReasonCode { id code }
      ... on CashManagementDefaultReasonCode { id defaultCode: code }
      ... on CashManagementSystemReasonCode { id systemCode: code }
    }
  }
}`;

let reasonCodes;
const NO_REASON = [{ label: 'None', value: '' }];

/** The shop's reason codes as Select options, the first one "None". */
async function reasonOptions() {
    reasonCodes ??= graphql(REASON_CODES).then((d) => d.cashManagementReasonCodes.nodes);
    const nodes = await reasonCodes;
    return [...NO_REASON, ...nodes.map((n) => ({ label: label(codeOf(n)), value: n.id }))];
}

/**
 * The choices of a reason-code select: "None", then the shop's codes once they have loaded (read
 * once per page load and shared by every screen). Until then, or if they cannot be read, only "None".
 */
export function useReasonOptions() {
    const [options, setOptions] = useState(NO_REASON);
    useEffect(() => {
        reasonOptions().then(setOptions, () => {});
    }, []);
    return options;
}

export function label(code) {
    return code && /^[A-Z_]+$/.test(code) ? code.charAt(0) + code.slice(1).toLowerCase().replaceAll('_', ' ') : code;
}

/** Today in the shop's time zone, yyyy-MM-dd. */
export function today() {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: shopTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date());
    const part = (type) => parts.find((p) => p.type === type).value;
    return `${part('year')}-${part('month')}-${part('day')}`;
}

/** A reason code's selection: the three kinds' codes have different types, so each has its own alias. */
export const REASON = '... on CashManagementCustomReasonCode { code } ... on CashManagementDefaultReasonCode { defaultCode: code } ... on CashManagementSystemReasonCode { systemCode: code }';

export function codeOf(r) {
    return r ? r.code ?? r.defaultCode ?? r.systemCode : null;
}
