// The province dashboard in headless Chromium (Debian's `chromium`, driven by playwright-core).
// A real `vanthu-server` (SQLite, 127.0.0.1 port 0) gets units, a staff account and one unit's
// data synced from a laptop by the real `vanthu` CLI; the test logs in, reads the overview row
// by row, drills down to the unit's registers, and saves screenshots for people to look at
// (target/dashboard-screenshots/).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const target = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(repo, 'target');
const serverBin = process.env.VANTHU_SERVER_BIN ?? join(target, 'debug', 'vanthu-server');
const cliBin = process.env.VANTHU_CLI_BIN ?? join(target, 'debug', 'vanthu');
const shots = join(target, 'dashboard-screenshots');
const PASSWORD = 'mat-khau-can-bo-tinh';

let dir, db, server, url, browser;

function admin(...args) {
  return execFileSync(serverBin, ['--db', db, 'admin', ...args], { encoding: 'utf8', env: { ...process.env, VANTHU_LOG: 'error' } });
}

function vanthu(data, ...args) {
  return execFileSync(cliBin, ['--data-dir', data, ...args], { encoding: 'utf8' });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vanthu-dashboard-'));
  db = `sqlite:${join(dir, 'server.db')}`;
  admin('unit', 'create', '--code', 'TC', '--name', 'Ủy ban nhân dân xã Tân Cương', '--organisation', 'UBND');
  admin('unit', 'create', '--code', 'DU-TC', '--name', 'Đảng ủy xã Tân Cương', '--organisation', 'Đảng ủy', '--style', 'party');
  admin('unit', 'create', '--code', 'HND', '--name', 'Hội Nông dân xã Phúc Xuân', '--organisation', 'Hội Nông dân');
  execFileSync(serverBin, ['--db', db, 'admin', 'staff', 'create', 'canbo', '--name', 'Nguyễn Thị Hoa'], {
    env: { ...process.env, VANTHU_STAFF_PASSWORD: PASSWORD, VANTHU_LOG: 'error' },
  });
  server = spawn(serverBin, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--stop-after', '600'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, VANTHU_LOG: 'error' },
  });
  const line = await new Promise((ok, fail) => {
    const rl = createInterface({ input: server.stdout });
    rl.once('line', ok);
    server.once('exit', (c) => fail(new Error(`server exited ${c}`)));
  });
  url = line.replace('listening on ', '').trim();

  // One laptop of TC with a year of realistic data, synced.
  const laptop = join(dir, 'laptop');
  vanthu(laptop, 'setup', '--name', 'Ủy ban nhân dân xã Tân Cương', '--superior', 'Ủy ban nhân dân tỉnh Thái Nguyên',
    '--abbr', 'UBND', '--place', 'Tân Cương');
  vanthu(laptop, 'generate', '--count', '120', '--from-year', '2026', '--to-year', '2026', '--seed', '7');
  const code = JSON.parse(admin('enrol-code', 'TC', '--json')).code;
  vanthu(laptop, 'sync', 'enrol', code, '--server', url, '--name', 'Máy văn thư');
  // Its quarter III report, submitted a week after the due date (05/10/2026).
  vanthu(laptop, '--now', '2026-10-12T09:00:00+07:00', 'report', 'new', '--period', '2026-Q3');
  vanthu(laptop, '--now', '2026-10-12T09:00:00+07:00', 'report', 'submit', '2026-Q3');
  vanthu(laptop, 'sync', 'now');
  globalThis.laptop = laptop;
  const list = JSON.parse(vanthu(laptop, 'incoming', 'list', '--limit', '100000', '--json'));
  globalThis.localCount = list.items.length;
  globalThis.localOverdue = JSON.parse(vanthu(laptop, 'incoming', 'list', '--overdue', '--limit', '100000', '--json')).items.length;

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('login is required and a wrong password is refused', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const resp = await page.goto(url + '/');
  assert.ok(page.url().endsWith('/login'), `redirected to login, at ${page.url()}`);
  assert.equal(resp.status(), 200);
  await page.fill('#username', 'canbo');
  await page.fill('#password', 'sai mật khẩu');
  await page.click('button[type=submit]');
  await page.waitForSelector('.error');
  assert.match(await page.textContent('.error'), /Sai tên đăng nhập hoặc mật khẩu/);
  await page.screenshot({ path: join(shots, 'login-refused.png') });
  await page.close();
});

