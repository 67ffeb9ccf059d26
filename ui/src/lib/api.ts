// Typed calls to the Rust commands (src-tauri/src/commands). Every failure arrives as
// `AppError {code, message}`; callers choose their wording by `code`.

import { invoke } from '@tauri-apps/api/core';
import type {
  AppError,
  AppInfo,
  DigitalSignForm,
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
  TokenDto,
  TransitionForm,
  YearCalendarDto,
} from '../generated/bindings';
import type {
  ActualForm,
  CalendarDto,
  IcsImportDto,
  IndicatorForm,
  IndicatorRow,
  IndicatorTableDto,
  MeetingDto,
  MeetingForm,
  PlanImportDto,
  IndicatorImportDto,
  IndicatorImportForm,
  PlanImportForm,
  TaskDetail,
  TaskForm,
  TaskListDto,
  TaskQuery,
} from '../generated/bindings';
import type {
  DetailsForm,
  ExportedDto,
  NewReportForm,
  ReportDetailDto,
  ReportsPageDto,
  SectionForm,
  SubmittedDto,
} from '../generated/bindings';

import type {
  BackupDto,
  BackupListDto,
  RecoveryDto,
  EnrolForm,
  InboxItemDto,
  InboxRegisteredDto,
  RestoredDto,
  SyncStateDto,
} from '../generated/bindings';
import type { ConflictLogDto, RecordSyncDto } from '../generated/bindings';

/** Turns whatever a rejected invoke gives into an AppError. */
export function asAppError(e: unknown): AppError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    return e as AppError;
  }
  return { code: 'internal', message: `Lỗi của ứng dụng: ${String(e)}` };
}

/** Codes by which the shell refuses a command for want of a usable session (login, lock,
 * initial password): App reacts by showing the matching screen (see lib/session.svelte.ts). */
export const SESSION_CODES = ['login_required', 'locked', 'must_change_password'];

let onSessionRefusal: ((e: AppError) => void) | null = null;

/** Registers App's reaction to a session refusal from any command. */
export function onSessionError(f: (e: AppError) => void): void {
  onSessionRefusal = f;
}

