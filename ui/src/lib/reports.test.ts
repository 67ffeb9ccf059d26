import { describe, expect, it } from 'vitest';
import {
  currentPeriod,
  dueWords,
  formatChange,
  formatClock,
  periodChoices,
  periodCode,
  recipientLines,
  reportStatusClass,
  versionLabel,
} from './reports';

describe('periodCode', () => {
  it('writes the codes the use case reads', () => {
    expect(periodCode('quarter', 2026, 4)).toBe('2026-Q4');
    expect(periodCode('half', 2026, 1)).toBe('2026-H1');
    expect(periodCode('month', 2026, 3)).toBe('2026-03');
    expect(periodCode('month', 2026, 11)).toBe('2026-11');
    expect(periodCode('year', 2026, 0)).toBe('2026');
  });
});

describe('currentPeriod', () => {
  it('finds the running period of each kind', () => {
    expect(currentPeriod('quarter', '2026-11-24')).toEqual({ year: 2026, n: 4 });
    expect(currentPeriod('quarter', '2026-03-31')).toEqual({ year: 2026, n: 1 });
    expect(currentPeriod('quarter', '2026-04-01')).toEqual({ year: 2026, n: 2 });
    expect(currentPeriod('half', '2026-06-30')).toEqual({ year: 2026, n: 1 });
    expect(currentPeriod('half', '2026-07-01')).toEqual({ year: 2026, n: 2 });
    expect(currentPeriod('month', '2026-01-05')).toEqual({ year: 2026, n: 1 });
  });
});

describe('periodChoices', () => {
  it('names quarters in Roman numerals and halves in words', () => {
    expect(periodChoices('quarter').map((c) => c.label)).toEqual(['Quý I', 'Quý II', 'Quý III', 'Quý IV']);
    expect(periodChoices('half').map((c) => c.label)).toEqual(['6 tháng đầu năm', '6 tháng cuối năm']);
    expect(periodChoices('month')).toHaveLength(12);
    expect(periodChoices('year')).toEqual([]);
  });
});

describe('formatClock', () => {
  it('shows Vietnam time', () => {
    expect(formatClock(Date.UTC(2026, 10, 24, 2, 5))).toBe('09:05');
    expect(formatClock(Date.UTC(2026, 10, 24, 17, 30))).toBe('00:30');
  });
});

describe('formatChange', () => {
  it('says up or down in percentage points with a decimal comma', () => {
    expect(formatChange(2.5)).toBe('tăng 2,5 điểm %');
    expect(formatChange(-10)).toBe('giảm 10 điểm %');
    expect(formatChange(0.04)).toBe('không đổi');
    expect(formatChange(null)).toBe('—');
  });
});

describe('dueWords', () => {
  it('counts days to or past the due date', () => {
    expect(dueWords('2027-01-05', '2026-11-24')).toBe('còn 42 ngày');
    expect(dueWords('2026-11-24', '2026-11-24')).toBe('hạn hôm nay');
    expect(dueWords('2026-11-05', '2026-11-24')).toBe('quá hạn 19 ngày');
    expect(dueWords(null, '2026-11-24')).toBe('');
  });
});

describe('labels', () => {
  it('words statuses and version steps', () => {
    expect(reportStatusClass('returned')).toBe('badge danger');
    expect(reportStatusClass('draft')).toBe('badge');
    expect(versionLabel('autosave')).toBe('Tự động lưu');
    expect(versionLabel('unknown')).toBe('unknown');
  });
});

describe('recipientLines', () => {
  it('drops blanks and the leading dash people type', () => {
    expect(recipientLines('- UBND huyện;\n\n  Như trên;  \n')).toEqual(['UBND huyện;', 'Như trên;']);
  });
});
