// Digital signatures on an incoming PDF, in the real app over an ENCRYPTED store. The data folder
// is prepared as a clerk's would be from the command line: `vanthu init` (encrypted, key file in
// a folder of this run's), the unit's setup, a test CA made with the `openssl` command, a PDF
// signed with `vanthu sign pdf` and registered with `vanthu incoming add --attach`, the CA put in
// the trust folder. The app then opens that store, shows the document, and "Kiểm tra chữ ký số"
// says "Hợp lệ" with the signer and the CA; a second PDF changed after signing says "Không hợp
// lệ". Needs `cargo build -p vanthu-cli` (and the app) first.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, repo, shotsDir, screenshot } from '../driver.js';

const bin = (name) => join(process.env.CARGO_TARGET_DIR ?? join(repo, 'target'), 'debug', name);

let root;
let env;
let app;
let browser;

const $ = (sel) => browser.$(sel);

function vanthu(...args) {
  return execFileSync(bin('vanthu'), args, {
    encoding: 'utf8',
    env: { ...process.env, ...env, VANTHU_LOG: 'warn', P12_PASS: 'mat-khau-p12' },
  });
}

function openssl(...args) {
  execFileSync('openssl', args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A one-page PDF written by hand (offsets computed), so the spec needs no PDF tool. */
function tinyPdf(text) {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
  objs[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.7\n';
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function shot(name) {
  await browser.pause(300);
  await screenshot(browser, join(shotsDir, `${name}.png`));
}

describe('VanThu digital signatures on incoming PDFs (encrypted store)', () => {
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'vanthu-e2e-sign-'));
    const data = join(root, 'data');
    env = {
      VANTHU_DATA_DIR: data,
      VANTHU_KEY_DIR: join(root, 'keys'),
      VANTHU_NOW: '2026-11-24T09:00',
    };
    // The test PKI: a provincial CA and a leader's certificate in a .p12, made at run time.
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-utf8', '-days', '30',
      '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=CA Thử nghiệm Tỉnh/O=Sở Thông tin và Truyền thông',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-utf8', '-keyout', 'ld.key', '-out', 'ld.csr',
      '-subj', '/CN=Nguyễn Văn Thắng/O=UBND huyện Đại Từ');
    writeFileSync(join(root, 'ext.cnf'), 'keyUsage=critical,digitalSignature,nonRepudiation\n');
    openssl('x509', '-req', '-in', 'ld.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
      '-days', '30', '-extfile', 'ext.cnf', '-out', 'ld.pem');
    openssl('pkcs12', '-export', '-inkey', 'ld.key', '-in', 'ld.pem', '-certfile', 'ca.pem',
      '-out', 'ld.p12', '-passout', 'pass:mat-khau-p12');
    writeFileSync(join(root, 'cv.pdf'), tinyPdf('Cong van so 15/UBND-VP'));

    const init = vanthu('init');
    assert.match(init, /mã khôi phục/i, init);
    vanthu('setup', '--name', 'Ủy ban nhân dân xã Tân Cương', '--superior', 'Ủy ban nhân dân huyện Đại Từ',
      '--abbr', 'UBND', '--place', 'Tân Cương', '--style', 'state', '--leader', 'Lê Văn Hùng|Chủ tịch');
    vanthu('sign', 'pdf', join(root, 'cv.pdf'), '--p12', join(root, 'ld.p12'), '--password-env', 'P12_PASS',
      '--out', join(root, 'cv-da-ky.pdf'), '--reason', 'Ban hành');
    // The same signed file with one byte changed inside the signed range.
    const tampered = readFileSync(join(root, 'cv-da-ky.pdf'));
    const at = tampered.indexOf('Cong van so 15');
    tampered[at] = 'K'.charCodeAt(0);
    writeFileSync(join(root, 'cv-bi-sua.pdf'), tampered);
    vanthu('incoming', 'add', '--issuer', 'Ủy ban nhân dân huyện Đại Từ', '--symbol', '15/UBND-VP',
      '--date', '20/11/2026', '--type', 'Công văn', '--summary', 'Về đẩy mạnh chuyển đổi số cấp xã',
      '--attach', join(root, 'cv-da-ky.pdf'), '--attach', join(root, 'cv-bi-sua.pdf'));
    mkdirSync(join(data, 'trust'), { recursive: true });
    copyFileSync(join(root, 'ca.pem'), join(data, 'trust', 'ca-tinh.pem'));
    // An approved outgoing draft for the leader to sign digitally in the app.
    const draft = JSON.parse(vanthu('outgoing', 'create', '--type', 'Công văn', '--summary', 'Về lịch trực Tết Nguyên đán', '--json'));
    vanthu('outgoing', 'transition', draft.id, 'submit');
    vanthu('outgoing', 'transition', draft.id, 'approve');
    writeFileSync(join(root, 'lich-truc.pdf'), tinyPdf('Lich truc Tet'));
    // A SoftHSM2 token with no key yet (softhsm2-util cannot store a certificate; the signing
    // itself on a token is covered by the Rust tests): the app must find it, log in with the
    // PIN and say plainly that there is no signing key on it.
    mkdirSync(join(root, 'tokens'));
    writeFileSync(join(root, 'softhsm2.conf'), `directories.tokendir = ${join(root, 'tokens')}\nobjectstore.backend = file\n`);
    env.SOFTHSM2_CONF = join(root, 'softhsm2.conf');
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'Token Lanh dao', '--so-pin', '87654321', '--pin', '123456'],
      { env: { ...process.env, SOFTHSM2_CONF: env.SOFTHSM2_CONF }, stdio: ['ignore', 'ignore', 'pipe'] });

    app = await launch(env);
    browser = app.browser;
    try {
      await browser.setWindowSize(1366, 768);
    } catch (e) {
      console.warn('could not set the window size:', e.message);
    }
  });

  after(async () => {
    await app?.stop();
    if (root && !process.env.VANTHU_KEEP_E2E_DATA) rmSync(root, { recursive: true, force: true });
  });

  it('the database file holds none of the text entered', () => {
    const db = readFileSync(join(root, 'data', 'vanthu.db'));
    assert.equal(db.indexOf('chuyển đổi số'), -1);
    assert.equal(db.indexOf('15/UBND-VP'), -1);
  });

  it('opens the encrypted store and checks the signatures of the PDFs', async () => {
    await browser.waitUntil(async () => (await $('h1').isExisting()) && (await $('h1').getText()).includes('Việc cần làm hôm nay'), {
      timeout: 30000,
      timeoutMsg: 'the app did not open the encrypted store at Home',
    });
    await (await $('[data-nav=incoming]')).click();
    const row = await $('table.register tbody tr td.summary');
    await row.waitForClickable({ timeout: 15000 });
    await row.click();
    const check = await $('button=Kiểm tra chữ ký số');
    await check.waitForClickable({ timeout: 15000 });
    await check.click();
    await browser.waitUntil(async () => (await browser.$$('[data-testid="signature"]')).length === 2, {
      timeout: 15000,
      timeoutMsg: 'no signature results appeared',
    });
    const labels = await browser.$$('[data-testid="signature"]').map((e) => e.getText());
    const page = await $('body').getText();
    assert.ok(labels.some((l) => l === 'Chữ ký số: Hợp lệ'), labels.join(' | '));
    assert.ok(labels.some((l) => l.startsWith('Chữ ký số: Không hợp lệ')), labels.join(' | '));
    assert.match(page, /Nguyễn Văn Thắng \(UBND huyện Đại Từ\) — CA: CA Thử nghiệm Tỉnh/);
    await shot('signatures-01-incoming-detail');
  });

  it('the token path finds the token and says it has no signing key', async () => {
    await (await $('[data-nav=outgoing]')).click();
    const row = await $('td.summary*=lịch trực Tết');
    await row.waitForClickable({ timeout: 15000 });
    await row.click();
    const open = await $('[data-testid="digital-sign"]');
    await open.waitForClickable({ timeout: 15000 });
    await open.click();
    await (await $('#ds-pdf')).setValue(join(root, 'lich-truc.pdf'));
    await (await $('input[name=ds-method][value=token]')).click();
    const module = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so']
      .find((p) => existsSync(p));
    assert.ok(module, 'SoftHSM2 is installed by scripts/setup.sh');
    await (await $('#ds-module')).setValue(module);
    await (await $('[data-testid="find-tokens"]')).click();
    await browser.waitUntil(async () => (await $('[data-testid="token-list"]')).isExisting(), {
      timeout: 15000,
      timeoutMsg: 'the token list did not appear',
    });
    assert.match(await (await $('[data-testid="token-list"]')).getText(), /Chứng thư trên token/);
    await (await $('#ds-secret')).setValue('123456');
    await (await $('#digital-sign-form button[type=submit]')).click();
    await browser.waitUntil(async () => (await $('body').getText()).includes('token không có khóa ký nào'), {
      timeout: 15000,
      timeoutMsg: 'no clear error for a token without a key',
    });
    assert.equal(await (await $('[data-testid="out-status"]')).getText(), 'Đã duyệt');
    await shot('signatures-02-outgoing-token-without-key');
    await (await (await $('#digital-sign-form')).$('button=Hủy')).click();
  });

  it('the leader signs an approved outgoing document with a .p12 file', async () => {
    const open = await $('[data-testid="digital-sign"]');
    await open.waitForClickable({ timeout: 15000 });
    await open.click();
    await (await $('#ds-pdf')).setValue(join(root, 'lich-truc.pdf'));
    await (await $('#ds-p12')).setValue(join(root, 'ld.p12'));
    // A wrong password: a clear error, nothing signed.
    await (await $('#ds-secret')).setValue('sai-mat-khau');
    await (await $('#digital-sign-form button[type=submit]')).click();
    await browser.waitUntil(async () => (await $('body').getText()).includes('sai mật khẩu'), {
      timeout: 15000,
      timeoutMsg: 'no error for a wrong .p12 password',
    });
    assert.equal(await (await $('[data-testid="out-status"]')).getText(), 'Đã duyệt');
    await shot('signatures-03-outgoing-wrong-password');
    await (await $('#ds-secret')).setValue('mat-khau-p12');
    await (await $('#digital-sign-form button[type=submit]')).click();
    await browser.waitUntil(async () => (await (await $('[data-testid="out-status"]')).getText()) === 'Đã ký', {
      timeout: 20000,
      timeoutMsg: 'the document did not become signed',
    });
    const page = await $('body').getText();
    assert.match(page, /lich-truc-da-ky\.pdf/);
    assert.equal(await (await $('[data-testid="signature"]')).getText(), 'Chữ ký số: Hợp lệ');
    assert.match(page, /Người ký\s*Nguyễn Văn Thắng/);
    await shot('signatures-04-outgoing-signed');
  });
});
