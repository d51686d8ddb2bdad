import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProvider, Frame, Navigation, Spinner, TopBar } from '@shopify/polaris';
import en from '@shopify/polaris/locales/en.json';
import '@shopify/polaris/build/esm/styles.css';
import '@shopify/polaris-viz/build/esm/styles.css';
import './till.css';
import { graphql, session } from './api.js';
import { setShopTimeZone } from './lib.js';
import { navigate, usePath } from './router.js';
import { SignIn } from './screens/SignIn.jsx';
import { Drawers } from './screens/Drawers.jsx';
import { Count } from './screens/Count.jsx';
import { Movement } from './screens/Movement.jsx';
import { Sessions } from './screens/Sessions.jsx';
import { Session } from './screens/Session.jsx';
import { Approvals } from './screens/Approvals.jsx';
import { Reports } from './screens/Reports.jsx';
import { ManagersOnly } from './screens/ManagersOnly.jsx';

/** The screen of a path; a manager's screen shows a cashier only that it is for managers. */
function Screen({ path, me }) {
    const manager = me.staffMember.role === 'MANAGER';
    let m;
    if ((m = path.match(/^\/devices\/(\d+)\/open$/))) return <Count key={path} me={me} mode="open" id={m[1]} />;
    if ((m = path.match(/^\/sessions\/(\d+)\/(count|close)$/))) return <Count key={path} me={me} mode={m[2]} id={m[1]} />;
    if ((m = path.match(/^\/sessions\/(\d+)\/movement$/))) return <Movement key={path} me={me} id={m[1]} />;
    if ((m = path.match(/^\/sessions\/(\d+)$/))) return manager ? <Session key={path} me={me} id={m[1]} /> : <ManagersOnly title="Session" />;
    if (path.startsWith('/sessions')) return manager ? <Sessions /> : <ManagersOnly title="Sessions" />;
    if (path.startsWith('/approvals')) return manager ? <Approvals me={me} /> : <ManagersOnly title="Approvals" />;
    if (path.startsWith('/reports')) return manager ? <Reports /> : <ManagersOnly title="Z report" />;
    return <Drawers me={me} />;
}

function Shell({ me, onSignedOut }) {
    const path = usePath();
    const [menuOpen, setMenuOpen] = useState(false);
    const name = `${me.staffMember.firstName} ${me.staffMember.lastName}`.trim() || me.staffMember.email;
    // Every time on every screen is the shop's (the browser may be elsewhere): learn its zone first.
    const [zoneKnown, setZoneKnown] = useState(false);
    useEffect(() => {
        graphql('query ShopTimeZone { shop { ianaTimezone } }')
            .then((d) => setShopTimeZone(d.shop.ianaTimezone), () => setShopTimeZone(undefined))
            .finally(() => setZoneKnown(true));
    }, []);
    const userMenu = (
        <TopBar.UserMenu
            name={name}
            detail={me.staffMember.role === 'MANAGER' ? 'Manager' : 'Cashier'}
            initials={name.slice(0, 1)}
            open={menuOpen}
            onToggle={() => setMenuOpen(!menuOpen)}
            actions={[{ items: [{ content: 'Sign out', onAction: () => session.signOut().finally(onSignedOut) }] }]}
        />
    );
    const go = (to) => (event) => {
        event?.preventDefault?.();
        navigate(to);
    };
    const navigation = (
        <Navigation location={path}>
            <Navigation.Section
                items={[
                    { url: '/app/drawers', label: 'Drawers now', selected: path === '/' || path.startsWith('/drawers') || path.startsWith('/devices'), onClick: go('/drawers') },
                    ...(me.staffMember.role === 'MANAGER'
                        ? [
                            { url: '/app/sessions', label: 'Sessions', selected: path.startsWith('/sessions'), onClick: go('/sessions') },
                            { url: '/app/approvals', label: 'Approvals', selected: path.startsWith('/approvals'), onClick: go('/approvals') },
                            { url: '/app/reports', label: 'Z report', selected: path.startsWith('/reports'), onClick: go('/reports') },
                        ]
                        : []),
                ]}
            />
        </Navigation>
    );
    return (
        <Frame topBar={<TopBar userMenu={userMenu} />} navigation={navigation}>
            {zoneKnown ? <Screen path={path} me={me} /> : <Spinner accessibilityLabel="Loading" />}
        </Frame>
    );
}

function App() {
    const [me, setMe] = useState(undefined);
    useEffect(() => {
        session.who().then(setMe, () => setMe(null));
    }, []);
    if (me === undefined) {
        return <Spinner accessibilityLabel="Loading" />;
    }
    return me ? <Shell me={me} onSignedOut={() => setMe(null)} /> : <SignIn onSignedIn={setMe} />;
}

createRoot(document.getElementById('root')).render(
    <StrictMode>
        <AppProvider i18n={en}>
            <App />
        </AppProvider>
    </StrictMode>,
);
