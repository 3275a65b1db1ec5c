import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import type { ConnectionMonitor, ConnectionState } from '../lib/connection-monitor.js';

/** The app's one {@link ConnectionMonitor}; null outside the app (component tests). */
export const ConnectionContext = createContext<ConnectionMonitor | null>(null);

const ALWAYS_ONLINE: ConnectionState = { online: true, lostAt: null };
const noSubscription = () => () => {};

/**
 * Whether the server answers. `watch` keeps a heartbeat going while the caller shows something
 * live (a running audit), so a dead server is noticed within seconds even when no request fails.
 */
export function useConnection(watch = false): ConnectionState {
  const monitor = useContext(ConnectionContext);
  useEffect(() => (watch && monitor ? monitor.watch() : undefined), [watch, monitor]);
  return useSyncExternalStore(
    monitor?.subscribe ?? noSubscription,
    monitor?.getState ?? (() => ALWAYS_ONLINE),
  );
}

/** Run `refresh` each time the server answers again after it was lost (the latest `refresh`). */
export function useOnReconnect(refresh: () => void): void {
  const monitor = useContext(ConnectionContext);
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => monitor?.onReconnect(() => latest.current()), [monitor]);
}
