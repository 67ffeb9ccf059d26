import { describe, expect, it } from 'vitest';
import { fold, formatDate, formatDateTime, formatInteger, formatPercent, formatSize, parseDate } from './format';

describe('formatDate', () => {
  it('writes dd/mm/yyyy', () => {
    expect(formatDate('2026-11-24')).toBe('24/11/2026');
    expect(formatDate('2026-01-05')).toBe('05/01/2026');
  });
  it('is empty for nothing', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate(undefined)).toBe('');
  });
});

describe('formatDateTime', () => {
  it('shows Vietnam time whatever the machine zone', () => {
    // 2026-11-24T02:05:00Z is 09:05 in Hà Nội.
    expect(formatDateTime(Date.UTC(2026, 10, 24, 2, 5))).toBe('24/11/2026 09:05');
    // Late evening UTC is already the next day in Vietnam.
    expect(formatDateTime(Date.UTC(2026, 11, 31, 18, 0))).toBe('01/01/2027 01:00');
  });
});

describe('formatPercent', () => {
  it('uses a decimal comma and a space before %', () => {
    expect(formatPercent(0.949)).toBe('94,9 %');
    expect(formatPercent(0.95)).toBe('95,0 %');
    expect(formatPercent(1)).toBe('100,0 %');
    expect(formatPercent(0)).toBe('0,0 %');
    expect(formatPercent(0.9996)).toBe('100,0 %');
  });
  it('shows a dash when nothing was measured', () => {
    expect(formatPercent(null)).toBe('—');
  });
});

describe('formatInteger and formatSize', () => {
  it('groups thousands with dots', () => {
    expect(formatInteger(50000)).toBe('50.000');
    expect(formatInteger(999)).toBe('999');
    expect(formatInteger(1234567)).toBe('1.234.567');
  });
  it('gives sizes with a decimal comma', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1536)).toBe('1,5 KB');
    expect(formatSize(5 * 1024 * 1024)).toBe('5,0 MB');
  });
});

describe('parseDate', () => {
  it('accepts the ways people type dates', () => {
    expect(parseDate('24/11/2026')).toBe('2026-11-24');
    expect(parseDate(' 2/3/2026 ')).toBe('2026-03-02');
    expect(parseDate('24-11-2026')).toBe('2026-11-24');
    expect(parseDate('24.11.2026')).toBe('2026-11-24');
    expect(parseDate('2026-11-24')).toBe('2026-11-24');
  });
  it('refuses dates that do not exist', () => {
    expect(parseDate('31/02/2026')).toBeNull();
    expect(parseDate('29/02/2025')).toBeNull();
    expect(parseDate('29/02/2024')).toBe('2024-02-29');
    expect(parseDate('13/13/2026')).toBeNull();
    expect(parseDate('hôm nay')).toBeNull();
    expect(parseDate('')).toBeNull();
  });
});

describe('fold', () => {
  it('drops diacritics and folds đ', () => {
    expect(fold('Chuyển đổi số')).toBe('chuyen doi so');
    expect(fold('ĐẢNG ỦY')).toBe('dang uy');
    // NFD input (as some keyboards send it) folds the same way.
    expect(fold('Hòa'.normalize('NFD'))).toBe('hoa');
  });
});
