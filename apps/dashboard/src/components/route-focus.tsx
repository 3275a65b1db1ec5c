import { useEffect, useRef } from 'react';
import { useLocation } from 'wouter';

/**
 * After a route change (not on first load), scroll to the top and move focus to `<main>`, so
 * screen readers start reading the new page and keyboard users don't stay in the old one.
 */
export function RouteFocus() {
  const [location] = useLocation();
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect is the reaction to a new location
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [location]);
  return null;
}
