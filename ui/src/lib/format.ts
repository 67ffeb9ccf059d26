// Vietnamese presentation: dates dd/mm/yyyy, numbers with a decimal comma ("94,9 %"),
// times in Vietnam (UTC+7) whatever the laptop's zone is set to.

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `2026-11-24` → `24/11/2026`; empty for null. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** Unix ms → `24/11/2026 09:05` in Vietnam time. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms + VN_OFFSET_MS);
  return (
    `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`
  );
}

/** A fraction as a Vietnamese percentage with one decimal: 0.949 → `94,9 %`; null → `—`. */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  const tenths = Math.round(rate * 1000);
  const whole = Math.trunc(tenths / 10);
  const decimal = Math.abs(tenths % 10);
  return `${formatInteger(whole)},${decimal} %`;
}

/** Thousands separated by dots, as written in Vietnamese: 50000 → `50.000`. */
export function formatInteger(n: number): string {
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** File sizes: 1536 → `1,5 KB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(1).replace('.', ',')} ${units[i]}`;
}

/**
 * Reads a date as people type it: `24/11/2026`, `24-11-2026`, `24.11.2026`, `2/3/2026`, or ISO.
 * Returns ISO `yyyy-mm-dd`, or null when it is not a real calendar date.
 */
export function parseDate(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (match) {
    d = Number(match[1]);
    m = Number(match[2]);
    y = Number(match[3]);
  } else {
    match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
    if (!match) return null;
    y = Number(match[1]);
    m = Number(match[2]);
    d = Number(match[3]);
  }
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2200) return null;
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** ISO → the dd/mm/yyyy text a form field shows. */
export function toInputDate(iso: string | null | undefined): string {
  return formatDate(iso);
}

/** Removes Vietnamese diacritics and folds đ → d, lower case: for matching typed text. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐÐ]/g, 'd')
    .toLowerCase();
}
