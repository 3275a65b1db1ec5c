import { useQuery } from 'urql';
import { ErrorList } from '../components/error-list.js';
import { Loading } from '../components/loading.js';
import { ModelDetails } from '../components/model-details.js';
import { RegisterModelFormView } from '../components/register-model-form.js';
import { MODELS_QUERY } from '../graphql/models.js';
import type { Model } from '../graphql/types.js';
import { apiErrors } from '../lib/api-errors.js';

/** Every model the server can audit (labels, preset, source, model card), and a form to add one. */
export function ModelsPage() {
  const [{ data, fetching, error }, refetch] = useQuery<{ models: Model[] }>({ query: MODELS_QUERY });
  return (
    <section>
      <h1>Models</h1>
      <details className="card">
        <summary>Register a model</summary>
        <RegisterModelFormView onRegistered={() => refetch({ requestPolicy: 'network-only' })} />
      </details>
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
