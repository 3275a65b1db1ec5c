import { builder } from '../builder.js';
import type { ServerContext } from '../context.js';
import type { AuditProgressEvent } from '../services/pubsub.js';
import { AuditProgressRef } from './audits.js';

/** Every audit's progress events, until the client goes away. */
async function* allAuditEvents(ctx: ServerContext): AsyncGenerator<AuditProgressEvent> {
  const source = ctx.services.pubsub.subscribe('auditsChanged');
  const iterator = source[Symbol.asyncIterator]();
  try {
    while (true) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

builder.subscriptionField('auditsChanged', (t) =>
  t.field({
    type: AuditProgressRef,
    description:
      'Progress of every audit on this server: when one is queued (started or resumed), after each committed batch and at every status change. It never ends by itself; one stream is enough to keep a list of audits current.',
    subscribe: (_root, _args, ctx) => allAuditEvents(ctx),
    resolve: (event) => event,
  }),
);
