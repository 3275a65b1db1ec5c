import { useEffect } from 'react';

/** What every page title ends with, and the whole title of a page that names nothing. */
export const APP_NAME = 'snowblind';

/** A page's browser title: what it shows first, then the app's name (`Models · snowblind`). */
export const documentTitle = (page: string | null) => (page ? `${page} · ${APP_NAME}` : APP_NAME);

/**
 * Set the browser tab's title for the page being shown, so tabs, history and bookmarks tell
 * pages apart and a screen reader announces where a client-side navigation went. Each page calls
 * it with its own name; it holds for as long as the page is shown.
 */
export function useDocumentTitle(page: string | null): void {
  useEffect(() => {
    document.title = documentTitle(page);
  }, [page]);
}
