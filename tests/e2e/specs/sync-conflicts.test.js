// Per-record sync state and the conflict log, in the real app against a REAL `vanthu-server` on
// 127.0.0.1. The app reaches the server through a small loopback proxy this spec can cut, as a
// commune office's internet drops; a second laptop of the same unit (the `vanthu` CLI, enrolled
// with its own code) goes straight to the server. Both assign the same document while they
// cannot see each other's change: the laptop first, the app a moment later, offline. The
// document's badge says "Chờ gửi lên tỉnh (1 thay đổi)"; when the line is back and both have
// synced, the server kept the later assignment (design §4: last writer wins per field), the
// badge says "Đã đồng bộ lúc …", and the Đồng bộ screen lists the conflict — record, field,
// both values, whose they were — with a count on the menu until "Đã xem".
// Needs `cargo build -p vanthu-server -p vanthu-cli` (and the app) first.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { launch, repo, shotsDir, screenshot } from '../driver.js';

const bin = (name) => join(process.env.CARGO_TARGET_DIR ?? join(repo, 'target'), 'debug', name);

const UNIT = 'Ủy ban nhân dân xã Tân Cương';
const CLERK = 'Trần Thị Lan';
const LEADER = 'Lê Văn Hùng';
const OFFICER = 'Đỗ Minh Tuấn';

let app;
let browser;
let server;
let proxy;
let root;
let db;
let laptopB;

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

function admin(...args) {
  return execFileSync(bin('vanthu-server'), ['--db', db, 'admin', ...args], {
    encoding: 'utf8',
    env: { ...process.env, VANTHU_LOG: 'warn' },
  });
}

const enrolCode = () => JSON.parse(admin('enrol-code', 'TC', '--json')).code;

/** The `vanthu` CLI on the leader's laptop, acting as the leader. */
function laptop(...args) {
  const env = { ...process.env };
  delete env.VANTHU_NOW;
  delete env.VANTHU_USER;
  return execFileSync(bin('vanthu'), ['--data-dir', laptopB, '--actor', LEADER, ...args], {
    encoding: 'utf8',
    env,
  });
}

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

/**
 * A TCP proxy on loopback in front of `target` that can be cut (open connections reset, new
 * ones refused at once) and healed: the commune's internet line.
 */
function startProxy(target) {
  const { hostname, port } = new URL(target);
  const open = new Set();
  let cut = false;
  const srv = createServer((down) => {
    if (cut) return down.destroy();
    const up = connect(Number(port), hostname);
    open.add(down).add(up);
    const close = () => {
      down.destroy();
      up.destroy();
      open.delete(down);
      open.delete(up);
    };
    for (const s of [down, up]) {
      s.on('error', close);
      s.on('close', close);
    }
    down.pipe(up);
    up.pipe(down);
  });
  return new Promise((ok) => {
    srv.listen(0, '127.0.0.1', () => {
      ok({
        url: `http://127.0.0.1:${srv.address().port}`,
        cut() {
          cut = true;
          for (const s of open) s.destroy();
        },
        heal() {
          cut = false;
        },
        close() {
          for (const s of open) s.destroy();
          srv.close();
        },
      });
    });
  });
}

async function badge() {
  const el = await $('[data-testid=record-sync]');
  await el.waitForDisplayed({ timeout: 10000 });
  return { state: await el.getAttribute('data-state'), text: await el.getText() };
}

async function waitBadge(state, timeout = 20000) {
  await browser.waitUntil(async () => (await badge()).state === state, {
    timeout,
    timeoutMsg: `the document's badge did not become "${state}"`,
  });
  return badge();
}

const pendingCount = async () => Number(await $('[data-testid=sync-pending]').getAttribute('data-pending'));

function step_(name, fn) {
  it(name, async () => {
    try {
      await fn();
    } catch (e) {
      const safe = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
      await screenshot(browser, join(shotsDir, `FAILED-conflicts-${safe}.png`)).catch(() => {});
      throw e;
    }
  });
}

