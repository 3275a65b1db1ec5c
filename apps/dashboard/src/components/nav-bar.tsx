import { Link, useLocation } from 'wouter';

const LINKS = [
  { href: '/', label: 'Audits' },
  { href: '/new', label: 'New audit' },
  { href: '/models', label: 'Models' },
  { href: '/compare', label: 'Compare' },
] as const;

/** The top bar: product name and the main sections, the current one marked for screen readers. */
export function NavBar() {
  const [location] = useLocation();
  return (
    <header className="nav">
      <Link href="/" className="brand">
        <span aria-hidden="true">❄</span> snowblind
      </Link>
      <nav aria-label="Main">
        <ul>
          {LINKS.map((l) => {
            const current = l.href === '/' ? location === '/' : location.startsWith(l.href);
            return (
              <li key={l.href}>
                <Link href={l.href} aria-current={current ? 'page' : undefined}>
                  {l.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </header>
  );
}
