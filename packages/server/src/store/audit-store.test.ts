import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { AuditStore, INTERRUPTED_MESSAGE } from './audit-store.js';
import { type Db, openDb } from './db.js';

const T0 = Date.parse('2026-01-01T12:00:00.000Z');
const HOUR = 3600;

/** A store on a fresh database whose clock the test moves (seconds after T0). */
function storeWithClock(): { store: AuditStore; db: Db; at: (seconds: number) => void } {
  let now = T0;
  const db = openDb(tempDir('snowblind-audit-store-'));
  const store = new AuditStore(db, () => new Date(now));
  store.insert({
    id: 'a',
    createdAt: new Date(T0).toISOString(),
    status: 'QUEUED',
    count: 200,
    seed: 1,
    batchSize: 32,
    topK: 1,
    models: ['m'],
    noise: [],
  });
  return { store, db, at: (seconds) => (now = T0 + seconds * 1000) };
}

const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

describe('an audit’s working time', () => {
  it('leaves out the hour it sat cancelled before its resume', () => {
    const { store, db, at } = storeWithClock();
    dbs.push(db);
    at(1);
    store.setStatus('a', 'RUNNING');
    at(3);
    store.commitBatch('a', 32, []);
    at(4);
    store.setStatus('a', 'CANCELLED', { code: 'CANCELLED', message: 'cancelled' });
    expect(store.get('a')!.workingSeconds).toBe(3);

    at(4 + HOUR);
    store.setStatus('a', 'QUEUED');
    expect(store.get('a')!.workingSeconds).toBe(3);
    at(5 + HOUR);
    store.setStatus('a', 'RUNNING');
    at(7 + HOUR);
    // While it runs: the finished stretch plus this one so far.
    expect(store.get('a')!.workingSeconds).toBe(5);
    store.commitBatch('a', 200, []);
    store.setStatus('a', 'SUCCEEDED');

    const audit = store.get('a')!;
    expect(audit.workingSeconds).toBe(5);
    // The wall-clock span still holds the idle hour: a rate over it would be 200 / 3606.
    expect((Date.parse(audit.finishedAt!) - Date.parse(audit.startedAt!)) / 1000).toBe(6 + HOUR);
    expect(audit.processed / audit.workingSeconds).toBe(40);
  });

  it('counts a stretch a killed server ended up to its last committed batch, and says so in plain words', () => {
    const { store, db, at } = storeWithClock();
    dbs.push(db);
    at(10);
    store.setStatus('a', 'RUNNING');
    at(12);
    store.commitBatch('a', 64, []);
    // The process dies at some unknown moment; the next one starts an hour later.
    at(12 + HOUR);
    expect(store.markInterrupted()).toEqual(['a']);
    const audit = store.get('a')!;
    expect(audit.status).toBe('INTERRUPTED');
    expect(audit.workingSeconds).toBe(2);
    expect(audit.error).toEqual({ code: 'INTERRUPTED', message: INTERRUPTED_MESSAGE });
    expect(audit.error!.message).not.toMatch(/resumeAudit|mutation/);
  });

  it('is zero for an audit that never ran', () => {
    const { store, db, at } = storeWithClock();
    dbs.push(db);
    at(HOUR);
    store.markInterrupted();
    expect(store.get('a')!.workingSeconds).toBe(0);
  });
});
