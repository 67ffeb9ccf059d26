import { describe, expect, it } from 'vitest';
import { actionLabel, deadlineClass, errorTitle, INCOMING_ACTIONS } from './labels';

describe('labels', () => {
  it('names every incoming step the app can return', () => {
    for (const code of ['submit', 'assign', 'reassign', 'extend', 'progress', 'done', 'file']) {
      expect(INCOMING_ACTIONS.some((a) => a.code === code)).toBe(true);
    }
    expect(actionLabel('extend_deadline')).toBe('Gia hạn');
    expect(actionLabel('unknown_step')).toBe('unknown_step');
    expect(actionLabel('submit')).toBe('Trình lãnh đạo');
    expect(actionLabel('submit', 'outgoing')).toBe('Trình duyệt');
    expect(actionLabel('issue', 'outgoing')).toBe('Cấp số, ban hành');
  });
  it('words errors by code', () => {
    expect(errorTitle('duplicate')).toBe('Có thể trùng văn bản');
    expect(errorTitle('whatever')).toBe('Có lỗi xảy ra');
  });
  it('colours deadline states', () => {
    expect(deadlineClass('overdue')).toContain('danger');
    expect(deadlineClass('due_soon')).toContain('warn');
    expect(deadlineClass('not_due')).toBe('badge');
  });
});