test('overview: one row per unit with last sync, open/overdue and on-time rate per quarter', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(url + '/login');
  await page.fill('#username', 'canbo');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('table#units');
  const rows = await page.$$eval('table#units tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText.trim())));
  assert.equal(rows.length, 3, 'one row per unit');
  const headers = await page.$$eval('table#units thead th', (ths) => ths.map((t) => t.innerText.trim()));
  assert.ok(headers.includes('Đồng bộ gần nhất'));
  assert.ok(headers.some((h) => h.startsWith('Đúng hạn Quý')), `quarter columns: ${headers}`);
  const tc = rows.find((r) => r[0].includes('Tân Cương') && r[0].includes('TC') && !r[0].includes('DU-TC'));
  assert.ok(tc, `TC row in ${JSON.stringify(rows)}`);
  assert.equal(Number(tc[3]), globalThis.localCount, 'documents on the dashboard = documents on the laptop');
  assert.equal(Number(tc[5]), globalThis.localOverdue, 'overdue on the dashboard = overdue on the laptop');
  assert.match(tc[2], /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/, 'last sync shown dd/mm/yyyy');
  assert.ok(tc.slice(6).some((c) => /\d+,\d %/.test(c)), `a rate like 94,9 % in ${tc}`);
  const hnd = rows.find((r) => r[0].includes('Phúc Xuân'));
  assert.match(hnd[2], /chưa đồng bộ/);
  await page.screenshot({ path: join(shots, 'overview.png'), fullPage: true });

  // Drill-down to the unit's incoming register.
  await page.click('text=Ủy ban nhân dân xã Tân Cương');
  await page.waitForSelector('table#incoming');
  const regRows = await page.$$eval('table#incoming tbody tr', (trs) => trs.length);
  assert.equal(regRows, globalThis.localCount);
  const first = await page.$$eval('table#incoming tbody tr:first-child td', (tds) => tds.map((t) => t.innerText));
  assert.match(first[0], /^\d+\/2026$/);
  assert.match(first[1], /^\d{2}\/\d{2}\/2026$/);
  await page.screenshot({ path: join(shots, 'unit-incoming.png') });
  await page.click('text=Sổ văn bản đi');
  await page.waitForSelector('table#outgoing');
  await page.screenshot({ path: join(shots, 'unit-outgoing.png') });

  // Logging out ends the session.
  await page.click('text=Đăng xuất');
  await page.waitForSelector('form.login');
  await page.goto(url + '/');
  assert.ok(page.url().endsWith('/login'));
  await page.close();
});

