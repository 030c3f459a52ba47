import { useEffect } from 'react';

/**
 * Scrolls to the element the URL's fragment names once the page has rendered it (`ready`): a
 * page that loads its data after navigation is too late for the browser's own scroll. Runs again
 * when the fragment changes (an in-page link).
 */
export function useScrollToHash(ready: boolean) {
  useEffect(() => {
    if (!ready) return;
    const go = () => {
      const id = decodeURIComponent(window.location.hash.slice(1));
      if (!id) return;
      const target = document.getElementById(id);
      if (!target) return;
      target.scrollIntoView({ block: 'start' });
      // Headings are not focusable; make the target so for keyboard and screen-reader users.
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
    };
    go();
    window.addEventListener('hashchange', go);
    return () => window.removeEventListener('hashchange', go);
  }, [ready]);
}
