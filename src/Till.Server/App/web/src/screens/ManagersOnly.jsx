import { Banner, Page } from '@shopify/polaris';

/** What a cashier sees at a manager's screen: the server refuses its data as well. */
export function ManagersOnly({ title }) {
    return (
        <Page title={title}>
            <Banner tone="warning" title="Managers only">
                <p role="alert">This screen is for managers. Ask a manager to sign in.</p>
            </Banner>
        </Page>
    );
}
