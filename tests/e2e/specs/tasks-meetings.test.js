// Plans in the real app: importing a plan's task table (preview with row errors, all or
// nothing, then skipping bad rows), following a task to 100 % and watching the home screen's
// task counts change, a weekly meeting in this week's and the month's view and on the home
// screen, and the indicator table with achieved / not yet. Screenshots in target/e2e-screenshots.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { launch, repo, shotsDir, screenshot } from '../driver.js';

// Monday 28/09/2026, 09:00 in Vietnam: Quý II tasks are overdue, Quý III ones (ending
// Wednesday 30/09) are due soon with the default threshold of 2 working days.
const NOW = '2026-09-28T09:00';
const FIXTURES = join(repo, 'tests', 'e2e', 'fixtures');
// A copy of ../shared/fixtures/plan-tasks-from-seeds.csv (the real plan's appendix).
const PLAN = join(FIXTURES, 'plan-tasks-from-seeds.csv');
// Three of its rows, the second with a time frame nobody can read ("Khi có kinh phí").
const BAD_PLAN = join(FIXTURES, 'plan-tasks-bad-row.csv');
const PLAN_NAME = 'Kế hoạch chuyển đổi số năm 2026';
// The indicator table of the same seeds (10 indicators in 3 groups), as the CLI tests use it.
const INDICATORS = join(repo, 'crates', 'vanthu-cli', 'tests', 'fixtures', 'plan-indicators-from-seeds.csv');

let app;
let browser;

const $ = (sel) => browser.$(sel);
const $$ = (sel) => browser.$$(sel);

async function shot(name) {
  await browser.pause(250); // let transitions settle
  await screenshot(browser, join(shotsDir, `${name}.png`));
}

