/** Whether the server answers: `lostAt` is when it stopped (ms since the epoch), null while it does. */
export interface ConnectionState {
  readonly online: boolean;
  readonly lostAt: number | null;
}

/** Timing of the {@link ConnectionMonitor}. */
export interface ConnectionMonitorOptions {
  /** Resolves true when the server answered (a rejection counts as no answer). */
  probe: () => Promise<boolean>;
  /** Heartbeat while a live view watches. @defaultValue 2000 ms */
  heartbeatMs?: number;
  /** Between probes while the server is gone. @defaultValue 1500 ms */
  retryMs?: number;
  /** @defaultValue Date.now */
  now?: () => number;
}

const ONLINE: ConnectionState = { online: true, lostAt: null };

/**
 * Tells whether the server is still there, so a live page never shows a dead server's last
 * words as current. It probes on a heartbeat while at least one live view {@link watch}es, and
 * at once when a request or a stream reports a network failure ({@link reportFailure}). Once the
 * server is lost it probes every `retryMs` until it answers, then tells the
 * {@link onReconnect} listeners to refresh what they show.
 */
export class ConnectionMonitor {
  private state: ConnectionState = ONLINE;
  private readonly listeners = new Set<() => void>();
  private readonly reconnectListeners = new Set<() => void>();
  private watchers = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private probing = false;
  private readonly heartbeatMs: number;
  private readonly retryMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ConnectionMonitorOptions) {
    this.heartbeatMs = options.heartbeatMs ?? 2000;
    this.retryMs = options.retryMs ?? 1500;
    this.now = options.now ?? Date.now;
  }

  /** The current state (the same object until it changes, for `useSyncExternalStore`). */
  readonly getState = (): ConnectionState => this.state;

  /** Call `listener` on every change of state; returns the unsubscribe. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Call `listener` each time the server answers again after it was lost. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /** Keep a heartbeat while the returned function has not been called (a live view is shown). */
  watch(): () => void {
    this.watchers++;
    this.schedule();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.watchers--;
      this.schedule();
    };
  }

  /** A request or stream failed on the network: check the server now. */
  reportFailure(): void {
    void this.check();
  }

  /** Stop every timer (the app unmounted). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.watchers = 0;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const delay = this.state.online ? (this.watchers > 0 ? this.heartbeatMs : null) : this.retryMs;
    if (delay !== null) this.timer = setTimeout(() => void this.check(), delay);
  }

  private async check(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    const ok = await this.options.probe().catch(() => false);
    this.probing = false;
    const wasOnline = this.state.online;
    if (ok !== wasOnline) {
      this.state = ok ? ONLINE : { online: false, lostAt: this.now() };
      for (const listener of this.listeners) listener();
      if (ok) for (const listener of this.reconnectListeners) listener();
    }
    this.schedule();
  }
}

/**
 * Ask the server's `/health` (graphql-yoga's health check) whether it is up: false on a network
 * error, a non-2xx answer or no answer within `timeoutMs`.
 */
export async function probeHealth(
  base = globalThis.location?.origin ?? '',
  timeoutMs = 2000,
): Promise<boolean> {
  try {
    const response = await fetch(`${base}/health`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.ok;
  } catch {
    return false;
  }
}
