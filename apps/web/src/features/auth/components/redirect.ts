/**
 * Where to go after signing in: the remembered in-app address when it is a plain same-origin
 * path, else the start page (never an absolute URL: no open redirect; never a signed-out page).
 */
export function safeRedirect(target: string | undefined): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/';
  const pathname = target.split(/[?#]/, 1)[0] ?? '/';
  if (pathname === '/login' || pathname === '/setup' || pathname.startsWith('/invite/')) return '/';
  return target;
}
