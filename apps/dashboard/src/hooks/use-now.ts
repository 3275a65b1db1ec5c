import { useEffect, useState } from 'react';

/**
 * `performance.now()`, re-read every `intervalMs` while `ticking` (so a clock on screen moves
 * between server events), and left alone otherwise.
 */
export function useNow(ticking: boolean, intervalMs = 250): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(performance.now());
    const timer = setInterval(() => setNow(performance.now()), intervalMs);
    return () => clearInterval(timer);
  }, [ticking, intervalMs]);
  return now;
}
