/**
 * Earlier builds used hash routes (`/#/audits/<id>`). Bookmarks and shared links of that form
 * still open the page they named: the hash route becomes the path, in place (no extra history
 * entry). A plain fragment such as `#main` (the skip link) is left alone.
 *
 * @returns the path it moved to, or null when the URL had no hash route
 */
export function adoptLegacyHashRoute(
  location: Location = window.location,
  history: History = window.history,
) {
  if (!location.hash.startsWith('#/')) return null;
  const path = location.hash.slice(1);
  history.replaceState(history.state, '', path);
  return path;
}
