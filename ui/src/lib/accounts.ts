// Accounts and the session (src-tauri/src/commands/accounts.rs), and the checks of their forms
// done before calling the app. The use cases check again; these only spare a round trip and
// show every problem next to its field.

import type {
  AccountChangeForm,
  AccountDto,
  AuthStatusDto,
  BackupStatusDto,
  NewAccountForm,
} from '../generated/bindings';
import { call } from './api';
import type { Errors } from './validate';

export const accountsApi = {
  status: () => call<AuthStatusDto>('auth_status'),
  login: (username: string, password: string) => call<AuthStatusDto>('login', { username, password }),
  logout: () => call<AuthStatusDto>('logout'),
  lock: () => call<AuthStatusDto>('lock'),
  unlock: (password: string) => call<AuthStatusDto>('unlock', { password }),
  touch: () => call<void>('touch_session'),
  changePassword: (old: string, next: string) => call<AuthStatusDto>('change_password', { old, new: next }),
  list: () => call<AccountDto[]>('list_user_accounts'),
  create: (form: NewAccountForm) => call<AccountDto>('create_user_account', { form }),
  update: (form: AccountChangeForm) => call<AccountDto>('update_user_account', { form }),
  setIdleMinutes: (minutes: number) => call<AuthStatusDto>('set_idle_minutes', { minutes }),
  backupStatus: () => call<BackupStatusDto>('backup_status_card'),
};

/** As `vanthu_local::accounts::MIN_PASSWORD_LEN`. */
export const MIN_PASSWORD_LEN = 8;

const REQUIRED = 'Không được để trống.';

/** A new password and its repetition. */
export function passwordErrors(e: Errors, field: string, password: string, confirm: string): void {
  if (!password) e[field] = REQUIRED;
  else if ([...password].length < MIN_PASSWORD_LEN) e[field] = `Mật khẩu cần ít nhất ${MIN_PASSWORD_LEN} ký tự.`;
  if (password && confirm !== password) e[`${field}_confirm`] = 'Hai lần nhập mật khẩu không khớp.';
}

/** Letters without diacritics, digits, dot, underscore, dash (as the use case). */
export function usernameError(username: string): string | null {
  const u = username.trim();
  if (!u) return REQUIRED;
  if (!/^[A-Za-z0-9._-]+$/.test(u)) return 'Chỉ dùng chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang.';
  return null;
}

/** The focal point's form for a new account (with the password typed twice). */
export function validateNewAccount(form: NewAccountForm, confirm: string): Errors {
  const e: Errors = {};
  const u = usernameError(form.username);
  if (u) e.username = u;
  if (!form.full_name.trim()) e.full_name = REQUIRED;
  if (!form.role) e.role = REQUIRED;
  passwordErrors(e, 'password', form.password, confirm);
  return e;
}

/** Changing one's own password. */
export function validatePasswordChange(old: string, next: string, confirm: string): Errors {
  const e: Errors = {};
  if (!old) e.old = REQUIRED;
  passwordErrors(e, 'new', next, confirm);
  if (old && next && old === next) e.new = 'Mật khẩu mới phải khác mật khẩu cũ.';
  return e;
}

/** The idle limit in words: "10 phút" (or seconds under the tests' short limit). */
export function idleText(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} phút` : `${seconds} giây`;
}

/** Minutes before the lock, as Cài đặt accepts them. */
export function idleMinutesError(minutes: number): string | null {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 120) return 'Từ 1 đến 120 phút.';
  return null;
}

/** The permission each step needs in the use cases (`outgoing/lifecycle.rs`,
 * `incoming/workflow.rs`): only to hide buttons a role cannot use. */
const OUTGOING_STEP_PERMISSION: Record<string, string> = {
  submit: 'draft',
  approve: 'approve',
  return: 'approve',
  sign: 'approve',
  issue: 'issue',
  send: 'issue',
};
const INCOMING_STEP_PERMISSION: Record<string, string> = {
  submit: 'route_incoming',
  file: 'route_incoming',
  assign: 'assign_work',
  reassign: 'assign_work',
  extend: 'assign_work',
  progress: 'handle_work',
  done: 'handle_work',
};

export function stepPermission(kind: 'incoming' | 'outgoing', action: string): string | null {
  return (kind === 'outgoing' ? OUTGOING_STEP_PERMISSION : INCOMING_STEP_PERMISSION)[action] ?? null;
}

/** Home's backup card: its sentence and whether it warns. */
export function backupCardText(s: BackupStatusDto, formatDateTime: (ms: number) => string): { text: string; warn: boolean } {
  if (s.verified_at === null) {
    return {
      text:
        s.failed_newer > 0
          ? 'Không có bản sao lưu nào kiểm tra đạt: các bản gần nhất bị hỏng. Hãy sao lưu ngay.'
          : 'Chưa có bản sao lưu nào. Hãy sao lưu ngay để phòng mất dữ liệu.',
      warn: true,
    };
  }
  let text = `Bản sao lưu đã kiểm tra gần nhất: ${formatDateTime(s.verified_at)}`;
  if (s.stale) text += ` — đã quá ${s.stale_after_days} ngày, hãy sao lưu lại.`;
  if (s.failed_newer > 0) text += ` (${s.failed_newer} bản mới hơn bị hỏng.)`;
  return { text, warn: s.stale || s.failed_newer > 0 };
}
