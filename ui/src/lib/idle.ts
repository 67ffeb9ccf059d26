// The UI's side of the idle lock: after `limitMs` without input it calls `onIdle` (which locks
// the session in the shell). While someone works it pings the shell now and then (`onTouch`),
// so the shell's own idle check, which counts commands, does not lock a person typing a long
// form. Time comes from `now` so tests can drive it.

export type IdleOptions = {
  limitMs: number;
  onIdle: () => void;
  onTouch: () => void;
  now?: () => number;
};

export type IdleTimer = {
  /** Call on every input event. */
  input: () => void;
  /** Call periodically (every second); fires `onIdle` once when the limit has passed. */
  tick: () => void;
  stop: () => void;
};

export function idleTimer({ limitMs, onIdle, onTouch, now = Date.now }: IdleOptions): IdleTimer {
  let last = now();
  let touched = last;
  let fired = false;
  // Ping well before the shell's limit would run out.
  const touchEvery = Math.max(500, Math.min(60_000, limitMs / 3));
  return {
    input() {
      if (fired) return;
      last = now();
      if (last - touched >= touchEvery) {
        touched = last;
        onTouch();
      }
    },
    tick() {
      if (!fired && now() - last >= limitMs) {
        fired = true;
        onIdle();
      }
    },
    stop() {
      fired = true;
    },
  };
}
