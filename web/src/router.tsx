import { isValidElement, lazy, useMemo, type AnchorHTMLAttributes, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { Link as RouterLink, useLocation as useRouterLocation, type NavigateFunction } from 'react-router';
import type { Role, User } from './api';

/**
 * The pages' view of the router: `Link`, `navigate` and `useLocation`, thin wrappers over
 * react-router (declarative routes, see App.tsx). Pages keep this small API, so swapping the router
 * changed no page's links; `navigate` is callable from event handlers and effects without a hook,
 * through react-router's navigate function, which App.tsx hands over with `attachNavigate`.
 */

let active: NavigateFunction | null = null;

/** Called by App.tsx (in a layout effect, before any page's effect) with react-router's navigate. */
export function attachNavigate(fn: NavigateFunction): void {
  active = fn;
}

export interface Location {
  pathname: string;
  search: URLSearchParams;
  href: string;
}

/** Normalises a path: no trailing slash (except "/"). */
export function normalizePath(pathname: string): string {
  if (pathname.length > 1 && pathname.endsWith('/')) return pathname.replace(/\/+$/, '') || '/';
  return pathname;
}

/** The current address: the path without a trailing slash, the query, and path + query as `href`. */
export function useLocation(): Location {
  const { pathname, search } = useRouterLocation();
  return useMemo(() => {
    const url = new URL(pathname + search, window.location.origin);
    return { pathname: normalizePath(url.pathname), search: url.searchParams, href: url.pathname + url.search };
  }, [pathname, search]);
}

/** Goes to `to` (a same-origin path with its query); going where we already are adds no history entry. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (!active) throw new Error('navigate() before the router started');
  if (to === window.location.pathname + window.location.search && !opts.replace) return;
  void active(to, { replace: opts.replace });
}

/** Only same-origin, relative paths are accepted as "return to" targets. */
export function safeReturnPath(value: string | null): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (value.startsWith('/api/') || value === '/dang-nhap' || value.startsWith('/dang-nhap?')) return null;
  return value;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An `<a href>` that navigates in the page on a plain left click (new tab, modifiers: the browser's). */
export function Link(props: LinkProps) {
  return <RouterLink {...props} />;
}

/** True when `pathname` is `path` or lies below it (for highlighting the current section). */
export function isActivePath(pathname: string, path: string): boolean {
  if (path === '/') return pathname === '/';
  return pathname === path || pathname.startsWith(path + '/');
}

/** A route's path parameters, decoded (`:code`, and `*` for the rest of the path). */
export type RouteParams = Readonly<Record<string, string | undefined>>;

/**
 * One screen of the route table. Each area lists its screens in `pages/<area>/routes.tsx`; App.tsx
 * turns them into react-router routes behind the role check.
 */
export interface ScreenRoute {
  /** A react-router path: static, `:param` segments, or a trailing `*`. Matched case-sensitively. */
  path: string;
  /** null: public; otherwise the roles allowed (any one of them). */
  roles: readonly Role[] | null;
  /** A further check of the parameters (an id's shape); a refused address is "not found". */
  accept?: (params: RouteParams) => boolean;
  /** Device screens (kiosk, call screen, …) fill the browser: no site header and footer. */
  fullscreen?: boolean;
  /** The screen; `user` is set whenever `roles` is (the role check ran). */
  render: (user: User | null, params: RouteParams) => ReactNode;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- React.lazy's own bound: any props
type AnyComponent = ComponentType<any>;
type ComponentNames<M> = { [K in keyof M]: M[K] extends AnyComponent ? K : never }[keyof M] & string;

/**
 * A lazily loaded screen; `displayName` is the export's name (tests and React DevTools read it),
 * `preload` fetches its area's chunk without rendering it.
 */
export type LazyScreen<C extends AnyComponent> = LazyExoticComponent<C> & { displayName: string; preload: () => Promise<unknown> };

/** The `preload` of the lazy screen `node` renders, if it is one. */
export function preloadOf(node: ReactNode): (() => Promise<unknown>) | undefined {
  if (!isValidElement(node) || typeof node.type !== 'object' || node.type === null) return undefined;
  const preload = (node.type as { preload?: unknown }).preload;
  return typeof preload === 'function' ? (preload as () => Promise<unknown>) : undefined;
}

/**
 * One area's screens loaded on first use: `load` is a dynamic `import()` of the area's module, so
 * the bundler puts the area in its own chunk; `screen(name)` is a component standing for one of its
 * exports. The import runs once for the whole area (and again after a failure).
 */
export function lazyScreens<M>(load: () => Promise<M>) {
  let pending: Promise<M> | null = null;
  const once = (): Promise<M> =>
    (pending ??= load().then(
      (module) => {
        forgetReload();
        return module;
      },
      (err: unknown) => {
        pending = null;
        return reloadForNewBuild(err);
      },
    ));
  const screen = <K extends ComponentNames<M>>(name: K): LazyScreen<M[K] & AnyComponent> => {
    const component = lazy(async () => ({ default: (await once())[name] as M[K] & AnyComponent }));
    return Object.assign(component, { displayName: name, preload: once });
  };
  return { screen, preload: once };
}

const RELOADED_KEY = 'motcua.chunkReload';

/**
 * A chunk that fails to load usually means a new version was installed while this tab was open (the
 * old build's hashed files are gone, the server answers 404): reload the page once to get the new
 * build, showing the loading state meanwhile. A second failure at the same address is real and goes
 * to the error boundary.
 */
function reloadForNewBuild(err: unknown): Promise<never> {
  const here = window.location.href;
  let reloaded: string | null;
  try {
    reloaded = sessionStorage.getItem(RELOADED_KEY);
    sessionStorage.setItem(RELOADED_KEY, here);
  } catch {
    reloaded = here; // no storage: never risk a reload loop
  }
  if (reloaded === here) return Promise.reject(err);
  window.location.reload();
  return new Promise<never>(() => undefined);
}

function forgetReload(): void {
  try {
    sessionStorage.removeItem(RELOADED_KEY);
  } catch {
    // no storage: nothing was kept
  }
}
