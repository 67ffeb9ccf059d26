// Plain Vietnamese for one record's sync state (the badge on a document's detail view and the
// mark in the register) and for the conflict log's "who" line.

import type { ConflictSideDto, RecordSyncDto } from '../generated/bindings';
import { formatDateTime } from './format';

/** The badge's kind, for its colour: `ok`, `waiting` or `off`. */
export type SyncTone = 'ok' | 'waiting' | 'off';

/** The badge: "Đã đồng bộ lúc 24/11/2026 09:05", "Chờ gửi lên tỉnh (2 thay đổi)", … */
export function recordSyncText(s: RecordSyncDto): string {
  switch (s.state) {
    case 'pending':
      return `Chờ gửi lên tỉnh (${s.changes} thay đổi)`;
    case 'synced':
      return s.synced_at === null ? 'Đã đồng bộ' : `Đã đồng bộ lúc ${formatDateTime(s.synced_at)}`;
    default:
      return 'Chưa thiết lập đồng bộ';
  }
}

export function recordSyncTone(s: RecordSyncDto): SyncTone {
  return s.state === 'synced' ? 'ok' : s.state === 'pending' ? 'waiting' : 'off';
}

/** The register's one-character mark and its text for screen readers; none before enrolment
 * (every row would carry the same mark). */
export function recordSyncMark(s: RecordSyncDto | undefined): { glyph: string; label: string } | null {
  if (!s || s.state === 'local') return null;
  return s.state === 'pending'
    ? { glyph: '↑', label: 'chờ gửi lên tỉnh' }
    : { glyph: '✓', label: 'đã đồng bộ với tỉnh' };
}

/** "Trần Thị Lan, máy này, lúc 24/11/2026 09:30" — whatever of it is known. */
export function sideText(s: ConflictSideDto): string {
  const parts = [s.person, s.device ?? null, s.at === null ? null : `lúc ${formatDateTime(s.at)}`];
  return parts.filter((p): p is string => !!p).join(', ');
}

/** The menu's count: nothing for none, "9+" past nine (the badge stays one glyph wide-ish). */
export function unseenBadge(n: number): string {
  return n <= 0 ? '' : n > 9 ? '9+' : String(n);
}
