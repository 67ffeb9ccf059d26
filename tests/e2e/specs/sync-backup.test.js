// Sync with a REAL provincial server and backups, in the real app: a `vanthu-server` on
// 127.0.0.1 (port 0) with a unit and a one-time code made by its admin CLI; first-run setup;
// enrolment from the Đồng bộ screen; a registered document synced and seen by a second laptop
// (the `vanthu` CLI enrolled with another code); a document the province publishes shown in
// Home's "Văn bản tỉnh gửi xuống" and registered with one action, attachment included; a
// backup made, listed as verified, and restored after the confirmation.
// Needs `cargo build -p vanthu-server -p vanthu-cli` (and the app) first.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { launch, repo, shotsDir, screenshot } from '../driver.js';

const bin = (name) => join(process.env.CARGO_TARGET_DIR ?? join(repo, 'target'), 'debug', name);

let app;
let browser;
let server;
let serverUrl;
let root;
let db;

const $ = (sel) => browser.$(sel);
const $$ = (sel) => browser.$$(sel);

async function shot(name) {
  await browser.pause(300);
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

/** `vanthu-server --db … admin ARGS` → stdout. */
function admin(...args) {
  return execFileSync(bin('vanthu-server'), ['--db', db, 'admin', ...args], {
    encoding: 'utf8',
    env: { ...process.env, VANTHU_LOG: 'warn' },
  });
}

function enrolCode() {
  return JSON.parse(admin('enrol-code', 'TC', '--json')).code;
}

/** The `vanthu` CLI on a second laptop's data folder. */
function laptop(dir, ...args) {
  const env = { ...process.env };
  delete env.VANTHU_NOW;
  delete env.VANTHU_USER;
  return execFileSync(bin('vanthu'), ['--data-dir', dir, ...args], { encoding: 'utf8', env });
}

/** Starts `vanthu-server serve` on a free loopback port and reads the address it prints. */
function startServer() {
  const child = spawn(bin('vanthu-server'), ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--stop-after', '900'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, VANTHU_LOG: 'warn' },
  });
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('vanthu-server did not print its address')), 20000);
    child.on('exit', (c) => fail(new Error(`vanthu-server exited with ${c}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const m = /^listening on (\S+)/.exec(line.trim());
      if (!m) return fail(new Error(`unexpected first line: ${line}`));
      ok({ child, url: m[1] });
    });
  });
}

async function register(doc) {
  await browser.keys(['Control', 'n']);
  await $('#in-issuer').waitForDisplayed({ timeout: 10000 });
  await fill('#in-issuer', doc.issuer);
  await fill('#in-symbol', doc.symbol);
  await fill('#in-doc_date', doc.date);
  await (await $('#in-doc_type')).selectByAttribute('value', doc.type);
  await fill('#in-summary', doc.summary);
  await browser.keys('Enter');
}

async function pendingCount() {
  const el = await $('[data-testid=sync-pending]');
  return Number(await el.getAttribute('data-pending'));
}

function step_(name, fn) {
  it(name, async () => {
    try {
      await fn();
    } catch (e) {
      const safe = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
      await screenshot(browser, join(shotsDir, `FAILED-sync-${safe}.png`)).catch(() => {});
      throw e;
    }
  });
}

describe('VanThu sync with the province and backups', () => {
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'vanthu-e2e-sync-'));
    db = `sqlite:${join(root, 'server.db')}`;
    ({ child: server, url: serverUrl } = await startServer());
    admin('unit', 'create', '--code', 'TC', '--name', 'Ủy ban nhân dân xã Tân Cương');
    app = await launch();
    browser = app.browser;
    try {
      await browser.setWindowSize(1366, 768);
    } catch (e) {
      console.warn('could not set the window size:', e.message);
    }
  });

  after(async () => {
    await app?.stop();
    server?.kill();
    if (root && !process.env.VANTHU_KEEP_E2E_DATA) rmSync(root, { recursive: true, force: true });
  });

  step_('sets up the unit; sync is honestly "not set up"', async () => {
    await browser.waitUntil(async () => (await $('h1').isExisting()) && (await $('h1').getText()).includes('Chào mừng'), {
      timeout: 30000,
    });
    await fill('#unit-name', 'Ủy ban nhân dân xã Tân Cương');
    await fill('#unit-superior', 'Ủy ban nhân dân tỉnh Thái Nguyên');
    await fill('#unit-place', 'Tân Cương');
    await click('button=Tiếp tục');
    await click('button=Tiếp tục');
    await fill('#leader-name-0', 'Nguyễn Văn Thắng');
    await click('button=Tiếp tục');
    await fill('#actor', 'Trần Thị Lan');
    await click('button=Hoàn tất thiết lập');
    await waitText('h1', 'Việc cần làm hôm nay');
    assert.match(await text('[data-testid=sync]'), /Chưa thiết lập đồng bộ/);
    assert.equal(await $('[data-testid=province-inbox]').isExisting(), false);
    const soon = await $$('nav.sidebar .soon');
    for (const s of soon) assert.doesNotMatch(await s.parentElement().getText(), /Sao lưu|Đồng bộ/);
  });

  step_('enrols from the Đồng bộ screen with the code read over the phone', async () => {
    await click('[data-nav=sync]');
    await waitText('[data-testid=sync-state]', 'Chưa thiết lập');
    await click('[data-testid=enrol]');
    await waitText('#sync-server-error', 'Hãy nhập địa chỉ máy chủ');
    await shot('sync-01-not-set-up');
    // A wrong code is refused by the server in plain Vietnamese.
    await fill('#sync-server', serverUrl);
    await fill('#sync-code', 'SAI-MA');
    await click('[data-testid=enrol]');
    await waitText('.errorbox', 'Mã đăng ký không đúng');
    assert.match(await text('.errorbox strong'), /Mã đăng ký không dùng được/);
    await fill('#sync-code', enrolCode());
    await shot('sync-02-enrol-form');
    await click('[data-testid=enrol]');
    await waitText('[data-testid=sync-state]', 'Đã thiết lập', 20000);
    assert.match(await text('.page'), /Ủy ban nhân dân xã Tân Cương \(TC\)/);
    // The first round runs at once in the background.
    await browser.waitUntil(async () => !(await text('[data-testid=sync-last-success]')).includes('Chưa có'), {
      timeout: 20000,
      timeoutMsg: 'the first sync did not succeed',
    });
    assert.match(await text('[data-testid=sync-last-success]'), /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    assert.equal(await pendingCount(), 0);
    assert.equal(await $('[data-testid=sync-error]').isExisting(), false);
    await shot('sync-03-enrolled');
  });

  step_('a registered document reaches the province (seen by a second laptop)', async () => {
    await register({
      issuer: 'Sở Nội vụ tỉnh Thái Nguyên',
      symbol: '12/SNV-VP',
      date: '20/11/2026',
      type: 'cong_van',
      summary: 'Triển khai chữ ký số cho cán bộ cấp xã',
    });
    await waitText('.toast', 'Đã đăng ký văn bản đến số 1/2026');
    await click('[data-nav=sync]');
    await $('[data-testid=sync-pending]').waitForDisplayed({ timeout: 10000 });
    await click('[data-testid=sync-now]');
    await browser.waitUntil(async () => (await pendingCount()) === 0, {
      timeout: 20000,
      timeoutMsg: 'the changes were not acknowledged by the server',
    });
    await shot('sync-04-synced');

    const b = join(root, 'laptop-b');
    laptop(b, 'sync', 'enrol', enrolCode(), '--server', serverUrl, '--name', 'Máy kiểm tra');
    laptop(b, 'sync', 'now');
    const items = JSON.parse(laptop(b, 'incoming', 'list', '--json')).items;
    assert.equal(items.length, 1, JSON.stringify(items));
    assert.equal(items[0].summary, 'Triển khai chữ ký số cho cán bộ cấp xã');
    assert.equal(items[0].symbol, '12/SNV-VP');
  });

  step_('a document the province publishes is registered from Home with one action', async () => {
    const pdf = join(root, 'cong-van-tinh.pdf');
    writeFileSync(pdf, '%PDF-1.4 cong van cua tinh ve chuyen doi so');
    admin(
      'send-document', '--unit', 'TC',
      '--issuer', 'Ủy ban nhân dân tỉnh Thái Nguyên',
      '--symbol', '301/UBND-KGVX',
      '--date', '2026-11-20',
      '--type', 'Công văn',
      '--summary', 'Đôn đốc báo cáo kết quả chuyển đổi số năm 2026',
      '--urgency', 'Khẩn',
      '--attach', pdf,
    );
    await click('[data-testid=sync-now]');
    await click('[data-nav=home]');
    await waitText('[data-testid=province-inbox]', '301/UBND-KGVX', 20000);
    await browser.waitUntil(async () => (await $('[data-testid=inbox-register]')).isEnabled(), {
      timeout: 20000,
      timeoutMsg: 'the attachment was not downloaded',
    });
    assert.match(await text('[data-testid=province-inbox]'), /cong-van-tinh\.pdf/);
    assert.match(await text('[data-testid=sync]'), /Lần đồng bộ gần nhất: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await shot('sync-05-home-inbox');
    await click('[data-testid=inbox-register]');
    await waitText('.toast', 'Đã vào sổ văn bản đến số 2/2026 (301/UBND-KGVX), kèm 1 tệp');
    await waitText('[data-testid=province-inbox]', 'Không có văn bản nào của tỉnh chờ vào sổ');
    await waitText('[data-testid=list-waiting]', '2/2026');
    await shot('sync-06-home-registered');

    // In the register, with its attachment.
    await click('[data-nav=incoming]');
    await fill('#search', '301/UBND');
    await browser.waitUntil(async () => (await $$('table.register tbody tr')).length === 1, { timeout: 10000 });
    await click('table.register tbody tr td.summary');
    await waitText('.files', 'cong-van-tinh.pdf');
    await shot('sync-07-registered-detail');
  });

  step_('makes a backup from the Sao lưu screen and lists it as verified', async () => {
    await click('[data-nav=backup]');
    await $('[data-testid=backup-empty]').waitForDisplayed({ timeout: 10000 });
    assert.equal(await text('[data-testid=backup-folder]'), join(app.dataDir, 'backups'));
    await click('[data-testid=backup-now]');
    await waitText('.toast', 'Đã sao lưu và kiểm tra');
    await $('[data-testid=backup-verified]').waitForDisplayed({ timeout: 10000 });
    const row = await text('[data-testid=backup-list] tbody tr');
    assert.match(row, /Sao lưu thủ công/);
    assert.match(row, /2 văn bản đến/);
    assert.match(row, /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    assert.match(row, /Toàn vẹn/);
    await shot('backup-01-verified');
  });

  step_('restores it after the preview and confirmation; the app works on the restored data', async () => {
    await register({
      issuer: 'Phòng Văn hóa - Xã hội',
      symbol: '88/VHXH',
      date: '21/11/2026',
      type: 'cong_van',
      summary: 'Văn bản đăng ký sau khi sao lưu',
    });
    await waitText('.toast', 'số 3/2026');
    await click('[data-nav=backup]');
    await click('[data-testid=backup-restore]');
    await $('[data-testid=restore-dialog]').waitForDisplayed({ timeout: 5000 });
    const restoreButton = await $('[data-testid=restore-dialog] button[type=submit]');
    assert.equal(await restoreButton.isEnabled(), false, 'restoring needs the explicit confirmation');
    assert.match(await text('[data-testid=restore-dialog]'), /2 văn bản đến/);
    await shot('backup-02-restore-preview');
    await click('[data-testid=restore-confirm]');
    await click('[data-testid=restore-dialog] button[type=submit]');
    await waitText('.toast', 'Đã khôi phục dữ liệu', 30000);
    // The data as it was is kept as a backup of its own.
    await waitText('[data-testid=backup-list]', 'Trước khi khôi phục');
    await shot('backup-03-restored');
    // The reopened store answers, without the document registered after the backup.
    await click('[data-nav=incoming]');
    await browser.waitUntil(async () => (await $$('table.register tbody tr')).length === 2, {
      timeout: 10000,
      timeoutMsg: 'the register does not show the restored two documents',
    });
    assert.doesNotMatch(await text('table.register'), /sau khi sao lưu/);
    await click('[data-nav=sync]');
    await waitText('[data-testid=sync-state]', 'Đã thiết lập');
    await shot('sync-08-after-restore');
  });
});
