import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionMonitor } from './connection-monitor.js';

/** A server that is up or down as the test says, counting the probes it answers. */
function fakeServer() {
  const server = {
    up: true,
    probes: 0,
    probe: async () => {
      server.probes++;
      return server.up;
    },
  };
  return server;
}

describe('ConnectionMonitor', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('probes on a heartbeat only while a live view watches', async () => {
    const server = fakeServer();
    const monitor = new ConnectionMonitor({ probe: server.probe, heartbeatMs: 2000 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.probes).toBe(0);
    const unwatch = monitor.watch();
    await vi.advanceTimersByTimeAsync(6_000);
    expect(server.probes).toBe(3);
    unwatch();
    unwatch(); // twice is harmless
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.probes).toBe(3);
    expect(monitor.getState()).toEqual({ online: true, lostAt: null });
  });

  it('notices a dead server at the next heartbeat and says since when', async () => {
    const server = fakeServer();
    const monitor = new ConnectionMonitor({ probe: server.probe, heartbeatMs: 2000, now: () => 1234 });
    const changes = vi.fn();
    monitor.subscribe(changes);
    monitor.watch();
    await vi.advanceTimersByTimeAsync(2000);
    expect(changes).not.toHaveBeenCalled();
    server.up = false;
    await vi.advanceTimersByTimeAsync(2000);
    expect(monitor.getState()).toEqual({ online: false, lostAt: 1234 });
    expect(changes).toHaveBeenCalledOnce();
  });

  it('checks at once when a request fails, and keeps trying until the server is back', async () => {
    const server = fakeServer();
    const monitor = new ConnectionMonitor({ probe: server.probe, retryMs: 1500 });
    const reconnected = vi.fn();
    monitor.onReconnect(reconnected);
    server.up = false;
    monitor.reportFailure();
    await vi.advanceTimersByTimeAsync(0);
    expect(monitor.getState().online).toBe(false);
    expect(server.probes).toBe(1);
    // Nobody watches, yet a lost server is probed every retryMs.
    await vi.advanceTimersByTimeAsync(4500);
    expect(server.probes).toBe(4);
    expect(reconnected).not.toHaveBeenCalled();
    server.up = true;
    await vi.advanceTimersByTimeAsync(1500);
    expect(monitor.getState()).toEqual({ online: true, lostAt: null });
    expect(reconnected).toHaveBeenCalledOnce();
    // Back online and unwatched: quiet again.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.probes).toBe(5);
  });

  it('counts a probe that throws as no answer', async () => {
    const monitor = new ConnectionMonitor({ probe: () => Promise.reject(new Error('offline')) });
    monitor.reportFailure();
    await vi.advanceTimersByTimeAsync(0);
    expect(monitor.getState().online).toBe(false);
    monitor.dispose();
  });
});
