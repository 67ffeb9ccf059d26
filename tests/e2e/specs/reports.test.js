// The quarterly report in the real app: first-run setup; two incoming documents registered and
// one processed on time, so the figures are not zero; the quarter's report created from
// "Báo cáo cần làm"; its figures match what was registered; a section edited and autosaved
// (still there after the report is opened again); the PDF exported and read back with
// pdftotext; submitted to the province and shown as "Đã gửi".
//
// The native GTK save dialog cannot be driven by WebDriver, so the app is started with
// VANTHU_EXPORT_DIR: the export command then writes into that folder under its suggested
// name instead of asking (src-tauri/src/commands/reports.rs). Everything else is clicked.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, shotsDir, screenshot } from '../driver.js';

// Tuesday 24/11/2026, 09:00 in Vietnam: quarter IV, due 05/01/2027.
const NOW = '2026-11-24T09:00';
const EDITED = 'Việc số hóa hồ sơ lưu trữ còn chậm do thiếu máy quét; đề nghị bổ sung trong quý I.';

let app;
let browser;
let exportDir;

const $ = (sel) => browser.$(sel);
const $$ = (sel) => browser.$$(sel);

async function shot(name) {
  await browser.pause(300); // let transitions settle
  await screenshot(browser, join(shotsDir, `${name}.png`));
}

async function fill(sel, text) {
  const el = await $(sel);
  await el.waitForDisplayed({ timeout: 10000 });
  await el.clearValue();
  if (text) await el.setValue(text);
}

async function click(sel) {
  const el = await $(sel);
  await el.waitForClickable({ timeout: 10000 });
  await el.click();
}

async function pick(sel, value) {
  const el = await $(sel);
  await el.waitForDisplayed({ timeout: 10000 });
  await el.selectByAttribute('value', value);
}

async function text(sel) {
  const el = await $(sel);
  await el.waitForDisplayed({ timeout: 10000 });
  return el.getText();
}

async function waitText(sel, expected, timeout = 15000) {
  await browser.waitUntil(
    async () => {
      const el = await $(sel);
      return (await el.isExisting()) && (await el.getText()).includes(expected);
    },
    { timeout, timeoutMsg: `"${expected}" did not appear in ${sel}` },
  );
}

async function register(doc) {
  await browser.keys(['Control', 'n']);
  await $('#in-issuer').waitForDisplayed({ timeout: 10000 });
  if (doc.arrival) await fill('#in-arrival_date', doc.arrival);
  await fill('#in-issuer', doc.issuer);
  await fill('#in-symbol', doc.symbol);
  await fill('#in-doc_date', doc.date);
  await pick('#in-doc_type', doc.type);
  await fill('#in-summary', doc.summary);
  await browser.keys('Enter');
}

async function step(action, fields = {}) {
  await click(`button[data-action=${action}]`);
  await $('#action-form').waitForDisplayed({ timeout: 5000 });
  for (const [sel, value] of Object.entries(fields)) await fill(sel, value);
  await browser.keys('Enter');
  await browser.waitUntil(async () => !(await $('#action-form').isExisting()), {
    timeout: 10000,
    timeoutMsg: `step ${action} was not saved`,
  });
}

/** `it`, plus a screenshot of the screen as it was when a step failed. */
function step_(name, fn) {
  it(name, async () => {
    try {
      await fn();
    } catch (e) {
      const safe = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
      await screenshot(browser, join(shotsDir, `FAILED-reports-${safe}.png`)).catch(() => {});
      throw e;
    }
  });
}

/** Collapses whitespace (pdftotext breaks lines where the PDF wraps them) and composes. */
const flat = (s) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

