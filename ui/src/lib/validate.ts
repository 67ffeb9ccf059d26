// Form checks done before calling the app, so the clerk sees every problem at once next to
// its field. The use cases check again (and name the field) — these only spare a round trip.

import { parseDate } from './format';
import type { DigitalSignForm, IncomingForm, SetupInput, TransitionForm } from '../generated/bindings';

export type Errors = Record<string, string>;

const REQUIRED = 'Không được để trống.';
const BAD_DATE = 'Ngày không hợp lệ (dd/mm/yyyy).';

function required(errors: Errors, field: string, value: string | null | undefined): void {
  if (!value || !value.trim()) errors[field] = REQUIRED;
}

function date(errors: Errors, field: string, value: string | null | undefined, need: boolean): string | null {
  if (!value || !value.trim()) {
    if (need) errors[field] = REQUIRED;
    return null;
  }
  const iso = parseDate(value);
  if (!iso) errors[field] = BAD_DATE;
  return iso;
}

/** The fast add form of an incoming document. `today` is ISO. */
export function validateIncoming(form: IncomingForm, today: string): Errors {
  const e: Errors = {};
  required(e, 'issuer', form.issuer);
  required(e, 'symbol', form.symbol);
  required(e, 'doc_type', form.doc_type);
  required(e, 'summary', form.summary);
  const docDate = date(e, 'doc_date', form.doc_date, true);
  const arrival = date(e, 'arrival_date', form.arrival_date, false);
  if (docDate && docDate > today) e.doc_date = 'Ngày văn bản không thể sau hôm nay.';
  if (arrival && arrival > today) e.arrival_date = 'Ngày đến không thể sau hôm nay.';
  if (docDate && arrival && arrival < docDate && !e.arrival_date) {
    e.arrival_date = 'Ngày đến không thể trước ngày văn bản.';
  }
  if (form.summary && form.summary.trim().length > 0 && form.summary.trim().length < 5) {
    e.summary = 'Trích yếu quá ngắn.';
  }
  return e;
}

/** The setup wizard. */
export function validateSetup(input: SetupInput): Errors {
  const e: Errors = {};
  const u = input.unit;
  required(e, 'name', u.name);
  required(e, 'superior', u.superior);
  required(e, 'abbreviation', u.abbreviation);
  required(e, 'place_name', u.place_name);
  required(e, 'actor', input.actor);
  if (u.abbreviation && /[\s/]/.test(u.abbreviation.trim())) {
    e.abbreviation = 'Không được chứa dấu "/" hoặc khoảng trắng (ví dụ: UBND, ĐU).';
  }
  if (u.numbering_style !== 'state' && u.numbering_style !== 'party') {
    e.numbering_style = 'Chọn kiểu đánh số.';
  }
  u.leaders.forEach((l, i) => {
    const hasName = l.name.trim() !== '';
    const hasTitle = l.title.trim() !== '';
    if (hasName !== hasTitle) e[`leader_${i}`] = 'Nhập cả họ tên và chức vụ.';
  });
  return e;
}

/** One workflow step; which fields are needed depends on the action. */
export function validateTransition(form: TransitionForm, currentDeadline: string | null): Errors {
  const e: Errors = {};
  switch (form.action) {
    case 'assign': {
      required(e, 'assignee', form.assignee);
      date(e, 'deadline', form.deadline, false);
      break;
    }
    case 'reassign':
      required(e, 'assignee', form.assignee);
      required(e, 'reason', form.reason);
      break;
    case 'extend': {
      const iso = date(e, 'deadline', form.deadline, true);
      required(e, 'reason', form.reason);
      if (iso && currentDeadline && iso <= currentDeadline) {
        e.deadline = 'Thời hạn mới phải sau thời hạn hiện tại.';
      }
      break;
    }
    case 'progress':
      required(e, 'note', form.note);
      break;
    case 'done':
      required(e, 'result', form.result);
      break;
  }
  return e;
}

export function hasErrors(e: Errors): boolean {
  return Object.keys(e).length > 0;
}

/** The leader's digital signature form: the PDF, then a .p12 file or a token library, and the
 *  password or PIN (never checked here beyond being given: the file or token judges it). */
export function validateDigitalSign(form: DigitalSignForm): Errors {
  const e: Errors = {};
  if (!form.pdf_path.trim()) e.pdf = 'Chọn tệp PDF của văn bản cần ký.';
  if (form.method === 'p12') {
    if (!form.p12_path?.trim()) e.p12 = 'Chọn tệp chứng thư số .p12/.pfx.';
    if (!form.secret) e.secret = 'Nhập mật khẩu tệp chứng thư số.';
  } else {
    if (!form.module?.trim()) e.module = 'Chọn thư viện PKCS#11 của token.';
    if (!form.secret) e.secret = 'Nhập mã PIN của token.';
  }
  return e;
}
