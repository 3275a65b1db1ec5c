import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { adoptLegacyHashRoute } from './lib/legacy-hash-route.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
adoptLegacyHashRoute();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
