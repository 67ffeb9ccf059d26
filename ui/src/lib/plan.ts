// Presentation and form checks of the plan screens (tasks, meetings, indicators). Times are
// shown in Vietnam (UTC+7) whatever the laptop's zone; the use cases check every form again.

import { parseDate } from './format';
import type { ActualForm, IndicatorForm, MeetingForm, TaskForm } from '../generated/bindings';
import type { Errors } from './validate';

const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const REQUIRED = 'Không được để trống.';
const BAD_DATE = 'Ngày không hợp lệ (dd/mm/yyyy).';
const BAD_TIME = 'Thời gian không hợp lệ (dd/mm/yyyy HH:MM).';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Unix ms → `08:30` in Vietnam. */
export function formatTime(ms: number): string {
  const d = new Date(ms + VN_OFFSET_MS);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** Unix ms → the ISO day it falls on in Vietnam. */
export function vnDateOf(ms: number): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** `2026-11-24` → `Thứ Ba`. */
export function weekdayName(iso: string): string {
  return WEEKDAYS[new Date(`${iso}T00:00:00Z`).getUTCDay()];
}

/** Every ISO day from `from` up to, not including, `to`. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t < end; t += DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * The month's days as calendar rows Monday to Sunday; days of the neighbouring months are
 * `null` so the grid keeps its shape.
 */
export function monthGrid(from: string, to: string): (string | null)[][] {
  const days = daysBetween(from, to);
  if (!days.length) return [];
  const lead = (new Date(`${from}T00:00:00Z`).getUTCDay() + 6) % 7;
  const cells: (string | null)[] = [...Array(lead).fill(null), ...days];
  while (cells.length % 7) cells.push(null);
  const rows: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(cells.slice(i, i + 7));
  return rows;
}

/**
 * Reads a local time as people type it: `24/11/2026 08:00`, `24/11/2026 8h30`, `24/11/2026 8h`.
 * Returns `dd/mm/yyyy HH:MM` (what the app reads), or null when it is not a real time.
 */
export function parseDateTime(text: string): string | null {
  const m = /^\s*(\S+)\s+(\d{1,2})\s*(?:[:h]\s*(\d{2})?)?\s*$/i.exec(text);
  if (!m) return null;
  const iso = parseDate(m[1]);
  const h = Number(m[2]);
  const min = m[3] === undefined ? 0 : Number(m[3]);
  if (!iso || h > 23 || min > 59) return null;
  const [y, mo, d] = iso.split('-');
  return `${d}/${mo}/${y} ${pad2(h)}:${pad2(min)}`;
}

/** `dd/mm/yyyy HH:MM` → a comparable key (`yyyy-mm-dd HH:MM`). */
function timeKey(normalized: string): string {
  const [date, time] = normalized.split(' ');
  const [d, m, y] = date.split('/');
  return `${y}-${m}-${d} ${time}`;
}

/** Participants typed one per line or separated by ";". */
export function splitList(text: string): string[] {
  return text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A progress percentage typed by hand ("75", "75 %"): a whole number 0–100, else null. */
export function parsePercent(text: string): number | null {
  const m = /^\s*(\d{1,3})\s*%?\s*$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return n <= 100 ? n : null;
}

/** Achieved / not yet, or why it cannot be judged. */
export function achievedLabel(achieved: boolean | null | undefined): string {
  if (achieved === true) return 'Đạt';
  if (achieved === false) return 'Chưa đạt';
  return 'Chưa so sánh được';
}

/** Names of a task's history steps. */
export function taskActionLabel(code: string): string {
  return (
    { create: 'Tạo nhiệm vụ', assign: 'Giao việc', progress: 'Cập nhật tiến độ' } as Record<string, string>
  )[code] ?? code;
}

/** The repeat choices of a meeting. */
export const REPEATS: { code: string; label: string }[] = [
  { code: '', label: 'Không lặp' },
  { code: 'weekly', label: 'Hằng tuần' },
  { code: 'monthly', label: 'Hằng tháng' },
];

/** The add form of a task. */
export function validateTask(form: TaskForm): Errors {
  const e: Errors = {};
  if (!form.title.trim() && !form.from_incoming?.trim()) e.title = REQUIRED;
  if (form.deadline?.trim() && !parseDate(form.deadline)) e.deadline = BAD_DATE;
  return e;
}

/** Assigning a task: someone, and a deadline if given must be a date. */
export function validateAssign(assignee: string, deadline: string): Errors {
  const e: Errors = {};
  if (!assignee.trim()) e.assignee = REQUIRED;
  if (deadline.trim() && !parseDate(deadline)) e.deadline = BAD_DATE;
  return e;
}

/** The add form of a meeting; start and end are normalized in place when valid. */
export function validateMeeting(form: MeetingForm): Errors {
  const e: Errors = {};
  if (!form.title.trim()) e.title = REQUIRED;
  const start = form.start.trim() ? parseDateTime(form.start) : null;
  if (!form.start.trim()) e.start = REQUIRED;
  else if (!start) e.start = BAD_TIME;
  const end = form.end?.trim() ? parseDateTime(form.end) : null;
  if (form.end?.trim() && !end) e.end = BAD_TIME;
  if (start && end && timeKey(end) < timeKey(start)) e.end = 'Kết thúc không thể trước khi bắt đầu.';
  if (form.reminder_minutes !== null && (form.reminder_minutes < 0 || form.reminder_minutes > 10080)) {
    e.reminder_minutes = 'Từ 0 đến 10080 phút.';
  }
  if (!Object.keys(e).length) {
    form.start = start!;
    form.end = end;
  }
  return e;
}

/** The add form of an indicator. */
export function validateIndicator(form: IndicatorForm): Errors {
  const e: Errors = {};
  if (!form.name.trim()) e.name = REQUIRED;
  if (!form.target.trim()) e.target = REQUIRED;
  return e;
}

/** Recording an actual. */
export function validateActual(form: ActualForm): Errors {
  const e: Errors = {};
  if (!form.value.trim()) e.value = REQUIRED;
  if (!form.period) e.period = 'Chọn kỳ.';
  return e;
}

/** What each column of a plan table was read as. */
export const PLAN_FIELDS: Record<string, string> = {
  row: 'STT',
  title: 'Tên nhiệm vụ',
  leader: 'Người đứng đầu chịu trách nhiệm',
  lead_unit: 'Cơ quan chủ trì',
  coordinating: 'Cơ quan phối hợp',
  result: 'Kết quả, sản phẩm',
  time_frame: 'Thời gian thực hiện',
  notes: 'Ghi chú',
};

/** The indicator fields a column of an indicator table can hold, as the preview names them. */
export const INDICATOR_FIELDS: Record<string, string> = {
  row: 'STT',
  name: 'Chỉ tiêu',
  unit: 'Đơn vị tính',
  target: 'Mục tiêu',
  responsible: 'Đơn vị theo dõi',
  notes: 'Ghi chú',
};

/** The file name of a path, whichever separator the OS uses. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
