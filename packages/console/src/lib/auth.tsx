import type { TStaffRole, TStaffUser } from '@kulup/contracts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';

import { call, session, setUnauthenticatedHandler } from './api';

type AuthState = { status: 'loading' } | { status: 'anonymous'; expired: boolean } | { status: 'signed-in'; staff: TStaffUser };
type Auth = {
  state: AuthState;
  login: (email: string, password: string) => Promise<void>;
  logout: () => void;
};

const AuthContext = createContext<Auth | undefined>(undefined);

/** Who is logged in: the token in sessionStorage, checked against `GET /api/v1/auth/me` on start. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>(() => (session.token() ? { status: 'loading' } : { status: 'anonymous', expired: false }));

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      session.clear();
      setState({ status: 'anonymous', expired: true });
    });
    if (!session.token()) return;
    call('currentStaff', {}).then(
      (staff) => setState({ status: 'signed-in', staff }),
      () => {
        session.clear();
        setState({ status: 'anonymous', expired: false });
      },
    );
  }, []);

  const login = useCallback(async (email: string, password: string) => {
    const answer = await call('login', { body: { email, password } });
    session.set(answer.token);
    setState({ status: 'signed-in', staff: answer.staff });
  }, []);
  const logout = useCallback(() => {
    session.clear();
    setState({ status: 'anonymous', expired: false });
  }, []);

  const value = useMemo(() => ({ state, login, logout }), [state, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** The logged-in staff user (only inside the signed-in shell). */
export function useStaff(): TStaffUser {
  const { state } = useAuth();
  if (state.status !== 'signed-in') throw new Error('useStaff without a signed-in user');
  return state.staff;
}

export function hasRole(staff: Pick<TStaffUser, 'role'>, roles: readonly TStaffRole[]): boolean {
  return roles.includes(staff.role);
}
