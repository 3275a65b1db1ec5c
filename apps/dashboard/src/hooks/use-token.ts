import { useCallback, useState } from 'react';

const KEY = 'snowblind-token';

function read(): string | null {
  try {
    return globalThis.localStorage?.getItem(KEY) || null;
  } catch {
    return null;
  }
}

/** The bearer token for mutations (servers started with `SNOWBLIND_TOKEN`), kept in localStorage. */
export function useToken(): [string | null, (token: string | null) => void] {
  const [token, setState] = useState<string | null>(read);
  const setToken = useCallback((next: string | null) => {
    try {
      if (next) localStorage.setItem(KEY, next);
      else localStorage.removeItem(KEY);
    } catch {
      // Private mode: keep it for this page only.
    }
    setState(next || null);
  }, []);
  return [token, setToken];
}
