import { useCallback } from 'react';
import { useLocation, useSearch } from 'wouter';

/**
 * One query-string parameter of the current page as state: a view setting (the sample grid's
 * order, say) that survives a reload, a shared link and the Back button. Setting it replaces the
 * history entry (no Back step per keystroke); the default value is left out of the URL.
 */
export function useSearchParam(name: string, fallback: string): [string, (value: string) => void] {
  const search = useSearch();
  const [path, navigate] = useLocation();
  const value = new URLSearchParams(search).get(name) ?? fallback;
  const set = useCallback(
    (next: string) => {
      const params = new URLSearchParams(window.location.search);
      if (next === fallback) params.delete(name);
      else params.set(name, next);
      const query = params.toString();
      navigate(query ? `${path}?${query}` : path, { replace: true });
    },
    [name, fallback, path, navigate],
  );
  return [value, set];
}
