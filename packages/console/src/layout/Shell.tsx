import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';

import { setLanguage } from '../i18n';
import { hasRole, useAuth, useStaff } from '../lib/auth';
import { consoleRoutes } from '../routes';
import { Loading } from './ui';

/** The signed-in frame: skip link, navigation for the user's role, language switch and logout. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const staff = useStaff();
  const { logout } = useAuth();
  const nav = consoleRoutes.filter((r) => r.nav && hasRole(staff, r.roles));
  const other = i18n.language === 'en' ? 'tr' : 'en';
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header className="topbar">
        <span className="brand" aria-hidden="true">
          Kulüp
        </span>
        <nav aria-label={t('shell.navigation')}>
          <ul>
            {nav.map((r) => (
              <li key={r.path}>
                <NavLink to={`/${r.path}`}>{t(`nav.${r.nav!}`)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-end">
          <span className="who">
            {staff.name} · <span className="role">{t(`role.${staff.role}`)}</span>
          </span>
          <button type="button" className="link-button" lang={other} onClick={() => setLanguage(other)}>
            {t('shell.switchLanguage')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              // A full reload to the start page: nothing of this user's session stays in memory.
              logout();
              location.assign('/console/');
            }}
          >
            {t('shell.logout')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
