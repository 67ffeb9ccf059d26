// Vietnamese wording chosen by stable codes (design §6: the UI never matches message text).

/** Names of history steps, incoming and outgoing. */
export const ACTION_LABELS: Record<string, string> = {
  register: 'Đăng ký văn bản đến',
  submit: 'Trình lãnh đạo',
  assign: 'Chuyển giao xử lý',
  reassign: 'Giao lại người xử lý',
  extend_deadline: 'Gia hạn',
  extend: 'Gia hạn',
  progress: 'Cập nhật tiến độ',
  complete: 'Hoàn thành',
  done: 'Hoàn thành',
  file: 'Lưu, không cần xử lý',
  attach: 'Đính kèm tệp',
  create: 'Tạo dự thảo',
  approve: 'Duyệt',
  return: 'Trả lại để sửa',
  sign: 'Ký',
  issue: 'Cấp số, ban hành',
  send: 'Gửi đi',
};

/** Button labels of incoming workflow steps, in the order they are offered. */
export const INCOMING_ACTIONS: { code: string; label: string }[] = [
  { code: 'submit', label: 'Trình lãnh đạo' },
  { code: 'assign', label: 'Chuyển giao' },
  { code: 'progress', label: 'Cập nhật tiến độ' },
  { code: 'done', label: 'Hoàn thành' },
  { code: 'extend', label: 'Gia hạn' },
  { code: 'reassign', label: 'Giao lại' },
  { code: 'file', label: 'Lưu, không cần xử lý' },
];

/** Button labels of outgoing steps. */
export const OUTGOING_ACTIONS: { code: string; label: string }[] = [
  { code: 'submit', label: 'Trình duyệt' },
  { code: 'approve', label: 'Duyệt' },
  { code: 'return', label: 'Trả lại để sửa' },
  { code: 'sign', label: 'Ký' },
  { code: 'issue', label: 'Cấp số, ban hành' },
  { code: 'send', label: 'Gửi đi' },
];

/** Where the outgoing flow names a step differently from the incoming one. */
const OUTGOING_LABELS: Record<string, string> = { submit: 'Trình duyệt' };

export function actionLabel(code: string, kind: 'incoming' | 'outgoing' = 'incoming'): string {
  return (kind === 'outgoing' ? OUTGOING_LABELS[code] : undefined) ?? ACTION_LABELS[code] ?? code;
}

/** A heading for an error, by its code; the message itself comes from the app. */
export function errorTitle(code: string): string {
  switch (code) {
    case 'missing_field':
    case 'invalid_field':
      return 'Thông tin chưa đúng';
    case 'duplicate':
      return 'Có thể trùng văn bản';
    case 'invalid_transition':
      return 'Không thực hiện được thao tác';
    case 'secret_refused':
      return 'Văn bản mật không được xử lý trên máy tính nối mạng';
    case 'not_found':
      return 'Không tìm thấy';
    case 'not_set_up':
      return 'Chưa thiết lập đơn vị';
    case 'newer_database':
      return 'Dữ liệu của phiên bản mới hơn';
    case 'io':
    case 'storage':
      return 'Lỗi lưu trữ';
    case 'network':
      return 'Không kết nối được máy chủ của tỉnh';
    case 'enrol_code_unknown':
    case 'enrol_code_used':
    case 'enrol_code_expired':
      return 'Mã đăng ký không dùng được';
    case 'unauthorized':
    case 'revoked':
      return 'Máy này không được tỉnh cho phép đồng bộ';
    case 'not_enrolled':
      return 'Chưa thiết lập đồng bộ';
    case 'backup_invalid':
      return 'Bản sao lưu không dùng được';
    case 'forbidden':
      return 'Không có quyền thực hiện';
    case 'unauthenticated':
      return 'Không đăng nhập được';
    case 'login_required':
      return 'Chưa đăng nhập';
    case 'locked':
      return 'Phiên làm việc đã khóa';
    case 'must_change_password':
      return 'Cần đổi mật khẩu';
    default:
      return 'Có lỗi xảy ra';
  }
}

/** CSS class of a deadline state badge. */
export function deadlineClass(state: string): string {
  switch (state) {
    case 'overdue':
      return 'badge danger';
    case 'due_soon':
      return 'badge warn';
    case 'done_on_time':
      return 'badge ok';
    case 'done_late':
      return 'badge late';
    default:
      return 'badge';
  }
}
