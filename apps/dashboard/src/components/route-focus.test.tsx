// @vitest-environment happy-dom
import { act, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, it } from 'vitest';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import '../test/render.js';
import { RouteFocus } from './route-focus.js';

describe('RouteFocus', () => {
  it('leaves focus alone on first load, even under StrictMode, and moves it to <main> on a route change', () => {
    const { hook, navigate } = memoryLocation({ path: '/', record: true });
    render(
      <StrictMode>
        <Router hook={hook}>
          <a href="#main">Skip to content</a>
          <RouteFocus />
          <main id="main" tabIndex={-1} />
        </Router>
      </StrictMode>,
    );
    expect(document.activeElement).toBe(document.body);
    act(() => navigate('/models'));
    expect(document.activeElement?.id).toBe('main');
  });
});