export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    const err = asAppError(e);
    if (SESSION_CODES.includes(err.code)) onSessionRefusal?.(err);
    throw err;
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
  verifyIncomingSignatures: (reference: string) =>
    call<IncomingDetail>('verify_incoming_signatures', { reference }),
  openAttachment: (documentId: string, attachmentId: string, kind: 'incoming' | 'outgoing' = 'incoming') =>
    call<void>('open_attachment', { documentId, attachmentId, kind }),
  listOutgoing: (query: OutgoingQuery) => call<OutgoingPageDto>('list_outgoing_page', { query }),
  outgoing: (id: string) => call<OutgoingDetail>('get_outgoing_detail', { id }),
  createOutgoing: (form: OutgoingForm) => call<OutgoingDetail>('create_outgoing_doc', { form }),
  stepOutgoing: (id: string, form: StepForm) => call<OutgoingDetail>('step_outgoing_doc', { id, form }),
  signOutgoingPdf: (id: string, form: DigitalSignForm) => call<OutgoingDetail>('sign_outgoing_pdf', { id, form }),
  listSigningTokens: (module: string) => call<TokenDto[]>('list_signing_tokens', { module }),
  pickSigningFile: (kind: 'pdf' | 'p12' | 'module') => call<string | null>('pick_signing_file', { kind }),
  // Tasks, meetings, indicators (src-tauri/src/commands/{tasks,meetings,indicators}.rs).
  listTasks: (query: TaskQuery) => call<TaskListDto>('list_task_rows', { query }),
  task: (id: string) => call<TaskDetail>('get_task_detail', { id }),
  createTask: (form: TaskForm) => call<TaskDetail>('create_task_item', { form }),
  assignTask: (id: string, assignee: string, deadline: string | null) =>
    call<TaskDetail>('assign_task_item', { id, assignee, deadline }),
  reportTaskProgress: (id: string, percent: number, note: string | null) =>
    call<TaskDetail>('report_task_progress', { id, percent, note }),
  pickPlanFile: () => call<string | null>('pick_plan_file'),
  importPlan: (form: PlanImportForm) => call<PlanImportDto>('import_plan_file', { form }),
  meetings: (view: 'week' | 'month', date: string | null) =>
    call<CalendarDto>('list_meetings', { view, date }),
  createMeeting: (form: MeetingForm) => call<MeetingDto>('create_meeting_item', { form }),
  exportMeetings: () => call<string | null>('export_meetings_ics'),
  importMeetings: () => call<IcsImportDto | null>('import_meetings_ics'),
  indicators: (period: string | null) => call<IndicatorTableDto>('indicator_table_for', { period }),
  addIndicator: (form: IndicatorForm) => call<IndicatorRow>('add_indicator_item', { form }),
  recordActual: (form: ActualForm) => call<IndicatorRow>('record_indicator_actual', { form }),
  pickIndicatorFile: () => call<string | null>('pick_indicator_file'),
  importIndicators: (form: IndicatorImportForm) => call<IndicatorImportDto>('import_indicator_file', { form }),
  // Periodic reports (src-tauri/src/commands/reports.rs).
  reports: (year: number | null) => call<ReportsPageDto>('list_reports_page', { year }),
  createReport: (form: NewReportForm) => call<ReportDetailDto>('create_report_draft', { form }),
  openReport: (id: string) => call<ReportDetailDto>('open_report', { id }),
  saveReportSection: (id: string, form: SectionForm) =>
    call<ReportDetailDto>('save_report_section', { id, form }),
  saveReportDetails: (id: string, form: DetailsForm) =>
    call<ReportDetailDto>('save_report_details', { id, form }),
  issueReport: (id: string, issuedDate: string | null) =>
    call<ReportDetailDto>('issue_report_number', { id, issuedDate }),
  submitReport: (id: string) => call<SubmittedDto>('submit_report_to_province', { id }),
  exportReport: (id: string, format: 'pdf' | 'docx') =>
    call<ExportedDto | null>('export_report_file', { id, format }),
  printReport: (id: string) => call<ExportedDto>('print_report', { id }),
  settings: (year?: number) => call<SettingsDto>('get_settings', { year: year ?? null }),
  saveRules: (rules: RulesDto) => call<SettingsDto>('save_rules', { rules }),
  addOverride: (form: OverrideForm) => call<YearCalendarDto>('add_holiday_override', { form }),
  removeOverride: (year: number, date: string) =>
    call<YearCalendarDto>('remove_holiday_override', { year, date }),
  syncState: () => call<SyncStateDto>('sync_state'),
  enrol: (form: EnrolForm) => call<SyncStateDto>('enrol_device', { form }),
  syncNow: () => call<SyncStateDto>('request_sync'),
  provinceInbox: () => call<InboxItemDto[]>('list_province_inbox'),
  registerFromInbox: (id: string) => call<InboxRegisteredDto>('register_province_doc', { id }),
  // Per-record sync state and the conflict log (src-tauri/src/commands/sync_records.rs).
  recordSyncState: (entity: string, id: string) => call<RecordSyncDto>('record_sync_state', { entity, id }),
  recordSyncStates: (entity: string, ids: string[]) =>
    call<RecordSyncDto[]>('record_sync_states', { entity, ids }),
  conflictLog: () => call<ConflictLogDto>('sync_conflict_log'),
  unseenConflicts: () => call<number>('unseen_sync_conflicts'),
  acknowledgeConflicts: (ids: string[]) => call<ConflictLogDto>('acknowledge_sync_conflicts', { ids }),
  backups: (folder: string | null) => call<BackupListDto>('list_backup_folder', { folder }),
  recoveryStatus: () => call<RecoveryDto>('recovery_status'),
  confirmRecoverySaved: () => call<RecoveryDto>('confirm_recovery_code_saved'),
  pickBackupFolder: () => call<string | null>('pick_backup_folder'),
  createBackup: (folder: string | null) => call<BackupDto>('create_backup_now', { folder }),
  verifyBackup: (path: string) => call<BackupDto>('verify_backup_at', { path }),
  restoreBackup: (path: string, confirm: boolean) =>
    call<RestoredDto>('restore_backup_at', { path, confirm }),
};