describe('VanThu periodic reports', () => {
  before(async () => {
    exportDir = mkdtempSync(join(tmpdir(), 'vanthu-e2e-export-'));
    app = await launch({ VANTHU_NOW: NOW, VANTHU_EXPORT_DIR: exportDir });
    browser = app.browser;
    try {
      await browser.setWindowSize(1366, 768);
    } catch (e) {
      console.warn('could not set the window size:', e.message);
    }
  });

  after(async () => {
    await app?.stop();
    if (exportDir && !process.env.VANTHU_KEEP_E2E_DATA) rmSync(exportDir, { recursive: true, force: true });
  });

  step_('sets up the unit', async () => {
    await waitText('h1', 'Chào mừng', 30000);
    await fill('#unit-name', 'Ủy ban nhân dân xã Tân Cương');
    await fill('#unit-superior', 'Ủy ban nhân dân tỉnh Thái Nguyên');
    await fill('#unit-place', 'Tân Cương');
    await click('button=Tiếp tục');
    await $('input[name=numbering][value=state]').waitForDisplayed();
    await click('button=Tiếp tục');
    await fill('#leader-name-0', 'Nguyễn Văn Thắng');
    await click('button=Tiếp tục');
    await fill('#actor', 'Trần Thị Lan');
    await click('button=Hoàn tất thiết lập');
    await waitText('h1', 'Việc cần làm hôm nay', 15000);
    assert.doesNotMatch(await text('nav.sidebar'), /Báo cáo\s*sắp có/);
  });

  step_('registers two documents and completes one on time', async () => {
    await register({
      issuer: 'Ủy ban nhân dân tỉnh Thái Nguyên',
      symbol: '35/KH-UBND',
      date: '20/11/2026',
      type: 'ke_hoach',
      summary: 'Triển khai chuyển đổi số năm 2026 trên địa bàn xã',
    });
    await waitText('.toast', 'số 1/2026');
    await register({
      arrival: '12/11/2026',
      issuer: 'Phòng Văn hóa - Xã hội',
      symbol: '102/VHXH',
      date: '10/11/2026',
      type: 'cong_van',
      summary: 'Báo cáo tình hình đăng ký hộ tịch quý IV',
    });
    await waitText('.toast', 'số 2/2026');
    await browser.waitUntil(async () => (await $$('table.register tbody tr')).length === 2, { timeout: 10000 });
    await click('table.register tbody tr:first-child td.summary');
    await $('[data-testid=detail-status]').waitForDisplayed({ timeout: 10000 });
    await step('assign', { '#t-assignee': 'Trần Văn Bình', '#t-deadline': '30/11/2026' });
    await step('done', { '#t-result': 'Đã xử lý xong' });
    await waitText('[data-testid=detail-deadline-state]', 'Hoàn thành đúng hạn');
  });

  step_('lists the quarter as expected and creates its report', async () => {
    await click('[data-nav=reports]');
    await waitText('h1', 'Báo cáo định kỳ');
    await waitText('[data-testid=expected-reports]', 'Quý IV năm 2026');
    assert.match(await text('[data-testid=expected-reports]'), /05\/01\/2027/);
    await shot('report-01-list-expected');
    await click('[data-testid=new-report]');
    await $('#r-kind').waitForDisplayed({ timeout: 5000 });
    // The form starts at the running quarter with the quarterly template.
    assert.equal(await (await $('#r-kind')).getValue(), 'quarter');
    assert.equal(await (await $('#r-n')).getValue(), '4');
    assert.equal(await (await $('#r-year')).getValue(), '2026');
    assert.equal(await (await $('#r-template')).getValue(), 'bc-quy');
    await shot('report-02-create-dialog');
    await click('[data-testid=create-report]');
    await waitText('[data-testid=report-status]', 'Dự thảo', 30000);
    await waitText('h1', 'Báo cáo Quý IV năm 2026');
  });

  step_('shows the figures of what was registered', async () => {
    assert.equal(await text('[data-testid=fig-incoming]'), '2');
    assert.equal(await text('[data-testid=fig-outgoing]'), '0');
    assert.equal(await text('[data-testid=fig-ontime]'), '1 / 0 / 0');
    assert.equal(await text('[data-testid=fig-rate]'), '100,0 %');
    // The incoming table beside section "1. Tiếp nhận văn bản đến" has the same total.
    assert.equal(await text('[data-testid=fig-incoming-table-total]'), '2');
    // The pre-drafted text states the count.
    const opening = await (await $('section[data-section=van_ban_den] textarea')).getValue();
    assert.match(opening, /\b2 văn bản/);
    await shot('report-03-editor');
  });

  step_('autosaves an edited section and keeps it when the report is opened again', async () => {
    const box = await $('section[data-section=ton_tai] textarea');
    await box.scrollIntoView({ block: 'center' });
    await box.clearValue();
    await box.setValue(EDITED);
    await waitText('[data-testid=saved-at]', 'Đã lưu lúc 09:00', 15000);
    await waitText('[data-testid=versions]', 'Tự động lưu — TỒN TẠI, HẠN CHẾ');
    await shot('report-04-autosaved');
    await (await $('[data-testid=versions]')).scrollIntoView({ block: 'center' });
    await shot('report-04b-signer-and-versions');
    await click('button=‹ Báo cáo');
    await waitText('[data-testid=reports]', 'Quý IV năm 2026');
    // Created now: no longer among the expected ones.
    if (await $('[data-testid=expected-reports]').isExisting()) {
      assert.doesNotMatch(await text('[data-testid=expected-reports]'), /Quý IV năm 2026/);
    }
    await click('[data-testid=reports] tbody tr td.period');
    await waitText('[data-testid=report-status]', 'Dự thảo');
    const again = await (await $('section[data-section=ton_tai] textarea')).getValue();
    assert.equal(again, EDITED);
  });

  step_('exports the PDF and the DOCX with the edited text', async () => {
    await click('[data-testid=export-pdf]');
    await waitText('.toast', 'Đã xuất PDF', 60000);
    const pdf = join(exportDir, 'bao-cao-2026-Q4.pdf');
    assert.ok(existsSync(pdf), `${pdf} was not written`);
    const body = flat(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }));
    assert.ok(body.includes(flat(EDITED)), 'the PDF lacks the edited section text');
    assert.match(body, /BÁO CÁO/);
    assert.match(body, /DỰ THẢO/);
    await shot('report-05-exported');
    await click('[data-testid=export-docx]');
    await waitText('.toast', 'Đã xuất DOCX', 60000);
    const docx = join(exportDir, 'bao-cao-2026-Q4.docx');
    assert.ok(existsSync(docx) && statSync(docx).size > 2000, `${docx} was not written`);
  });

  step_('submits to the province: status "Đã gửi", sent at the next sync', async () => {
    await click('[data-testid=submit]');
    await $('[data-testid=confirm-submit]').waitForDisplayed({ timeout: 5000 });
    assert.match(await text('[role=dialog]'), /lần đồng bộ tiếp theo/);
    await shot('report-06-submit-confirm');
    await click('[data-testid=confirm-submit]');
    await waitText('[data-testid=report-status]', 'Đã gửi', 30000);
    assert.match(await text('[data-testid=submitted-note]'), /lần đồng bộ tiếp theo/);
    // Frozen: the sections can no longer be typed in, and there is nothing to submit again.
    assert.equal(await (await $('section[data-section=ton_tai] textarea')).getAttribute('readonly'), 'true');
    assert.equal(await $('[data-testid=submit]').isExisting(), false);
    await shot('report-07-submitted');
    await click('button=‹ Báo cáo');
    await waitText('[data-testid=reports] [data-testid=report-status]', 'Đã gửi');
    await shot('report-08-list-submitted');
  });
});
