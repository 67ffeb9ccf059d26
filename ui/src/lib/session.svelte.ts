// The session as the UI knows it (from `auth_status` and the commands that change it): who is
// logged in, whether the screen is locked, and what the role may do — only to hide actions;
// the use cases refuse them anyway.

import type { AuthStatusDto } from '../generated/bindings';

export const auth = $state<{ status: AuthStatusDto | null }>({ status: null });

/** Whether the acting person may do `permission` (everything in single-user mode). */
export function can(permission: string): boolean {
  const s = auth.status;
  if (!s || !s.accounts_exist) return true;
  return s.permissions.includes(permission);
}

/** Accounts exist and nobody is logged in: the login screen. */
export function needsLogin(s: AuthStatusDto | null): boolean {
  return !!s && s.accounts_exist && !s.user;
}
