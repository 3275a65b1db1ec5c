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
