// Typed calls to the Rust commands (src-tauri/src/commands). Every failure arrives as
// `AppError {code, message}`; callers choose their wording by `code`.

import { invoke } from '@tauri-apps/api/core';
import type {
  AppError,
  AppInfo,
  HomeDto,
  IncomingDetail,
  IncomingForm,
  IncomingPageDto,
  IncomingQuery,
  IncomingRow,
  OutgoingDetail,
  OutgoingForm,
  OutgoingPageDto,
  OutgoingQuery,
  OverrideForm,
  RulesDto,
  SettingsDto,
  SetupInput,
  StepForm,
  TransitionForm,
  YearCalendarDto,
} from '../generated/bindings';

/** Turns whatever a rejected invoke gives into an AppError. */
export function asAppError(e: unknown): AppError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    return e as AppError;
  }
  return { code: 'internal', message: `Lỗi của ứng dụng: ${String(e)}` };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw asAppError(e);
  }
}

let readySent = false;

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  setup: (input: SetupInput) => call<AppInfo>('setup_app', { input }),
  home: () => call<HomeDto>('home'),
  /** Tells the shell, once per process, that the first screen shows its data. */
  uiReady: async () => {
    if (readySent) return;
    readySent = true;
    await call<void>('ui_ready');
  },
  listIncoming: (query: IncomingQuery) => call<IncomingPageDto>('list_incoming_page', { query }),
  incoming: (reference: string) => call<IncomingDetail>('get_incoming_detail', { reference }),
  registerIncoming: (form: IncomingForm) => call<IncomingRow>('register_incoming_doc', { form }),
  transitionIncoming: (id: string, form: TransitionForm) =>
    call<IncomingDetail>('transition_incoming_doc', { id, form }),
  attachIncoming: (id: string) => call<IncomingDetail | null>('attach_incoming_files', { id }),
  openAttachment: (documentId: string, attachmentId: string) =>
    call<void>('open_attachment', { documentId, attachmentId }),
  listOutgoing: (query: OutgoingQuery) => call<OutgoingPageDto>('list_outgoing_page', { query }),
  outgoing: (id: string) => call<OutgoingDetail>('get_outgoing_detail', { id }),
  createOutgoing: (form: OutgoingForm) => call<OutgoingDetail>('create_outgoing_doc', { form }),
  stepOutgoing: (id: string, form: StepForm) => call<OutgoingDetail>('step_outgoing_doc', { id, form }),
  settings: (year?: number) => call<SettingsDto>('get_settings', { year: year ?? null }),
  saveRules: (rules: RulesDto) => call<SettingsDto>('save_rules', { rules }),
  addOverride: (form: OverrideForm) => call<YearCalendarDto>('add_holiday_override', { form }),
  removeOverride: (year: number, date: string) =>
    call<YearCalendarDto>('remove_holiday_override', { year, date }),
};
