import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

/**
 * A History API router small enough to read at once: the server answers every unknown
 * path with index.html, so /jobs/<id> can be bookmarked and reloaded.
 */
const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', notify);

export function navigate(to: string, { replace = false } = {}): void {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  notify();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export type Route =
  | { page: 'jobs' }
  | { page: 'job'; jobId: string }
  | { page: 'workers' }
  | { page: 'submit' }
  | { page: 'not-found'; path: string };

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/jobs') return { page: 'jobs' };
  if (path === '/workers') return { page: 'workers' };
  if (path === '/submit') return { page: 'submit' };
  const job = /^\/jobs\/([^/]+)$/.exec(path);
  if (job?.[1]) return { page: 'job', jobId: decodeURIComponent(job[1]) };
  return { page: 'not-found', path: pathname };
}

export const jobPath = (jobId: string) => `/jobs/${encodeURIComponent(jobId)}`;

/** An <a> that navigates in the page, unless opened in a new tab or window. */
export function Link({ to, onClick, ...props }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handleClick} {...props} />;
}
