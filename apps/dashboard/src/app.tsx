import { lazy, Suspense, useEffect, useMemo } from 'react';
import { Provider } from 'urql';
import { Route, Switch } from 'wouter';
import { ConnectionBanner } from './components/connection-banner.js';
import { Loading } from './components/loading.js';
import { NavBar } from './components/nav-bar.js';
import { RouteFocus } from './components/route-focus.js';
import { TokenSettings } from './components/token-settings.js';
import { createGraphqlClient } from './graphql/client.js';
import { ConnectionContext } from './hooks/use-connection.js';
import { useToken } from './hooks/use-token.js';
import { ConnectionMonitor, probeHealth } from './lib/connection-monitor.js';
import { AuditsPage } from './pages/audits-page.js';
import { NewAuditPage } from './pages/new-audit-page.js';
import { NotFoundPage } from './pages/not-found-page.js';

// The pages with charts load recharts on first visit: the audit list and the form stay light.
const AuditPage = lazy(() => import('./pages/audit-page.js').then((m) => ({ default: m.AuditPage })));
const ComparePage = lazy(() => import('./pages/compare-page.js').then((m) => ({ default: m.ComparePage })));
const SamplePage = lazy(() => import('./pages/sample-page.js').then((m) => ({ default: m.SamplePage })));
// The models page loads the Markdown renderer for the model cards.
const ModelsPage = lazy(() => import('./pages/models-page.js').then((m) => ({ default: m.ModelsPage })));

/**
 * The dashboard: one urql client (rebuilt when the token changes) and path routes, so every page
 * has a real URL that survives a reload or a bookmark (the server answers `index.html` for them).
 */
export function App() {
  const [token, setToken] = useToken();
  const connection = useMemo(() => new ConnectionMonitor({ probe: () => probeHealth() }), []);
  useEffect(() => () => connection.dispose(), [connection]);
  const client = useMemo(() => createGraphqlClient(token, undefined, connection), [token, connection]);
  return (
    <ConnectionContext.Provider value={connection}>
      <Provider value={client}>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <RouteFocus />
        <NavBar />
        <ConnectionBanner />
        <main id="main" tabIndex={-1}>
          <Suspense fallback={<Loading what="the page" />}>
            <Switch>
              <Route path="/" component={AuditsPage} />
              <Route path="/models" component={ModelsPage} />
              <Route path="/new" component={NewAuditPage} />
              <Route path="/compare" component={ComparePage} />
              <Route path="/audits/:id" component={AuditPage} />
              <Route path="/audits/:id/samples/:run/:index" component={SamplePage} />
              <Route component={NotFoundPage} />
            </Switch>
          </Suspense>
        </main>
        <footer className="footer">
          <TokenSettings token={token} onChange={setToken} />
          <span>
            API: <code>/graphql</code>
          </span>
        </footer>
      </Provider>
    </ConnectionContext.Provider>
  );
}
