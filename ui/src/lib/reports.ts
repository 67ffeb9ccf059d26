// Presentation helpers of the reports screen: period codes from what the form picks, the
// Vietnamese words for statuses and version steps, the "Đã lưu lúc hh:mm" clock, and the
// comparison of on-time rates. Figures themselves are computed in Rust and only shown here.

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const ROMAN = ['I', 'II', 'III', 'IV'];

export type PeriodKind = 'quarter' | 'half' | 'year' | 'month';

/** The kinds offered by "Tạo báo cáo", in the order the form lists them. */
export const PERIOD_KINDS: { code: PeriodKind; label: string }[] = [
  { code: 'quarter', label: 'Quý' },
  { code: 'half', label: '6 tháng' },
  { code: 'year', label: 'Năm' },
  { code: 'month', label: 'Tháng' },
];

/** The period code the use case reads: 2026-Q4, 2026-H2, 2026, 2026-11. */
export function periodCode(kind: PeriodKind, year: number, n: number): string {
  switch (kind) {
    case 'quarter':
      return `${year}-Q${n}`;
    case 'half':
      return `${year}-H${n}`;
    case 'month':
      return `${year}-${n < 10 ? `0${n}` : n}`;
    case 'year':
      return `${year}`;
  }
}

/** The choices of the number select for a kind (none for a year). */
export function periodChoices(kind: PeriodKind): { n: number; label: string }[] {
  switch (kind) {
    case 'quarter':
      return ROMAN.map((r, i) => ({ n: i + 1, label: `Quý ${r}` }));
    case 'half':
      return [
        { n: 1, label: '6 tháng đầu năm' },
        { n: 2, label: '6 tháng cuối năm' },
      ];
    case 'month':
      return Array.from({ length: 12 }, (_, i) => ({ n: i + 1, label: `Tháng ${i + 1}` }));
    case 'year':
      return [];
  }
}

/** The period of `kind` running on `isoToday` (yyyy-mm-dd): its year and number. */
export function currentPeriod(kind: PeriodKind, isoToday: string): { year: number; n: number } {
  const year = Number(isoToday.slice(0, 4));
  const month = Number(isoToday.slice(5, 7));
  switch (kind) {
    case 'quarter':
      return { year, n: Math.floor((month - 1) / 3) + 1 };
    case 'half':
      return { year, n: month <= 6 ? 1 : 2 };
    case 'month':
      return { year, n: month };
    case 'year':
      return { year, n: 0 };
  }
}

/** Unix ms → `09:05` in Vietnam time, for "Đã lưu lúc 09:05". */
export function formatClock(ms: number): string {
  const d = new Date(ms + VN_OFFSET_MS);
  const p = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** CSS class of a report status badge. */
export function reportStatusClass(status: string): string {
  switch (status) {
    case 'submitted':
      return 'badge info';
    case 'accepted':
      return 'badge ok';
    case 'returned':
      return 'badge danger';
    default:
      return 'badge';
  }
}

const VERSION_LABELS: Record<string, string> = {
  create: 'Tạo dự thảo',
  edit: 'Sửa',
  autosave: 'Tự động lưu',
  recompute: 'Tính lại số liệu',
  submit: 'Gửi lên tỉnh',
  reopen: 'Mở lại để sửa',
  issue: 'Cấp số, ký hiệu',
};

/** A version's step in words. */
export function versionLabel(action: string): string {
  return VERSION_LABELS[action] ?? action;
}

/** A change of rate in percentage points: `tăng 2,5 điểm %`, `giảm 1 điểm %`, `không đổi`. */
export function formatChange(points: number | null | undefined): string {
  if (points === null || points === undefined || Number.isNaN(points)) return '—';
  const tenths = Math.round(points * 10);
  if (tenths === 0) return 'không đổi';
  const abs = Math.abs(tenths);
  const text = abs % 10 === 0 ? String(abs / 10) : `${Math.trunc(abs / 10)},${abs % 10}`;
  return `${tenths > 0 ? 'tăng' : 'giảm'} ${text} điểm %`;
}

/** Days from `isoToday` to `isoDue` (negative once past), for "còn 3 ngày" / "quá 2 ngày". */
export function daysUntil(isoDue: string, isoToday: string): number {
  const ms = Date.parse(`${isoDue}T00:00:00Z`) - Date.parse(`${isoToday}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** A due date's distance in words: `hôm nay`, `còn 5 ngày`, `quá hạn 2 ngày`. */
export function dueWords(isoDue: string | null, isoToday: string): string {
  if (!isoDue) return '';
  const d = daysUntil(isoDue, isoToday);
  if (d === 0) return 'hạn hôm nay';
  return d > 0 ? `còn ${d} ngày` : `quá hạn ${-d} ngày`;
}

/** The "Nơi nhận" textarea's lines, blanks and surrounding spaces dropped. */
export function recipientLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/^\s*-\s*/, '').trim())
    .filter(Boolean);
}
