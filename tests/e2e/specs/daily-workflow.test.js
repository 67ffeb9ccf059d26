// The focal point's day in the real app: first-run setup, registering incoming documents
// (with the duplicate warning), finding one by a query typed without diacritics, trình →
// chuyển giao → hoàn thành, and watching the home screen's overdue / due-soon lists and the
// quarter's on-time rate change. Screenshots of every screen go to target/e2e-screenshots.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { appPath, launch, shotsDir, screenshot } from '../driver.js';

// Tuesday 24/11/2026, 09:00 in Vietnam: fixed so deadlines and the KPI are predictable.
const NOW = '2026-11-24T09:00';

let app;
let browser;

const $ = (sel) => browser.$(sel);
const $$ = (sel) => browser.$$(sel);

async function shot(name) {
  await browser.pause(250); // let transitions settle
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

async function waitText(sel, expected, timeout = 10000) {
  await browser.waitUntil(
    async () => {
      const el = await $(sel);
      return (await el.isExisting()) && (await el.getText()).includes(expected);
    },
    { timeout, timeoutMsg: `"${expected}" did not appear in ${sel}` },
  );
}

async function goHome() {
  await click('[data-nav=home]');
  await $('[data-testid=kpi-rate]').waitForDisplayed({ timeout: 10000 });
}

async function openFromRegister(query) {
  await click('[data-nav=incoming]');
  await fill('#search', query);
  await browser.waitUntil(async () => (await $$('table.register tbody tr')).length === 1, {
    timeout: 10000,
    timeoutMsg: `search "${query}" did not narrow to one document`,
  });
  // WebKitWebDriver clicks cells, not rows.
  await click('table.register tbody tr td.summary');
  await $('[data-testid=detail-status]').waitForDisplayed({ timeout: 10000 });
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

async function register(doc) {
  await browser.keys(['Control', 'n']);
  await $('#in-issuer').waitForDisplayed({ timeout: 10000 });
  if (doc.arrival) await fill('#in-arrival_date', doc.arrival);
  await fill('#in-issuer', doc.issuer);
  await fill('#in-symbol', doc.symbol);
  await fill('#in-doc_date', doc.date);
  await pick('#in-doc_type', doc.type);
  await fill('#in-summary', doc.summary);
  if (doc.shot) await shot(doc.shot);
  await browser.keys('Enter');
}

/** `it`, plus a screenshot of the screen as it was when a step failed. */
function step_(name, fn) {
  it(name, async () => {
    try {
      await fn();
    } catch (e) {
      const safe = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
      await screenshot(browser, join(shotsDir, `FAILED-${safe}.png`)).catch(() => {});
      throw e;
    }
  });
}

describe('VanThu daily workflow', () => {
  before(async () => {
    app = await launch({ VANTHU_NOW: NOW });
    browser = app.browser;
    try {
      await browser.setWindowSize(1366, 768);
    } catch (e) {
      console.warn('could not set the window size:', e.message);
    }
  });

  after(async () => {
    await app?.stop();
  });

  step_('runs the first-run setup wizard', async () => {
    await waitText('h1', 'Chào mừng', 30000);
    await fill('#unit-name', 'Ủy ban nhân dân xã Tân Cương');
    await fill('#unit-superior', 'Ủy ban nhân dân tỉnh Thái Nguyên');
    await fill('#unit-place', 'Tân Cương');
    await shot('01-setup-unit');
    await click('button=Tiếp tục');
    await $('input[name=numbering][value=state]').waitForDisplayed();
    await shot('02-setup-numbering');
    await click('button=Tiếp tục');
    await fill('#leader-name-0', 'Nguyễn Văn Thắng');
    await click('button=Tiếp tục');
    // Finishing without a name is refused next to the field.
    await click('button=Hoàn tất thiết lập');
    await waitText('#actor-error', 'Không được để trống');
    await fill('#actor', 'Trần Thị Lan');
    await shot('03-setup-user');
    await click('button=Hoàn tất thiết lập');
    await waitText('h1', 'Việc cần làm hôm nay', 15000);
    assert.match(await text('nav.sidebar .who'), /Trần Thị Lan/);
    assert.match(await text('[data-testid=sync]'), /Chưa thiết lập đồng bộ/);
    assert.equal(await text('[data-testid=kpi-rate]'), '—');
    await shot('04-home-empty');
  });

  step_('registers incoming documents and warns about a duplicate', async () => {
    await register({
      issuer: 'Ủy ban nhân dân tỉnh Thái Nguyên',
      symbol: '35/KH-UBND',
      date: '20/11/2026',
      type: 'ke_hoach',
      summary: 'Triển khai chuyển đổi số năm 2026 trên địa bàn xã',
      shot: '05-register-form',
    });
    await waitText('.toast', 'Đã đăng ký văn bản đến số 1/2026');
    await register({
      arrival: '12/11/2026',
      issuer: 'Phòng Văn hóa - Xã hội',
      symbol: '102/VHXH',
      date: '10/11/2026',
      type: 'cong_van',
      summary: 'Báo cáo tình hình đăng ký hộ tịch quý IV',
    });
    await waitText('.toast', 'số 2/2026');
    // The same issuer, symbol and date again: the app asks before registering it.
    await register({
      issuer: 'Ủy ban nhân dân tỉnh Thái Nguyên',
      symbol: '35/KH-UBND',
      date: '20/11/2026',
      type: 'ke_hoach',
      summary: 'Triển khai chuyển đổi số năm 2026 (bản gửi lại)',
    });
    await waitText('[data-testid=duplicate-message]', 'có thể đã được đăng ký');
    await shot('06-duplicate-warning');
    await click('[data-testid=dup-cancel]'); // closes the warning
    await browser.keys('Escape'); // Esc cancels the form
    await browser.waitUntil(async () => !(await $('[role=dialog]').isExisting()), { timeout: 5000 });
    const rows = await $$('table.register tbody tr');
    assert.equal(rows.length, 2, 'the duplicate must not have been registered');
    await shot('07-register-list');
  });

  step_('finds a document with a query typed without diacritics', async () => {
    await browser.keys('/');
    await browser.waitUntil(async () => (await browser.execute(() => document.activeElement?.id)) === 'search', {
      timeout: 5000,
      timeoutMsg: '"/" did not focus the search box',
    });
    await (await $('#search')).addValue('chuyen doi so');
    await browser.waitUntil(async () => (await $$('table.register tbody tr')).length === 1, {
      timeout: 10000,
      timeoutMsg: 'the search did not narrow the register to one document',
    });
    assert.match(await text('table.register tbody tr'), /Triển khai chuyển đổi số/);
    await shot('08-search-without-diacritics');
    await fill('#search', 'khong co van ban nao nhu the');
    await $('[data-testid=no-results]').waitForDisplayed({ timeout: 10000 });
  });

  step_('submits, assigns and tracks deadlines', async () => {
    await openFromRegister('chuyen doi so');
    assert.equal(await text('[data-testid=detail-status]'), 'Đã đăng ký');
    await step('submit');
    await waitText('[data-testid=detail-status]', 'Đã trình lãnh đạo');
    await click('button[data-action=assign]');
    // The deadline field starts at the unit's rule: 10 working days from 24/11/2026.
    assert.equal(await (await $('#t-deadline')).getValue(), '08/12/2026');
    await fill('#t-assignee', 'Trần Văn Bình');
    await fill('#t-deadline', '25/11/2026');
    await fill('#t-instructions', 'Tham mưu kế hoạch của xã');
    await shot('09-assign-form');
    await browser.keys('Enter');
    await waitText('[data-testid=detail-status]', 'Đã chuyển giao');
    await waitText('[data-testid=detail-deadline-state]', 'Sắp đến hạn');
    assert.equal(await text('[data-testid=detail-deadline]'), '25/11/2026');
    await shot('10-detail-assigned');

    await openFromRegister('ho tich');
    await step('assign', { '#t-assignee': 'Lê Thị Hoa', '#t-deadline': '20/11/2026' });
    await waitText('[data-testid=detail-deadline-state]', 'Quá hạn');

    await goHome();
    await waitText('[data-testid=list-overdue]', '2/2026');
    await waitText('[data-testid=list-due-soon]', '1/2026');
    assert.equal(await text('[data-testid=kpi-rate]'), '0,0 %');
    assert.match(await text('[data-testid=kpi-detail]'), /0\/1 việc đúng hạn/);
    await shot('11-home-overdue-and-due-soon');
  });

  step_('marks both done: they leave the lists and the on-time rate changes', async () => {
    await openFromRegister('chuyen doi so');
    await step('progress', { '#t-note': 'Đã dự thảo kế hoạch' });
    await step('done', { '#t-result': 'Đã ban hành kế hoạch của xã' });
    await waitText('[data-testid=detail-status]', 'Đã hoàn thành');
    await waitText('[data-testid=detail-deadline-state]', 'Hoàn thành đúng hạn');
    assert.match(await text('.timeline'), /Trình lãnh đạo[\s\S]*Chuyển giao xử lý[\s\S]*Cập nhật tiến độ[\s\S]*Hoàn thành/);
    await shot('12-detail-done');

    await goHome();
    assert.equal(await text('[data-testid=kpi-rate]'), '50,0 %');
    assert.doesNotMatch(await text('[data-testid=list-due-soon]'), /1\/2026/);

    await openFromRegister('ho tich');
    await step('done', { '#t-result': 'Đã gửi báo cáo' });
    await waitText('[data-testid=detail-deadline-state]', 'Hoàn thành quá hạn');

    await goHome();
    assert.match(await text('[data-testid=list-overdue]'), /Không có văn bản quá hạn/);
    assert.match(await text('[data-testid=list-due-soon]'), /Không có văn bản sắp đến hạn/);
    assert.equal(await text('[data-testid=kpi-rate]'), '50,0 %');
    assert.match(await text('[data-testid=kpi-detail]'), /1\/2 việc đúng hạn · 1 trễ · 0 quá hạn/);
    await shot('13-home-after');
  });

  step_('drafts, approves and issues an outgoing reply with a number', async () => {
    await click('[data-nav=outgoing]');
    await click('button*=Tạo dự thảo');
    await pick('#o-type', 'bao_cao');
    await fill('#o-summary', 'Kết quả chuyển đổi số quý IV năm 2026');
    await fill('#o-reply', '1/2026');
    await shot('14-outgoing-draft-form');
    await browser.keys('Enter');
    await waitText('[data-testid=out-status]', 'Dự thảo');
    for (const action of ['submit', 'approve', 'sign', 'issue']) {
      await click(`button[data-action=${action}]`);
      await $('#step-form').waitForDisplayed({ timeout: 5000 });
      await click('#step-form button[type=submit]');
      await browser.waitUntil(async () => !(await $('#step-form').isExisting()), { timeout: 10000 });
    }
    await waitText('[data-testid=out-status]', 'Đã cấp số');
    assert.match(await text('h1'), /01\/BC-UBND/);
    await shot('15-outgoing-issued');
    await click('[data-nav=outgoing]');
    await waitText('table.register', '01/BC-UBND');
    await shot('16-outgoing-list');
  });

  step_('shows the settings with the data folder and the year\'s days off', async () => {
    await click('[data-nav=settings]');
    await waitText('[data-testid=data-dir]', app.dataDir);
    await waitText('.holidays', 'Quốc khánh');
    await shot('17-settings');
  });

  step_('a second launch hands over to the running window and exits', async () => {
    assert.ok(process.env.DBUS_SESSION_BUS_ADDRESS, 'needs a D-Bus session bus: run under dbus-run-session (scripts/test-ui.sh does)');
    const second = spawn(appPath(), [], { env: { ...process.env, VANTHU_DATA_DIR: app.dataDir }, stdio: 'ignore' });
    const code = await new Promise((ok, fail) => {
      const timer = setTimeout(() => {
        second.kill();
        fail(new Error('the second instance kept running instead of handing over'));
      }, 20000);
      second.on('exit', (c) => {
        clearTimeout(timer);
        ok(c);
      });
    });
    assert.equal(code, 0);
    // The first window is still there and answers.
    assert.equal(await text('h1'), 'Cài đặt');
  });
});
