import { useState } from 'react';
import { Banner, BlockStack, Button, Card, Form, FormLayout, Page, Text, TextField } from '@shopify/polaris';
import { session } from '../api.js';

export function SignIn({ onSignedIn }) {
    const [email, setEmail] = useState('');
    const [pin, setPin] = useState('');
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);

    async function submit() {
        setBusy(true);
        setError(null);
        try {
            onSignedIn(await session.signIn(email, pin));
        } catch (e) {
            setError(e);
            setPin('');
        } finally {
            setBusy(false);
        }
    }

    return (
        <Page narrowWidth>
            <BlockStack gap="400">
                <Text as="h1" variant="headingXl">Till cash office</Text>
                <Card>
                    <Form onSubmit={submit}>
                        <FormLayout>
                            <Text as="h2" variant="headingMd">Sign in</Text>
                            {error && (
                                <Banner tone={error.code === 'LOCKED' ? 'critical' : 'warning'} title={error.code === 'LOCKED' ? 'Locked out' : 'Could not sign in'}>
                                    <p role="alert">{error.message}</p>
                                </Banner>
                            )}
                            <TextField label="Email" type="email" autoComplete="username" value={email} onChange={setEmail} id="email" />
                            <TextField label="PIN" type="password" inputMode="numeric" autoComplete="current-password" value={pin} onChange={setPin} id="pin" helpText="Four to eight digits, set by your manager." />
                            <Button submit variant="primary" loading={busy}>Sign in</Button>
                        </FormLayout>
                    </Form>
                </Card>
            </BlockStack>
        </Page>
    );
}
