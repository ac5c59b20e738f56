/**
 * The page's settings live in the URL's query string, so a result can be shared and reproduced: read once
 * at start, rewritten (without a history entry) after every change.
 */
export function readUrlSettings(search = location.search): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(search));
}

export function writeUrlSettings(settings: Record<string, string>): void {
  const query = new URLSearchParams(
    Object.entries(settings).sort(([a], [b]) => a.localeCompare(b)),
  ).toString();
  history.replaceState(null, '', `${location.pathname}?${query}${location.hash}`);
}
