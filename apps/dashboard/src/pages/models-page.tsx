import { useState } from 'react';
import { useQuery } from 'urql';
import { CheckPhoto } from '../components/check-photo.js';
import { ErrorList } from '../components/error-list.js';
import { Loading } from '../components/loading.js';
import { ModelDetails } from '../components/model-details.js';
import { RegisterModelFormView } from '../components/register-model-form.js';
import { MODELS_QUERY } from '../graphql/models.js';
import type { Model } from '../graphql/types.js';
import { useDocumentTitle } from '../hooks/use-document-title.js';
import { apiErrors } from '../lib/api-errors.js';

/**
 * Every model the server can audit (labels, preset, source, model card), a form to add one, and
 * a check of a model on a photo (opened on the model just registered).
 */
export function ModelsPage() {
  const [{ data, fetching, error }, refetch] = useQuery<{ models: Model[] }>({ query: MODELS_QUERY });
  const [registered, setRegistered] = useState<string | null>(null);
  useDocumentTitle('Models');
  return (
    <section>
      <h1>Models</h1>
      <details className="card">
        <summary>Register a model</summary>
        <RegisterModelFormView
          onRegistered={(id) => {
            setRegistered(id);
            refetch({ requestPolicy: 'network-only' });
          }}
        />
      </details>
      {data?.models.length ? (
        <details className="card" open={registered !== null}>
          <summary>Check a model on a photo</summary>
          <CheckPhoto models={data.models.map((m) => m.id)} model={registered} />
        </details>
      ) : null}
      <ErrorList errors={apiErrors(error)} />
      {fetching && !data ? <Loading what="models" /> : null}
      {data?.models.length === 0 ? <p>No models registered.</p> : null}
      <div className="model-list">
        {data?.models.map((m) => (
          <ModelDetails key={m.id} model={m} />
        ))}
      </div>
    </section>
  );
}