describe('VanThu per-record sync state and conflict log', () => {
  let docId;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'vanthu-e2e-conflicts-'));
    db = `sqlite:${join(root, 'server.db')}`;
    laptopB = join(root, 'laptop-lanh-dao');
    let serverUrl;
    ({ child: server, url: serverUrl } = await startServer());
    proxy = await startProxy(serverUrl);
    proxy.direct = serverUrl;
    admin('unit', 'create', '--code', 'TC', '--name', UNIT);
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
    proxy?.close();
    server?.kill();
    if (root && !process.env.VANTHU_KEEP_E2E_DATA) rmSync(root, { recursive: true, force: true });
  });

  step_('set up, enrolled, a document registered: its badge ends "Đã đồng bộ lúc …"', async () => {
    await browser.waitUntil(async () => (await $('h1').isExisting()) && (await $('h1').getText()).includes('Chào mừng'), {
      timeout: 30000,
    });
    await fill('#unit-name', UNIT);
    await fill('#unit-superior', 'Ủy ban nhân dân tỉnh Thái Nguyên');
    await fill('#unit-place', 'Tân Cương');
    await click('button=Tiếp tục');
    await click('button=Tiếp tục');
    await fill('#leader-name-0', LEADER);
    await click('button=Tiếp tục');
    await fill('#actor', CLERK);
    await click('button=Hoàn tất thiết lập');
    await waitText('h1', 'Việc cần làm hôm nay');

    // Before enrolment a document says so honestly, and the register marks nothing.
    await browser.keys(['Control', 'n']);
    await $('#in-issuer').waitForDisplayed({ timeout: 10000 });
    await fill('#in-issuer', 'Sở Nội vụ tỉnh Thái Nguyên');
    await fill('#in-symbol', '12/SNV-VP');
    await fill('#in-doc_date', '20/11/2026');
    await (await $('#in-doc_type')).selectByAttribute('value', 'cong_van');
    await fill('#in-summary', 'Triển khai chữ ký số cho cán bộ cấp xã');
    await browser.keys('Enter');
    await waitText('.toast', 'Đã đăng ký văn bản đến số 1/2026');
    await browser.waitUntil(async () => (await $$('table.register tbody tr')).length === 1, { timeout: 10000 });
    docId = await (await $('table.register tbody tr')).getAttribute('data-id');
    assert.equal(await $('[data-testid=row-sync]').isExisting(), false);
    await click('table.register tbody tr td.summary');
    const local = await badge();
    assert.equal(local.state, 'local');
    assert.equal(local.text, 'Chưa thiết lập đồng bộ');

    await click('[data-nav=sync]');
    await fill('#sync-server', proxy.url);
    await fill('#sync-code', enrolCode());
    await click('[data-testid=enrol]');
    await waitText('[data-testid=sync-state]', 'Đã thiết lập', 20000);
    await browser.waitUntil(async () => (await pendingCount()) === 0 && !(await text('[data-testid=sync-last-success]')).includes('Chưa có'), {
      timeout: 20000,
      timeoutMsg: 'the first sync did not send the document',
    });
    assert.match(await text('[data-testid=sync-last-success]'), /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    assert.equal(await $('[data-testid=sync-clock-warning]').isExisting(), false, 'same machine, same clock');
    assert.equal(await text('[data-testid=conflicts-empty]').then((t) => t.startsWith('Chưa có xung đột nào')), true);

    await click('[data-nav=incoming]');
    await click('table.register tbody tr td.summary');
    const synced = await waitBadge('synced');
    assert.match(synced.text, /^Đã đồng bộ lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  });

  step_('the leader’s laptop (same unit) gets it and assigns it before the clerk', async () => {
    laptop('sync', 'enrol', enrolCode(), '--server', proxy.direct, '--name', 'Máy lãnh đạo');
    laptop('sync', 'now');
    const items = JSON.parse(laptop('incoming', 'list', '--json')).items;
    assert.equal(items.length, 1);
    assert.equal(items[0].id, docId);
    // The line to the commune office drops; the leader assigns the document on his laptop
    // (not synced yet: the two edits cannot see each other).
    proxy.cut();
    laptop('incoming', 'transition', docId, 'assign', '--assignee', 'Phạm Thu Hà');
    await browser.pause(1200); // the clerk's edit below is clearly the later one
  });

  step_('offline, the clerk assigns it too: "Chờ gửi lên tỉnh (1 thay đổi)", ↑ in the register', async () => {
    await click('[data-action=assign]');
    await fill('#t-assignee', OFFICER);
    await click('#action-form button[type=submit]');
    await waitText('[data-testid=detail-assignee]', OFFICER);
    const pending = await waitBadge('pending');
    assert.equal(pending.text, 'Chờ gửi lên tỉnh (1 thay đổi)');
    // The background sync tries and fails while the line is down: the state stays.
    await click('[data-nav=sync]');
    await $('[data-testid=sync-error]').waitForDisplayed({ timeout: 30000 });
    assert.match(await text('[data-testid=sync-error]'), /Không kết nối được máy chủ của tỉnh/);
    assert.ok((await pendingCount()) >= 1);
    await click('[data-nav=incoming]');
    const mark = await $('[data-testid=row-sync]');
    await mark.waitForExist({ timeout: 10000 });
    assert.equal(await mark.getAttribute('data-state'), 'pending');
    assert.match(await (await $('table.register tbody tr')).getAttribute('aria-label'), /\(chờ gửi lên tỉnh\)$/);
    await shot('conflicts-01-register-pending');
    await click('table.register tbody tr td.summary');
    assert.equal((await badge()).text, 'Chờ gửi lên tỉnh (1 thay đổi)');
    await shot('conflicts-02-detail-pending');
  });

  step_('both sync: the later edit (the clerk’s) is kept; the badge says "Đã đồng bộ lúc …"', async () => {
    laptop('sync', 'now'); // the leader's earlier edit reaches the server first
    proxy.heal();
    await click('[data-nav=sync]');
    await click('[data-testid=sync-now]');
    await browser.waitUntil(async () => (await pendingCount()) === 0 && !(await $('[data-testid=sync-error]').isExisting()), {
      timeout: 30000,
      timeoutMsg: 'the clerk’s change was not acknowledged after the line came back',
    });
    await click('[data-nav=incoming]');
    await click('table.register tbody tr td.summary');
    const synced = await waitBadge('synced');
    assert.match(synced.text, /Đã đồng bộ lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await waitText('[data-testid=record-conflicts]', 'xung đột đã giải quyết');
    assert.equal(await text('[data-testid=detail-assignee]'), OFFICER, 'the later edit is kept');
    await shot('conflicts-03-detail-synced');
    // The leader's laptop converges on the same value.
    laptop('sync', 'now');
    const onB = JSON.parse(laptop('incoming', 'list', '--json')).items[0];
    assert.equal(onB.assignee, OFFICER);
  });

  step_('the Đồng bộ screen lists the conflict plainly; the menu counts it until "Đã xem"', async () => {
    const count = await $('[data-testid=sync-nav-count]');
    await count.waitForDisplayed({ timeout: 10000 });
    const unseen = Number(await count.getAttribute('data-count'));
    assert.ok(unseen >= 1, `menu count ${unseen}`);
    await click('[data-nav=sync]');
    await $('[data-testid=conflict]').waitForDisplayed({ timeout: 10000 });
    assert.equal(await text('[data-testid=conflicts-unseen]'), `${unseen} mới`);
    const entries = await $$('[data-testid=conflict]');
    assert.equal(entries.length, unseen);
    // The assignee's entry (the recipient, filled from the assignee, may clash too).
    let entry;
    for (const e of entries) {
      if ((await e.$('[data-testid=conflict-field]').getText()) === 'Người xử lý') entry = e;
    }
    assert.ok(entry, 'an entry for "Người xử lý"');
    assert.equal(await entry.$('[data-testid=conflict-record]').getText(), 'Văn bản đến số 1/2026: Triển khai chữ ký số cho cán bộ cấp xã');
    const kept = await entry.$('[data-testid=conflict-kept]').getText();
    const lost = await entry.$('[data-testid=conflict-lost]').getText();
    assert.match(kept, new RegExp(`^${OFFICER} — ${CLERK}, máy này, lúc \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}$`));
    assert.match(lost, new RegExp(`^Phạm Thu Hà — ${LEADER}, máy khác của đơn vị, lúc \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}$`));
    assert.match(
      await entry.$('[data-testid=conflict-resolution]').getText(),
      /giữ lần sửa sau cùng \(Trần Thị Lan, máy này\); lần sửa trước \(Lê Văn Hùng, máy khác của đơn vị\)/,
    );
    await $('[data-testid=conflict-log]').scrollIntoView();
    await shot('conflicts-04-log');

    // The record link opens the document.
    await entry.$('[data-testid=conflict-record]').click();
    await waitText('h1', 'Văn bản đến số 1/2026');
    await click('[data-nav=sync]');
    await click('[data-testid=conflicts-seen]');
    await waitText('.toast', 'Đã đánh dấu các xung đột là đã xem');
    await browser.waitUntil(async () => !(await $('[data-testid=conflicts-unseen]').isExisting()), { timeout: 5000 });
    await browser.waitUntil(async () => !(await $('[data-testid=sync-nav-count]').isExisting()), {
      timeout: 10000,
      timeoutMsg: 'the menu still counts conflicts after "Đã xem"',
    });
    assert.equal((await $$('[data-testid=conflict]')).length, unseen, 'seen entries stay in the log');
    assert.equal(await $('[data-testid=conflicts-seen]').isExisting(), false);
    await shot('conflicts-05-seen');
  });
});