test('periodic reports: completeness and timeliness per unit, returned with a comment from the unit page', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(url + '/login');
  await page.fill('#username', 'canbo');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('table#units');
  await page.goto(url + '/?year=2026');
  const headers = await page.$$eval('table#units thead th', (ths) => ths.map((t) => t.innerText.trim()));
  const col = headers.indexOf('Báo cáo đã nộp 2026');
  assert.ok(col > 0, `completeness column in ${headers}`);
  assert.equal(headers[col + 1], 'Nộp đúng hạn');
  assert.equal(headers[col + 2], 'Tỉnh xem xét');
  const rows = await page.$$eval('table#units tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText.trim())));
  const tc = rows.find((r) => r[0].includes('Tân Cương') && r[0].includes('TC') && !r[0].includes('DU-TC'));
  const hnd = rows.find((r) => r[0].includes('Phúc Xuân'));
  assert.ok(tc, JSON.stringify(rows));
  // Submitted one of the due reports, late; the other unit none.
  const m = tc[col].match(/^1\/(\d+) \((\d+,\d) %\)$/);
  assert.ok(m, `TC completeness: ${tc[col]}`);
  const expected = Number(m[1]);
  assert.ok(expected >= 4, 'Q1–Q3, 6 months and the monthly reports of 2026 are due');
  assert.equal(tc[col + 1], `0/${expected} (0,0 %)`);
  assert.match(tc[col + 2], /0 chấp nhận, 1 chờ/);
  assert.equal(hnd[col], `0/${expected} (0,0 %)`);
  assert.equal(hnd[col + 1], `0/${expected} (0,0 %)`);
  await page.screenshot({ path: join(shots, 'overview-reports.png'), fullPage: true });

  // The unit's reports page: Q3 late, waiting; return it without a comment → refused.
  await page.click(`table#units tbody tr:has(a[href="/units/TC"]) td:nth-child(${col + 1}) a`);
  await page.waitForSelector('table#reports');
  const q3 = 'table#reports tr[data-period="2026-Q3"][data-template="bc-quy"]';
  const cells = await page.$$eval(`${q3} td`, (tds) => tds.map((t) => t.innerText.trim()));
  assert.equal(cells[0], 'Quý III năm 2026');
  assert.equal(cells[2], '05/10/2026');
  assert.equal(cells[3], '12/10/2026');
  assert.equal(cells[4], 'Muộn');
  assert.equal(cells[6], 'Đã nộp, chờ xem xét');
  const missing = await page.$$eval('table#reports tbody tr', (trs) => trs.filter((tr) => tr.innerText.includes('Chưa nộp')).length);
  assert.equal(missing, expected - 1);
  await page.screenshot({ path: join(shots, 'unit-reports.png'), fullPage: true });
  await page.click(`${q3} button.return`);
  await page.waitForSelector('#review-error');
  assert.match(await page.textContent('#review-error'), /ý kiến/);
  await page.fill(`${q3} textarea`, 'Đề nghị bổ sung nguyên nhân văn bản quá hạn.');
  await page.click(`${q3} button.return`);
  await page.waitForSelector(`${q3} td:nth-child(7) .bad`);
  const after = await page.$$eval(`${q3} td`, (tds) => tds.map((t) => t.innerText.trim()));
  assert.equal(after[6], 'Bị trả lại');
  assert.match(after[7], /Trả lại \(lần 1\): Đề nghị bổ sung nguyên nhân văn bản quá hạn\.\nNguyễn Thị Hoa, \d{2}\/\d{2}\/\d{4}/);
  await page.screenshot({ path: join(shots, 'unit-reports-returned.png'), fullPage: true });

  // The comment reaches the laptop with the next sync.
  vanthu(globalThis.laptop, 'sync', 'now');
  const shown = vanthu(globalThis.laptop, 'report', 'show', '2026-Q3');
  assert.match(shown, /\[Bị trả lại\]/);
  assert.match(shown, /Đề nghị bổ sung nguyên nhân văn bản quá hạn\./);
  await page.close();
});

