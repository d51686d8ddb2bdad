import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProvider, Frame, Navigation, Spinner, TopBar } from '@shopify/polaris';
import en from '@shopify/polaris/locales/en.json';
import '@shopify/polaris/build/esm/styles.css';
import './till.css';
import { session } from './api.js';
import { navigate, usePath } from './router.js';
import { SignIn } from './screens/SignIn.jsx';
import { Drawers } from './screens/Drawers.jsx';

function Shell({ me, onSignedOut }) {
    const path = usePath();
    const [menuOpen, setMenuOpen] = useState(false);
    const name = `${me.staffMember.firstName} ${me.staffMember.lastName}`.trim() || me.staffMember.email;
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
            <Navigation.Section items={[{ url: '/app/drawers', label: 'Drawers now', selected: path === '/' || path.startsWith('/drawers'), onClick: go('/drawers') }]} />
        </Navigation>
    );
    return (
        <Frame topBar={<TopBar userMenu={userMenu} />} navigation={navigation}>
            <Drawers />
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
