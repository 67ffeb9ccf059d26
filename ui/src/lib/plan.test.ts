import { describe, expect, it } from 'vitest';
import type { MeetingForm, TaskForm } from '../generated/bindings';
import {
  achievedLabel,
  daysBetween,
  formatTime,
  monthGrid,
  parseDateTime,
  parsePercent,
  splitList,
  validateActual,
  validateAssign,
  validateIndicator,
  validateMeeting,
  validateTask,
  vnDateOf,
  weekdayName,
} from './plan';

describe('times in Vietnam', () => {
  it('shows the hour there whatever the machine zone', () => {
    // 01:30Z is 08:30 in Hà Nội.
    expect(formatTime(Date.UTC(2026, 10, 24, 1, 30))).toBe('08:30');
  });
  it('puts a late UTC evening on the next Vietnamese day', () => {
    expect(vnDateOf(Date.UTC(2026, 11, 31, 18, 0))).toBe('2027-01-01');
    expect(vnDateOf(Date.UTC(2026, 11, 31, 16, 59))).toBe('2026-12-31');
  });
  it('names weekdays in Vietnamese', () => {
    expect(weekdayName('2026-11-23')).toBe('Thứ Hai');
    expect(weekdayName('2026-11-29')).toBe('Chủ nhật');
  });
});

describe('calendar layout', () => {
  it('lists the days of a week', () => {
    const days = daysBetween('2026-11-23', '2026-11-30');
    expect(days).toHaveLength(7);
    expect(days[0]).toBe('2026-11-23');
    expect(days[6]).toBe('2026-11-29');
  });
  it('lays a month out Monday to Sunday', () => {
    // November 2026 starts on a Sunday: six blanks first, then 30 days in 6 rows.
    const grid = monthGrid('2026-11-01', '2026-12-01');
    expect(grid).toHaveLength(6);
    expect(grid[0].slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(grid[0][6]).toBe('2026-11-01');
    expect(grid[5][0]).toBe('2026-11-30');
    expect(grid.every((r) => r.length === 7)).toBe(true);
  });
});

describe('parseDateTime', () => {
  it('reads the forms people type', () => {
    expect(parseDateTime('24/11/2026 08:00')).toBe('24/11/2026 08:00');
    expect(parseDateTime('2/3/2026 8h30')).toBe('02/03/2026 08:30');
    expect(parseDateTime('24/11/2026 14h')).toBe('24/11/2026 14:00');
  });
  it('refuses what is not a time', () => {
    expect(parseDateTime('24/11/2026')).toBeNull();
    expect(parseDateTime('31/02/2026 08:00')).toBeNull();
    expect(parseDateTime('24/11/2026 25:00')).toBeNull();
    expect(parseDateTime('sáng thứ hai')).toBeNull();
  });
});

describe('small parsers', () => {
  it('reads a percentage 0–100', () => {
    expect(parsePercent('100')).toBe(100);
    expect(parsePercent(' 75 % ')).toBe(75);
    expect(parsePercent('101')).toBeNull();
    expect(parsePercent('-5')).toBeNull();
    expect(parsePercent('7,5')).toBeNull();
  });
  it('splits participants by line or semicolon', () => {
    expect(splitList('Nguyễn Văn Thắng; Trần Thị Lan\n\nLê Văn Hùng ')).toEqual([
      'Nguyễn Văn Thắng',
      'Trần Thị Lan',
      'Lê Văn Hùng',
    ]);
  });
  it('words achieved or not', () => {
    expect(achievedLabel(true)).toBe('Đạt');
    expect(achievedLabel(false)).toBe('Chưa đạt');
    expect(achievedLabel(null)).toBe('Chưa so sánh được');
  });
});

const task = (over: Partial<TaskForm>): TaskForm => ({
  title: '',
  leader: null,
  lead_unit: null,
  coordinating_units: null,
  expected_result: null,
  time_frame: null,
  deadline: null,
  assignee: null,
  notes: null,
  from_incoming: null,
  ...over,
});

describe('validateTask', () => {
  it('needs a title unless the task comes from a document', () => {
    expect(validateTask(task({}))).toHaveProperty('title');
    expect(validateTask(task({ from_incoming: '5/2026' }))).toEqual({});
    expect(validateTask(task({ title: 'Tập huấn kỹ năng số' }))).toEqual({});
  });
  it('checks the deadline', () => {
    expect(validateTask(task({ title: 'x', deadline: '31/02/2026' })).deadline).toMatch(/dd\/mm\/yyyy/);
    expect(validateTask(task({ title: 'x', deadline: '30/09/2026' }))).toEqual({});
  });
  it('needs someone to assign to', () => {
    expect(validateAssign(' ', '')).toHaveProperty('assignee');
    expect(validateAssign('Trần Văn Bình', '99/99/2026')).toHaveProperty('deadline');
    expect(validateAssign('Trần Văn Bình', '')).toEqual({});
  });
});

const meeting = (over: Partial<MeetingForm>): MeetingForm => ({
  title: 'Giao ban',
  start: '23/11/2026 8h',
  end: null,
  place: null,
  online_link: null,
  chair: null,
  participants: [],
  agenda: null,
  repeat: 'weekly',
  reminder_minutes: null,
  ...over,
});

describe('validateMeeting', () => {
  it('normalizes the times it accepts', () => {
    const f = meeting({ end: '23/11/2026 9h30' });
    expect(validateMeeting(f)).toEqual({});
    expect(f.start).toBe('23/11/2026 08:00');
    expect(f.end).toBe('23/11/2026 09:30');
  });
  it('refuses an end before the start and a bad reminder', () => {
    const e = validateMeeting(meeting({ end: '22/11/2026 09:00', reminder_minutes: -1 }));
    expect(e.end).toMatch(/trước khi bắt đầu/);
    expect(e.reminder_minutes).toBeDefined();
  });
  it('needs a title and a start', () => {
    const e = validateMeeting(meeting({ title: ' ', start: '' }));
    expect(Object.keys(e).sort()).toEqual(['start', 'title']);
  });
});

describe('indicator forms', () => {
  it('needs a name and a target', () => {
    expect(validateIndicator({ name: '', unit: null, target: '', responsible_unit: null, notes: null })).toEqual({
      name: 'Không được để trống.',
      target: 'Không được để trống.',
    });
  });
  it('needs a value for an actual', () => {
    expect(validateActual({ indicator_id: 'a', period: '2026-Q4', value: ' ', evidence: null })).toHaveProperty('value');
    expect(validateActual({ indicator_id: 'a', period: '2026-Q4', value: '96%', evidence: null })).toEqual({});
  });
});
