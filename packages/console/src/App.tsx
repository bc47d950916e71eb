import type { TStaffRole } from '@kulup/contracts';
import type { ReactNode } from 'react';
import { Navigate, RouterProvider, createBrowserRouter } from 'react-router';

import { Shell } from './layout/Shell';
import { Forbidden, Loading, NotFound } from './layout/ui';
import { hasRole, useAuth, useStaff } from './lib/auth';
import { LoginPage } from './pages/login/LoginPage';
import { consoleRoutes, homePath } from './routes';

function RoleGate({ roles, children }: { roles: readonly TStaffRole[]; children: ReactNode }) {
  const staff = useStaff();
  return hasRole(staff, roles) ? children : <Forbidden />;
}

function Home() {
  const staff = useStaff();
  return <Navigate to={homePath(staff.role)} replace />;
}

const router = createBrowserRouter(
  [
    {
      path: '/',
      element: <Shell />,
      children: [
        { index: true, element: <Home /> },
        ...consoleRoutes.map(({ path, roles, Page }) => ({
          path,
          element: (
            <RoleGate roles={roles}>
              <Page />
            </RoleGate>
          ),
        })),
        { path: '*', element: <NotFound /> },
      ],
    },
  ],
  { basename: '/console' },
);

/** Login until a staff user is signed in, then the routed console (deep links survive the login). */
export function App() {
  const { state } = useAuth();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'anonymous') return <LoginPage expired={state.expired} />;
  return <RouterProvider router={router} />;
}
