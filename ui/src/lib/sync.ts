// Plain Vietnamese for the sync state: Home's card and the Đồng bộ screen say the same thing.

import { formatDateTime } from './format';

/** What Home's card needs to know (HomeDto.sync and SyncStateDto both carry it). */
export interface SyncGlance {
  configured: boolean;
  last_success_at: number | null;
  pending: number;
  failing: boolean;
}

/** "Lần đồng bộ gần nhất: 24/11/2026 09:05", or that none succeeded yet. */
export function lastSyncText(lastSuccessAt: number | null): string {
  return lastSuccessAt === null
    ? 'Chưa có lần đồng bộ nào thành công'
    : `Lần đồng bộ gần nhất: ${formatDateTime(lastSuccessAt)}`;
}

/** Changes waiting to be sent, as a short line. */
export function pendingText(pending: number): string {
  return pending === 0 ? 'Đã gửi hết thay đổi lên tỉnh' : `${pending} thay đổi chờ gửi lên tỉnh`;
}

/** When the next automatic try is, as a line ("Sẽ tự thử lại lúc 09:07"); empty when none. */
export function retryText(retryAt: number | null): string {
  if (retryAt === null) return '';
  // Only the time of day: a retry is at most a few minutes away.
  return `Sẽ tự thử lại lúc ${formatDateTime(retryAt).slice(11)}`;
}

/** The card's one-line state. */
export function glanceTitle(s: SyncGlance): string {
  if (!s.configured) return 'Chưa thiết lập đồng bộ';
  return s.failing ? 'Đồng bộ chưa thành công' : 'Đã thiết lập đồng bộ';
}
