import { describe, expect, it } from 'vitest';
import { hasErrors, validateDigitalSign, validateIncoming, validateSetup, validateTransition } from './validate';
import type { DigitalSignForm, IncomingForm, SetupInput, TransitionForm } from '../generated/bindings';

const TODAY = '2026-11-24';

function incoming(over: Partial<IncomingForm> = {}): IncomingForm {
  return {
    arrival_date: null,
    issuer: 'Ủy ban nhân dân tỉnh Thái Nguyên',
    symbol: '35/KH-UBND',
    doc_date: '20/11/2026',
    doc_type: 'ke_hoach',
    summary: 'Chuyển đổi số năm 2026',
    urgency: null,
    recipient: null,
    signer: null,
    notes: null,
    allow_duplicate: false,
    ...over,
  };
}

describe('validateIncoming', () => {
  it('accepts a complete form', () => {
    expect(validateIncoming(incoming(), TODAY)).toEqual({});
  });
  it('names every missing field at once', () => {
    const e = validateIncoming(incoming({ issuer: ' ', symbol: '', summary: '', doc_date: '' }), TODAY);
    expect(Object.keys(e).sort()).toEqual(['doc_date', 'issuer', 'summary', 'symbol']);
    expect(e.issuer).toBe('Không được để trống.');
  });
  it('refuses impossible and future dates', () => {
    expect(validateIncoming(incoming({ doc_date: '31/02/2026' }), TODAY).doc_date).toMatch(/không hợp lệ/);
    expect(validateIncoming(incoming({ doc_date: '25/11/2026' }), TODAY).doc_date).toMatch(/sau hôm nay/);
    expect(validateIncoming(incoming({ arrival_date: '19/11/2026' }), TODAY).arrival_date).toMatch(/trước ngày văn bản/);
  });
  it('accepts an arrival date typed with dashes', () => {
    expect(hasErrors(validateIncoming(incoming({ arrival_date: '21-11-2026' }), TODAY))).toBe(false);
  });
});

describe('validateSetup', () => {
  const setup = (over: Partial<SetupInput['unit']> = {}, actor = 'Trần Thị Lan'): SetupInput => ({
    actor,
    unit: {
      name: 'Ủy ban nhân dân xã Tân Cương',
      superior: 'Ủy ban nhân dân tỉnh Thái Nguyên',
      abbreviation: 'UBND',
      place_name: 'Tân Cương',
      numbering_style: 'state',
      commune_code: null,
      leaders: [{ name: 'Nguyễn Văn Thắng', title: 'Chủ tịch' }],
      ...over,
    },
  });
  it('accepts a complete profile', () => {
    expect(validateSetup(setup())).toEqual({});
  });
  it('refuses an abbreviation with a slash or space, and a half-filled leader', () => {
    const e = validateSetup(setup({ abbreviation: 'UB ND', leaders: [{ name: 'A', title: '' }] }, ''));
    expect(e.abbreviation).toMatch(/khoảng trắng/);
    expect(e.leader_0).toBeDefined();
    expect(e.actor).toBe('Không được để trống.');
  });
});

describe('validateTransition', () => {
  const t = (over: Partial<TransitionForm>): TransitionForm => ({
    action: 'assign',
    assignee: null,
    instructions: null,
    deadline: null,
    reason: null,
    note: null,
    result: null,
    reply: null,
    ...over,
  });
  it('needs an assignee to assign but not a deadline (the rule gives one)', () => {
    expect(validateTransition(t({}), null).assignee).toBeDefined();
    expect(validateTransition(t({ assignee: 'Lan' }), null)).toEqual({});
  });
  it('needs a later deadline and a reason to extend', () => {
    const e = validateTransition(t({ action: 'extend', deadline: '20/11/2026' }), '2026-11-25');
    expect(e.deadline).toMatch(/sau thời hạn hiện tại/);
    expect(e.reason).toBeDefined();
    expect(validateTransition(t({ action: 'extend', deadline: '30/11/2026', reason: 'Chờ số liệu' }), '2026-11-25')).toEqual({});
  });
  it('needs a result to mark done', () => {
    expect(validateTransition(t({ action: 'done' }), null).result).toBeDefined();
  });
});

describe('validateDigitalSign', () => {
  const base: DigitalSignForm = {
    pdf_path: '/tmp/van-ban.pdf',
    method: 'p12',
    p12_path: '/tmp/ky.p12',
    secret: 'mật-khẩu',
    module: '',
    token_label: '',
    key_label: '',
    reason: 'Phê duyệt ban hành',
  };
  it('accepts a complete .p12 form', () => {
    expect(validateDigitalSign(base)).toEqual({});
  });
  it('names the PDF, the certificate file and the password when missing', () => {
    const e = validateDigitalSign({ ...base, pdf_path: '  ', p12_path: '', secret: '' });
    expect(Object.keys(e).sort()).toEqual(['p12', 'pdf', 'secret']);
    expect(e.secret).toBe('Nhập mật khẩu tệp chứng thư số.');
  });
  it('a token needs its library and the PIN, not a .p12 file', () => {
    const e = validateDigitalSign({ ...base, method: 'token', p12_path: '', secret: '' });
    expect(e).toEqual({ module: 'Chọn thư viện PKCS#11 của token.', secret: 'Nhập mã PIN của token.' });
    expect(validateDigitalSign({ ...base, method: 'token', p12_path: '', module: '/usr/lib/libtoken.so' })).toEqual({});
  });
});
