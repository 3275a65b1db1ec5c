/** Start an audit through the API itself (no page involved); resolves to its id. */
export async function startAuditByApi(graphqlUrl: string, input: Record<string, unknown>): Promise<string> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($input: StartAuditInput!) { startAudit(input: $input) { id } }',
      variables: { input },
    }),
  });
  const body = (await response.json()) as { data?: { startAudit: { id: string } }; errors?: unknown[] };
  if (!body.data) throw new Error(`startAudit failed: ${JSON.stringify(body.errors)}`);
  return body.data.startAudit.id;
}

/** POST a GraphQL document to the API and answer its `data`. */
export async function graphqlData<T>(
  graphqlUrl: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const body = (await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  }).then((r) => r.json())) as { data: T };
  return body.data;
}

/**
 * Wait until an audit has succeeded, polling its status (usable in a `beforeAll`, where
 * `expect.poll` is not); throws if it ends otherwise or runs over `timeoutMs`.
 */
export async function waitForAudit(graphqlUrl: string, id: string, timeoutMs = 120_000): Promise<void> {
  const query = 'query($id: ID!) { audit(id: $id) { status } }';
  for (const t0 = Date.now(); Date.now() - t0 < timeoutMs; ) {
    const { status } = (await graphqlData<{ audit: { status: string } }>(graphqlUrl, query, { id })).audit;
    if (status === 'SUCCEEDED') return;
    if (status !== 'QUEUED' && status !== 'RUNNING') throw new Error(`audit ${id} ended ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`audit ${id} did not end in ${timeoutMs / 1000} s`);
}
