// The app's only ways to the server: the sign-in endpoints under /app/session and the public
// `till` version of the Admin API, both with the session cookie and the X-Till-App header.
const headers = { 'Content-Type': 'application/json', 'X-Till-App': '1' };

export class ApiError extends Error {
    constructor(status, code, message) {
        super(message);
        this.status = status;
        this.code = code;
    }
}

async function answer(response) {
    if (response.status === 204) {
        return null;
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) {
        const error = body?.error ?? {};
        throw new ApiError(response.status, error.code ?? 'HTTP_' + response.status, error.message ?? (typeof body?.errors === 'string' ? body.errors : response.statusText));
    }
    return body;
}

export const session = {
    who: () => fetch('/app/session', { headers, credentials: 'same-origin' }).then(answer),
    signIn: (email, pin) => fetch('/app/session', { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify({ email, pin }) }).then(answer),
    signOut: () => fetch('/app/session', { method: 'DELETE', headers, credentials: 'same-origin' }).then(answer),
};

/** Runs a GraphQL document on the `till` version; throws on top-level errors. */
export async function graphql(query, variables = {}) {
    const response = await fetch('/admin/api/till/graphql.json', {
        method: 'POST',
        headers,
        credentials: 'same-origin',
        body: JSON.stringify({ query, variables }),
    });
    const body = await answer(response);
    if (body.errors?.length) {
        throw new ApiError(200, body.errors[0].extensions?.code ?? 'GRAPHQL', body.errors.map((e) => e.message).join('; '));
    }
    return body.data;
}
