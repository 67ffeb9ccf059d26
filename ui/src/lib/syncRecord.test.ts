import { describe, expect, it } from 'vitest';
import type { ConflictSideDto, RecordSyncDto } from '../generated/bindings';
import { recordSyncMark, recordSyncText, recordSyncTone, sideText, unseenBadge } from './syncRecord';

const base: RecordSyncDto = { id: 'd1', state: 'local', since: null, changes: 0, synced_at: null, conflicts: 0 };

describe('a record’s sync badge', () => {
  it('says honestly when sync is not set up, and marks nothing in the register', () => {
    expect(recordSyncText(base)).toBe('Chưa thiết lập đồng bộ');
    expect(recordSyncTone(base)).toBe('off');
    expect(recordSyncMark(base)).toBeNull();
    expect(recordSyncMark(undefined)).toBeNull();
  });
  it('counts the changes waiting to be sent', () => {
    const s = { ...base, state: 'pending', since: 1, changes: 2 };
    expect(recordSyncText(s)).toBe('Chờ gửi lên tỉnh (2 thay đổi)');
    expect(recordSyncTone(s)).toBe('waiting');
    expect(recordSyncMark(s)).toEqual({ glyph: '↑', label: 'chờ gửi lên tỉnh' });
  });
  it('gives the time of the sync in Vietnam time, dd/mm/yyyy', () => {
    const s = { ...base, state: 'synced', synced_at: Date.UTC(2026, 10, 24, 2, 5) };
    expect(recordSyncText(s)).toBe('Đã đồng bộ lúc 24/11/2026 09:05');
    expect(recordSyncText({ ...s, synced_at: null })).toBe('Đã đồng bộ');
    expect(recordSyncTone(s)).toBe('ok');
    expect(recordSyncMark(s)?.label).toBe('đã đồng bộ với tỉnh');
  });
});

describe('the conflict log', () => {
  it('says who made a change with what is known', () => {
    const side: ConflictSideDto = {
      value: 'Lê Văn Hùng',
      at: Date.UTC(2026, 10, 24, 2, 30),
      device: 'máy này',
      this_device: true,
      person: 'Trần Thị Lan',
    };
    expect(sideText(side)).toBe('Trần Thị Lan, máy này, lúc 24/11/2026 09:30');
    expect(sideText({ ...side, person: null, at: null })).toBe('máy này');
  });
  it('keeps the menu count short', () => {
    expect(unseenBadge(0)).toBe('');
    expect(unseenBadge(3)).toBe('3');
    expect(unseenBadge(12)).toBe('9+');
  });
});