async function fill(sel, value) {
  const el = await $(sel);
  await el.waitForDisplayed({ timeout: 10000 });
  await el.clearValue();
  if (value) await el.setValue(value);
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

async function gone(sel) {
  await browser.waitUntil(async () => !(await $(sel).isExisting()), {
    timeout: 10000,
    timeoutMsg: `${sel} did not close`,
  });
}

async function goHome() {
  await click('[data-nav=home]');
  await $('[data-testid=tasks-overdue-count]').waitForDisplayed({ timeout: 10000 });
}

async function homeCounts() {
  return {
    overdue: await text('[data-testid=tasks-overdue-count]'),
    dueSoon: await text('[data-testid=tasks-due-soon-count]'),
  };
}

/** Opens the task of the main plan whose title contains `words`. */
async function openTask(words) {
  await click('[data-nav=tasks]');
  await $('#tf-plan option[value="' + PLAN_NAME + '"]').waitForExist({ timeout: 10000 });
  await pick('#tf-plan', PLAN_NAME);
  const cell = `//table[contains(@class,'task-table')]//td[contains(@class,'title')][contains(., '${words}')]`;
  await browser.waitUntil(async () => (await $$(cell)).length === 1, {
    timeout: 10000,
    timeoutMsg: `no single task "${words}" in ${PLAN_NAME}`,
  });
  await click(cell); // WebKitWebDriver clicks cells, not rows
  await $('[data-testid=task-status]').waitForDisplayed({ timeout: 10000 });
}

async function assignAndFinish(assignee, note) {
  await click('button[data-action=assign]');
  await fill('#ta-assignee', assignee);
  await browser.keys('Enter');
  await waitText('[data-testid=task-assignee]', assignee);
  await gone('#task-form');
  await click('button[data-action=progress]');
  await fill('#tp-percent', '100');
  await fill('#tp-note', note);
  await browser.keys('Enter');
  await waitText('[data-testid=task-status]', 'Hoàn thành');
}

/** `it`, plus a screenshot of the screen as it was when a step failed. */
function step_(name, fn) {
  it(name, async () => {
    try {
      await fn();
    } catch (e) {
      const safe = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
      await screenshot(browser, join(shotsDir, `FAILED-plan-${safe}.png`)).catch(() => {});
      throw e;
    }
  });
}

describe('VanThu tasks, meetings and indicators', () => {
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

  step_('sets up the unit', async () => {
    await browser.waitUntil(async () => (await $('h1').isExisting()) && (await $('h1').getText()).includes('Chào mừng'), {
      timeout: 30000,
      timeoutMsg: 'the setup wizard did not appear',
    });
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
    assert.deepEqual(await homeCounts(), { overdue: '0', dueSoon: '0' });
    assert.match(await text('[data-testid=list-meetings-today]'), /Hôm nay không có cuộc họp/);
    // The plan screens are live in the navigation, no longer "sắp có".
    for (const nav of ['tasks', 'meetings', 'indicators']) {
      const b = await $(`[data-nav=${nav}]`);
      assert.ok(await b.isEnabled(), `${nav} is enabled`);
      assert.doesNotMatch(await b.getText(), /sắp có/);
    }
  });

  step_('previews a plan table with a bad row and refuses to import it whole', async () => {
    await click('[data-nav=tasks]');
    await $('[data-testid=no-tasks]').waitForDisplayed({ timeout: 10000 });
    await click('[data-testid=open-plan-import]');
    await fill('#pi-path', BAD_PLAN);
    await fill('#pi-plan', 'Kế hoạch thử');
    await click('[data-testid=plan-preview]');
    await waitText('[data-testid=plan-errors]', 'dòng 3, cột Thời gian thực hiện');
    assert.match(await text('[data-testid=plan-errors]'), /Khi có kinh phí/);
    assert.match(await text('[data-testid=plan-summary]'), /3 dòng nhiệm vụ · 2 dòng hợp lệ · 1 dòng lỗi/);
    assert.equal(await (await $('[data-testid=plan-import]')).isEnabled(), false, '"Nhập" is refused with a bad row');
    await shot('plan-01-import-preview-errors');
  });

  step_('imports the real plan table after its preview', async () => {
    await click('button=Chọn tệp khác');
    await fill('#pi-path', PLAN);
    await fill('#pi-plan', PLAN_NAME);
    await click('[data-testid=plan-preview]');
    await waitText('[data-testid=plan-summary]', '6 dòng nhiệm vụ');
    assert.match(await text('[data-testid=plan-summary]'), /6 dòng hợp lệ · 0 dòng lỗi/);
    const preview = await text('[data-testid=plan-preview-result]');
    assert.match(preview, /Thời gian thực hiện → Thời gian thực hiện|thoi_gian_thuc_hien → Thời gian thực hiện/);
    assert.match(preview, /Từ quý II đến quý III năm 2026\s*01\/04\/2026 – 30\/09\/2026/);
    assert.equal(await $('[data-testid=plan-errors]').isExisting(), false);
    await shot('plan-02-import-preview');
    await click('[data-testid=plan-import]');
    await waitText('.toast', `Đã nhập 6 nhiệm vụ của “${PLAN_NAME}” (0 đã có)`);
    await gone('[role=dialog]');
    await browser.waitUntil(async () => (await $$('table.task-table tbody tr')).length === 6, {
      timeout: 10000,
      timeoutMsg: 'the six tasks are not listed',
    });
    const table = await text('table.task-table');
    assert.match(table, /Quý II năm 2026/);
    assert.match(table, /Quá hạn/);
    assert.match(table, /Sắp đến hạn/);
    await shot('plan-03-task-list');
  });

  step_('skips the bad row when asked', async () => {
    await click('[data-testid=open-plan-import]');
    await fill('#pi-path', BAD_PLAN);
    await fill('#pi-plan', 'Kế hoạch thử');
    await click('[data-testid=plan-preview]');
    await waitText('[data-testid=plan-errors]', 'dòng 3');
    await click('[data-testid=plan-import-skip]');
    await waitText('.toast', 'Đã nhập 2 nhiệm vụ của “Kế hoạch thử” (0 đã có, bỏ qua 1 dòng lỗi)');
    await gone('[role=dialog]');
    await goHome();
    // Quý II rows of both plans are overdue; the Quý III rows are due on Wednesday.
    assert.deepEqual(await homeCounts(), { overdue: '2', dueSoon: '6' });
    await shot('plan-04-home-tasks-before');
  });

  step_('assigns a due-soon task and completes it', async () => {
    await openTask('phòng họp không giấy');
    assert.equal(await text('[data-testid=task-deadline]'), '30/09/2026');
    assert.equal(await text('[data-testid=task-deadline-state]'), 'Sắp đến hạn');
    await click('button[data-action=assign]');
    await fill('#ta-assignee', 'Trần Văn Bình');
    await shot('plan-05-task-assign');
    await browser.keys('Enter');
    await waitText('[data-testid=task-assignee]', 'Trần Văn Bình');
    await gone('#task-form');
    await click('button[data-action=progress]');
    await fill('#tp-percent', '100');
    await fill('#tp-note', 'Đã triển khai tại 03 cơ quan');
    await browser.keys('Enter');
    await waitText('[data-testid=task-status]', 'Hoàn thành');
    await waitText('[data-testid=task-deadline-state]', 'Hoàn thành đúng hạn');
    assert.equal(await text('[data-testid=task-progress]'), '100 %');
    assert.match(await text('[data-testid=task-history]'), /Tạo nhiệm vụ[\s\S]*Giao việc[\s\S]*Giao cho Trần Văn Bình[\s\S]*Cập nhật tiến độ → 100 %[\s\S]*Đã triển khai tại 03 cơ quan/);
    await shot('plan-06-task-done');
  });

  step_('completes the overdue task late and the home counts change', async () => {
    await openTask('Rà soát, nâng cấp');
    assert.equal(await text('[data-testid=task-deadline-state]'), 'Quá hạn');
    await assignAndFinish('Lê Thị Hoa', 'Đã trang bị máy tính và chữ ký số');
    await waitText('[data-testid=task-deadline-state]', 'Hoàn thành quá hạn');
    await goHome();
    assert.deepEqual(await homeCounts(), { overdue: '1', dueSoon: '5' });
    assert.equal((await $$('[data-testid=list-tasks-due-soon] tbody tr')).length, 5);
    await shot('plan-07-home-tasks-after');
    // The home list opens the filtered task list.
    await click('[data-testid=list-tasks-overdue] button.link');
    await browser.waitUntil(async () => (await $$('table.task-table tbody tr')).length === 1, {
      timeout: 10000,
      timeoutMsg: 'the overdue filter did not narrow the list to the one task of the other plan',
    });
    assert.equal(await (await $('#tf-view')).getValue(), 'overdue');
  });

  step_('adds a weekly meeting and sees it this week, next week, in the month and on home', async () => {
    await click('[data-nav=meetings]');
    await waitText('[data-testid=cal-label]', 'Tuần từ 28/09/2026 đến 04/10/2026');
    await click('button=+ Thêm cuộc họp');
    await fill('#mt-title', 'Giao ban Ủy ban nhân dân xã');
    await fill('#mt-start', '28/09/2026 14h');
    await fill('#mt-end', '28/09/2026 16:30');
    await fill('#mt-place', 'Phòng họp tầng 2');
    await fill('#mt-chair', 'Nguyễn Văn Thắng');
    await fill('#mt-participants', 'Các Phó Chủ tịch; Trưởng các phòng chuyên môn');
    await pick('#mt-repeat', 'weekly');
    await pick('#mt-reminder_minutes', '30');
    await shot('plan-08-meeting-form');
    await click('button=Thêm cuộc họp');
    await waitText('.toast', 'Đã thêm cuộc họp “Giao ban Ủy ban nhân dân xã”');
    await gone('[role=dialog]');
    await waitText('[data-day="2026-09-28"]', 'Giao ban Ủy ban nhân dân xã');
    assert.match(await text('[data-day="2026-09-28"]'), /14:00–16:30/);
    assert.doesNotMatch(await text('[data-day="2026-09-29"]'), /Giao ban/);
    await shot('plan-09-meetings-week');
    await click('button[aria-label="Tuần sau"]');
    await waitText('[data-testid=cal-label]', 'Tuần từ 05/10/2026');
    await waitText('[data-day="2026-10-05"]', 'Giao ban Ủy ban nhân dân xã');
    await click('button[data-view=month]');
    await waitText('[data-testid=cal-label]', 'Tháng 10 năm 2026');
    const chips = await $$('[data-testid=month-view] .chip');
    assert.equal(chips.length, 4, 'the four Mondays of October 2026');
    await shot('plan-10-meetings-month');
    await goHome();
    await waitText('[data-testid=list-meetings-today]', 'Giao ban Ủy ban nhân dân xã');
    assert.match(await text('[data-testid=list-meetings-today]'), /14:00–16:30/);
    await shot('plan-11-home-meeting-today');
  });

  step_('adds indicators and records actuals: achieved and not yet', async () => {
    await click('[data-nav=indicators]');
    await $('[data-testid=no-indicators]').waitForDisplayed({ timeout: 10000 });
    assert.equal(await (await $('#ind-period')).getValue(), '2026-Q3');
    const add = async (name, target, unit) => {
      await click('button=+ Thêm chỉ tiêu');
      await fill('#ind-name', name);
      await fill('#ind-target', target);
      await fill('#ind-unit', unit);
      await fill('#ind-resp', 'Trung tâm phục vụ hành chính công xã');
      await browser.keys('Enter');
      await waitText('.toast', `Đã thêm chỉ tiêu “${name}”`);
      await gone('[role=dialog]');
    };
    await add('Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến', '≥ 80%', '%');
    await add('Tỷ lệ cán bộ, công chức được tập huấn kỹ năng số', '100%', '%');
    // Rows are found by name: indicators added in the same instant (fixed clock) have no order.
    const row = (words) => `//table[@data-testid='indicator-table']//tr[contains(., '${words}')]`;
    const record = async (words, value) => {
      await click(`${row(words)}//button[@data-action='record']`);
      await fill('#act-value', value);
      await fill('#act-evidence', 'Báo cáo quý III của Văn phòng');
      await browser.keys('Enter');
      await gone('[role=dialog]');
    };
    await record('hồ sơ thủ tục hành chính', '85%');
    await waitText(row('hồ sơ thủ tục hành chính'), 'Đạt');
    await record('tập huấn kỹ năng số', '90%');
    await waitText(row('tập huấn kỹ năng số'), 'Chưa đạt');
    assert.doesNotMatch(await text(row('hồ sơ thủ tục hành chính')), /Chưa đạt/);
    assert.match(await text('[data-testid=ind-summary]'), /1\/2 chỉ tiêu đạt — Quý III năm 2026/);
    await shot('plan-12-indicators');
    // Another period has no actuals yet.
    await pick('#ind-period', '2026-Q4');
    await waitText('[data-testid=indicator-table]', 'Chưa có số liệu');
    assert.match(await text('[data-testid=ind-summary]'), /0\/2 chỉ tiêu đạt/);
  });

  step_("imports the plan's indicator table after its preview", async () => {
    await click('[data-testid=ind-import-open]');
    await fill('#ii-path', INDICATORS);
    await click('[data-testid=ind-preview]');
    await waitText('[data-testid=ind-import-summary]', '10 dòng chỉ tiêu');
    const summary = await text('[data-testid=ind-import-summary]');
    assert.match(summary, /10 dòng hợp lệ · 0 dòng lỗi/);
    assert.match(summary, /3 nhóm \(Phát triển hạ tầng; Phát triển nguồn lực; Phát triển chuyển đổi số\)/);
    const preview = await text('[data-testid=ind-preview-result]');
    assert.match(preview, /Kết quả → Mục tiêu/);
    assert.match(preview, /Cơ quan chủ trì theo dõi, đánh giá → Đơn vị theo dõi/);
    assert.match(preview, /≥98/);
    await shot('plan-13-indicator-import-preview');
    await click('[data-testid=ind-import]');
    await waitText('.toast', 'Đã nhập 10 chỉ tiêu');
    await gone('[role=dialog]');
    await waitText('[data-testid=ind-summary]', '0/12 chỉ tiêu đạt');
    const table = await text('[data-testid=indicator-table]');
    assert.match(table, /Duy trì tỷ lệ hài lòng của người dân/);
    assert.match(table, /Nhóm: Phát triển chuyển đổi số/);
    await shot('plan-14-indicators-imported');
  });
});
