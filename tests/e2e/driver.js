// Starts the real VanThu binary under tauri-driver (which drives WebKitWebDriver on Linux) and
// opens a WebdriverIO session on it. Every run gets its own data and config folders, so a
// test never sees a previous run's documents or remembered window size.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { remote } from 'webdriverio';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../..');
export const shotsDir = process.env.VANTHU_SCREENSHOTS ?? join(repo, 'target', 'e2e-screenshots');

export function appPath() {
  if (process.env.VANTHU_APP) return process.env.VANTHU_APP;
  const target = process.env.CARGO_TARGET_DIR ?? join(repo, 'target');
  return join(target, 'debug', process.platform === 'win32' ? 'vanthu-app.exe' : 'vanthu-app');
}

function freePort() {
  return new Promise((ok, fail) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function waitForPort(port, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const open = await new Promise((ok) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        ok(true);
      });
      s.on('error', () => ok(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on ${port} within ${ms} ms`);
}

/**
 * Pids of app processes started for `dataDir` (found by their environment, Linux /proc).
 *
 * Ending the WebDriver session does not always end the app (seen in CI: an app from one spec
 * outlived its driver). The app is single-instance, so a survivor makes the next spec's launch
 * hand over to it and exit, and that spec's session never starts. Hence the sweep after stop().
 */
function appPidsFor(dataDir) {
  if (process.platform !== 'linux') return [];
  const marker = `VANTHU_DATA_DIR=${dataDir}`;
  const pids = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${name}/environ`, 'latin1').split('\0');
      if (env.includes(marker)) pids.push(Number(name));
    } catch {
      // The process ended or is not ours to read.
    }
  }
  return pids;
}

async function killLeftovers(dataDir) {
  for (let i = 0; i < 50; i++) {
    const pids = appPidsFor(dataDir);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, i < 20 ? 'SIGTERM' : 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Launches the app with `env` (e.g. VANTHU_NOW) and returns { browser, dataDir, stop }.
 */
export async function launch(env = {}) {
  const root = mkdtempSync(join(tmpdir(), 'vanthu-e2e-'));
  // A spec may prepare a data folder first (with the CLI) and pass it as VANTHU_DATA_DIR.
  const dataDir = env.VANTHU_DATA_DIR ?? join(root, 'data');
  const configDir = join(root, 'config');
  mkdirSync(configDir, { recursive: true });
  mkdirSync(shotsDir, { recursive: true });
  const port = await freePort();
  const nativePort = await freePort();
  const driverBin = process.env.TAURI_DRIVER ?? 'tauri-driver';
  const driver = spawn(driverBin, ['--port', String(port), '--native-port', String(nativePort)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      VANTHU_DATA_DIR: dataDir,
      XDG_CONFIG_HOME: configDir,
      XDG_DATA_HOME: join(root, 'xdg-data'),
      // A new store is encrypted; its key file (no keyring under the test's D-Bus) goes beside
      // the data folder, so a spec that relaunches on the same folder finds it again.
      VANTHU_KEY_DIR: env.VANTHU_DATA_DIR ? `${env.VANTHU_DATA_DIR}-keys` : join(root, 'keys'),
      ...env,
    },
  });
  const exited = new Promise((ok) => driver.on('exit', ok));
  await waitForPort(port, 15000);
  // A session that never starts must not leave the driver running: the spec's process would
  // then never exit and the whole run would hang.
  const browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    connectionRetryTimeout: 120000,
    connectionRetryCount: 0,
    capabilities: {
      browserName: 'wry',
      'tauri:options': { application: appPath() },
      // WebKitWebDriver speaks classic WebDriver only; without this WebdriverIO 9 asks for BiDi.
      'wdio:enforceWebDriverClassic': true,
    },
  }).catch(async (e) => {
    driver.kill('SIGKILL');
    await killLeftovers(dataDir);
    throw e;
  });
  async function stop() {
    try {
      await browser.deleteSession();
    } catch {
      // The app may already be gone; the driver is stopped below either way.
    }
    driver.kill();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    await killLeftovers(dataDir);
    if (!process.env.VANTHU_KEEP_E2E_DATA) rmSync(root, { recursive: true, force: true });
  }
  return { browser, dataDir, stop };
}

/**
 * Saves a screenshot of the app's window to `path` (nothing when there is no session).
 *
 * Why the nudge: the app renders without accelerated compositing (src-tauri/src/webview_tuning.rs,
 * for memory), and in that mode WebKitWebDriver's screenshot waits for the web view's next
 * presentation update — which a page that does not change never sends, so the command hung until
 * its timeout (the setup wizard, a static form, was the first to show it). While the screenshot is
 * taken, one pixel in the bottom-left corner alternates between 1 % and 2 % black, so a frame is
 * drawn; it is removed afterwards. A person using the app never asks for a snapshot.
 */
export async function screenshot(browser, path) {
  if (!browser) return;
  await browser.execute(() => {
    const dot = document.createElement('div');
    dot.id = 'vanthu-e2e-nudge';
    dot.setAttribute('aria-hidden', 'true');
    dot.style.cssText =
      'position:fixed;left:0;bottom:0;width:1px;height:1px;z-index:2147483647;pointer-events:none';
    document.body.appendChild(dot);
    let dark = false;
    window.__vanthuNudge = setInterval(() => {
      dark = !dark;
      dot.style.background = dark ? 'rgba(0,0,0,0.02)' : 'rgba(0,0,0,0.01)';
    }, 40);
  });
  try {
    await browser.saveScreenshot(path);
  } finally {
    await browser.execute(() => {
      clearInterval(window.__vanthuNudge);
      document.getElementById('vanthu-e2e-nudge')?.remove();
    });
  }
}
