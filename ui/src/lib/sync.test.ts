import { describe, expect, it } from 'vitest';
import { errorTitle } from './labels';
import { glanceTitle, lastSyncText, pendingText, retryText } from './sync';

describe('sync wording', () => {
  it('never pretends a sync happened', () => {
    expect(lastSyncText(null)).toBe('Chưa có lần đồng bộ nào thành công');
    expect(glanceTitle({ configured: false, last_success_at: null, pending: 3, failing: false })).toBe(
      'Chưa thiết lập đồng bộ',
    );
  });
  it('shows the last success in Vietnam time, dd/mm/yyyy', () => {
    expect(lastSyncText(Date.UTC(2026, 10, 24, 2, 5))).toBe('Lần đồng bộ gần nhất: 24/11/2026 09:05');
    expect(retryText(Date.UTC(2026, 10, 24, 2, 7))).toBe('Sẽ tự thử lại lúc 09:07');
    expect(retryText(null)).toBe('');
  });
  it('says whether changes wait and whether the last try failed', () => {
    expect(pendingText(0)).toBe('Đã gửi hết thay đổi lên tỉnh');
    expect(pendingText(12)).toBe('12 thay đổi chờ gửi lên tỉnh');
    const s = { configured: true, last_success_at: 1, pending: 0, failing: true };
    expect(glanceTitle(s)).toBe('Đồng bộ chưa thành công');
    expect(glanceTitle({ ...s, failing: false })).toBe('Đã thiết lập đồng bộ');
  });
});

describe('sync and backup error titles', () => {
  it('name the problem a clerk can act on', () => {
    expect(errorTitle('enrol_code_used')).toBe('Mã đăng ký không dùng được');
    expect(errorTitle('network')).toBe('Không kết nối được máy chủ của tỉnh');
    expect(errorTitle('revoked')).toBe('Máy này không được tỉnh cho phép đồng bộ');
    expect(errorTitle('backup_invalid')).toBe('Bản sao lưu không dùng được');
  });
});
