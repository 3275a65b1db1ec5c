import { useMemo } from 'react';
import { Provider } from 'urql';
import { Route, Router, Switch } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { NavBar } from './components/nav-bar.js';
import { TokenSettings } from './components/token-settings.js';
import { createGraphqlClient } from './graphql/client.js';
import { useToken } from './hooks/use-token.js';
import { AuditPage } from './pages/audit-page.js';
import { AuditsPage } from './pages/audits-page.js';
import { ComparePage } from './pages/compare-page.js';
import { ModelsPage } from './pages/models-page.js';
import { NewAuditPage } from './pages/new-audit-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { SamplePage } from './pages/sample-page.js';

/** The dashboard: one urql client (rebuilt when the token changes) and hash routes. */
export function App() {
  const [token, setToken] = useToken();
  const client = useMemo(() => createGraphqlClient(token), [token]);
  return (
    <Provider value={client}>
      <Router hook={useHashLocation}>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <NavBar />
        <main id="main" tabIndex={-1}>
          <Switch>
            <Route path="/" component={AuditsPage} />
            <Route path="/models" component={ModelsPage} />
            <Route path="/new" component={NewAuditPage} />
            <Route path="/compare" component={ComparePage} />
            <Route path="/audits/:id" component={AuditPage} />
            <Route path="/audits/:id/samples/:run/:index" component={SamplePage} />
            <Route component={NotFoundPage} />
          </Switch>
        </main>
        <footer className="footer">
          <TokenSettings token={token} onChange={setToken} />
          <span>
            API: <code>/graphql</code>
          </span>
        </footer>
      </Router>
    </Provider>
  );
}