test('administration on the web: a new unit, a one-time enrolment code that works, a revoked device', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(url + '/login');
  await page.fill('#username', 'canbo');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('table#units');
  await page.click('a[href="/admin"]');
  await page.waitForSelector('table#admin-units');
  assert.equal(await page.$$eval('table#admin-units tbody tr', (trs) => trs.length), 3);
  // A code with diacritics is refused by name, nothing created.
  await page.fill('#u-code', 'MTTQ-PHÚC');
  await page.fill('#u-name', 'Ủy ban MTTQ xã Phúc Xuân');
  await page.click('#new-unit button[type=submit]');
  await page.waitForSelector('#admin-error');
  assert.match(await page.textContent('#admin-error'), /mã đơn vị/);
  assert.equal(await page.$$eval('table#admin-units tbody tr', (trs) => trs.length), 3);
  await page.fill('#u-code', 'mttq-px');
  await page.fill('#u-name', 'Ủy ban MTTQ xã Phúc Xuân');
  await page.fill('#u-org', 'MTTQ');
  await page.click('#new-unit button[type=submit]');
  await page.waitForSelector('table#admin-units tr[data-code="MTTQ-PX"]');
  assert.match(await page.innerText('table#admin-units tr[data-code="MTTQ-PX"]'), /Ủy ban MTTQ xã Phúc Xuân\s+MTTQ\s+Nhà nước\s+0/);

  // The code shown once enrols a new laptop of that unit through the real CLI.
  await page.click('table#admin-units tr[data-code="MTTQ-PX"] button');
  await page.waitForSelector('#enrol-code');
  const code = (await page.textContent('#enrol-code b')).trim();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.match(await page.textContent('#enrol-code'), /Dùng một lần, hết hạn lúc \d{2}\/\d{2}\/\d{4}/);
  await page.screenshot({ path: join(shots, 'admin-enrol-code.png'), fullPage: true });
  const laptop = join(dir, 'mttq-laptop');
  vanthu(laptop, 'setup', '--name', 'Ủy ban MTTQ xã Phúc Xuân', '--superior', 'Ủy ban MTTQ tỉnh Thái Nguyên',
    '--abbr', 'MTTQ', '--place', 'Phúc Xuân');
  vanthu(laptop, 'sync', 'enrol', code, '--server', url, '--name', 'Máy MTTQ');
  vanthu(laptop, 'sync', 'now');
  // Used once: a second laptop cannot reuse it.
  const other = join(dir, 'second-laptop');
  assert.throws(() => vanthu(other, 'sync', 'enrol', code, '--server', url, '--name', 'Máy khác'));

  // Revoked on the web: the laptop's next sync is refused.
  await page.goto(url + '/admin');
  const device = 'table#admin-devices tr:has-text("Máy MTTQ")';
  assert.match(await page.innerText(device), /Đang dùng/);
  await page.click(`${device} button.return`);
  await page.waitForSelector(`${device} .bad`);
  assert.match(await page.innerText(device), /Đã thu hồi/);
  await page.screenshot({ path: join(shots, 'admin-revoked.png'), fullPage: true });
  let refusal = '';
  try {
    vanthu(laptop, 'sync', 'now');
  } catch (e) {
    refusal = `${e.stderr}${e.stdout}`;
  }
  assert.match(refusal, /revoked|thu hồi/i, `sync after the revocation: ${refusal}`);
  await page.close();
});

test("audit trail: every row the laptop wrote is held by the province and its chain verifies", async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(url + '/login');
  await page.fill('#username', 'canbo');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('table#units');
  await page.goto(url + '/units/TC');
  await page.click('text=Nhật ký thao tác');
  await page.waitForSelector('table#audit-devices');
  const devices = await page.$$eval('table#audit-devices tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText.trim())));
  assert.equal(devices.length, 1, JSON.stringify(devices));
  const [name, rows, newest, chain] = devices[0];
  const local = JSON.parse(vanthu(globalThis.laptop, 'audit', 'verify', '--json'));
  assert.equal(name, 'Máy văn thư');
  assert.equal(Number(rows.replace(/\./g, '')), local.rows, 'rows on the dashboard = rows on the laptop');
  assert.match(newest, /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  assert.equal(chain, 'Hợp lệ');
  const recent = await page.$$eval('table#audit-rows tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText.trim())));
  assert.equal(recent.length, 100, 'the newest 100 rows');
  assert.ok(recent.some((r) => r[2] === 'Văn bản đến'), JSON.stringify(recent.slice(0, 5)));
  await page.screenshot({ path: join(shots, 'unit-audit.png'), fullPage: false });
  await page.close();
});
