import { describe, expect, it } from 'vitest';
import type { BackupStatusDto, NewAccountForm } from '../generated/bindings';
import {
  backupCardText,
  idleMinutesError,
  idleText,
  stepPermission,
  usernameError,
  validateNewAccount,
  validatePasswordChange,
} from './accounts';
import { formatDateTime } from './format';

const form = (over: Partial<NewAccountForm> = {}): NewAccountForm => ({
  username: 'canbo.lan',
  full_name: 'Lê Thị Lan',
  role: 'staff',
  password: 'matkhau123',
  ...over,
});

describe('account forms', () => {
  it('accepts a complete new account', () => {
    expect(validateNewAccount(form(), 'matkhau123')).toEqual({});
  });

  it('names every problem at once', () => {
    const e = validateNewAccount(form({ username: 'cán bộ', full_name: ' ', password: 'ngan' }), 'khac');
    expect(e.username).toMatch(/không dấu/);
    expect(e.full_name).toBe('Không được để trống.');
    expect(e.password).toMatch(/ít nhất 8 ký tự/);
    expect(e.password_confirm).toMatch(/không khớp/);
  });

  it('counts characters, not bytes, like the use case', () => {
    // Eight Vietnamese letters are enough even though they take more bytes.
    expect(validateNewAccount(form({ password: 'mậtkhẩuạ' }), 'mậtkhẩuạ').password).toBeUndefined();
  });

  it('usernames are ASCII letters, digits, dot, underscore, dash', () => {
    expect(usernameError('van_thu-1.a')).toBeNull();
    expect(usernameError('')).toBe('Không được để trống.');
    expect(usernameError('văn thư')).not.toBeNull();
  });

  it('a password change needs the old one and a different, repeated new one', () => {
    expect(validatePasswordChange('', 'matkhaumoi1', 'matkhaumoi1')).toEqual({ old: 'Không được để trống.' });
    expect(validatePasswordChange('matkhau123', 'matkhau123', 'matkhau123').new).toMatch(/khác/);
    expect(validatePasswordChange('matkhau123', 'matkhaumoi1', 'matkhaumoi2').new_confirm).toMatch(/không khớp/);
    expect(validatePasswordChange('matkhau123', 'matkhaumoi1', 'matkhaumoi1')).toEqual({});
  });

  it('says the idle limit in minutes, or seconds when short', () => {
    expect(idleText(600)).toBe('10 phút');
    expect(idleText(3)).toBe('3 giây');
  });

  it('the idle limit is 1 to 120 whole minutes', () => {
    expect(idleMinutesError(10)).toBeNull();
    expect(idleMinutesError(0)).not.toBeNull();
    expect(idleMinutesError(121)).not.toBeNull();
    expect(idleMinutesError(2.5)).not.toBeNull();
  });
});

describe('step permissions', () => {
  it('maps outgoing and incoming steps to the permissions the use cases check', () => {
    expect(stepPermission('outgoing', 'approve')).toBe('approve');
    expect(stepPermission('outgoing', 'issue')).toBe('issue');
    expect(stepPermission('outgoing', 'submit')).toBe('draft');
    expect(stepPermission('incoming', 'assign')).toBe('assign_work');
    expect(stepPermission('incoming', 'done')).toBe('handle_work');
    expect(stepPermission('incoming', 'unknown')).toBeNull();
  });
});

describe('backup card', () => {
  const base: BackupStatusDto = {
    folder: '/d/backups',
    verified_at: Date.UTC(2026, 10, 24, 2, 5), // 09:05 in Vietnam
    verified_name: 'vanthu-20261124-090500-thu-cong',
    stale: false,
    stale_after_days: 3,
    failed_newer: 0,
  };

  it('shows the time of the newest verified backup in Vietnam time', () => {
    expect(backupCardText(base, formatDateTime)).toEqual({
      text: 'Bản sao lưu đã kiểm tra gần nhất: 24/11/2026 09:05',
      warn: false,
    });
  });

  it('warns when it is old, broken or missing', () => {
    expect(backupCardText({ ...base, stale: true }, formatDateTime)).toEqual({
      text: 'Bản sao lưu đã kiểm tra gần nhất: 24/11/2026 09:05 — đã quá 3 ngày, hãy sao lưu lại.',
      warn: true,
    });
    expect(backupCardText({ ...base, failed_newer: 1 }, formatDateTime).warn).toBe(true);
    const none = backupCardText({ ...base, verified_at: null, verified_name: null, stale: true }, formatDateTime);
    expect(none.warn).toBe(true);
    expect(none.text).toMatch(/^Chưa có bản sao lưu nào/);
  });
});
