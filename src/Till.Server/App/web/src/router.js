// A small router over the History API: screens live at /app/<path>.
import { useEffect, useState } from 'react';

export function navigate(path) {
    window.history.pushState(null, '', '/app' + path);
    window.dispatchEvent(new PopStateEvent('popstate'));
}

export function usePath() {
    const read = () => window.location.pathname.replace(/^\/app/, '') || '/';
    const [path, setPath] = useState(read);
    useEffect(() => {
        const changed = () => setPath(read());
        window.addEventListener('popstate', changed);
        return () => window.removeEventListener('popstate', changed);
    }, []);
    return path;
}
