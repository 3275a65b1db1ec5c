import { useEffect, useRef } from 'react';
import { useLocation } from 'wouter';

/**
 * After a route change (not on first load), scroll to the top and move focus to `<main>`, so
 * screen readers start reading the new page and keyboard users don't stay in the old one.
 */
export function RouteFocus() {
  const [location] = useLocation();
  // The location focus last moved for: StrictMode runs a mount's effects twice, and a second run
  // at the first location is no route change (else Tab would skip the skip link and the nav).
  const shown = useRef(location);
  useEffect(() => {
    if (shown.current === location) return;
    shown.current = location;
    window.scrollTo(0, 0);
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [location]);
  return null;
}
