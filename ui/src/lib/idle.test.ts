import { describe, expect, it } from 'vitest';
import { idleTimer } from './idle';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('idle timer', () => {
  it('fires once after the limit without input', () => {
    const c = clock();
    let idle = 0;
    const timer = idleTimer({ limitMs: 10_000, onIdle: () => idle++, onTouch: () => {}, now: c.now });
    c.advance(9_999);
    timer.tick();
    expect(idle).toBe(0);
    c.advance(1);
    timer.tick();
    timer.tick();
    expect(idle).toBe(1);
  });

  it('input postpones the lock and pings the shell now and then', () => {
    const c = clock();
    let idle = 0;
    let touches = 0;
    const timer = idleTimer({ limitMs: 9_000, onIdle: () => idle++, onTouch: () => touches++, now: c.now });
    for (let i = 0; i < 10; i++) {
      c.advance(2_000);
      timer.input();
      timer.tick();
    }
    expect(idle).toBe(0);
    // Every 3 s at most (a third of the limit): well before the shell's own limit.
    expect(touches).toBe(5);
    c.advance(9_000);
    timer.tick();
    expect(idle).toBe(1);
  });

  it('does nothing once stopped', () => {
    const c = clock();
    let idle = 0;
    const timer = idleTimer({ limitMs: 1_000, onIdle: () => idle++, onTouch: () => {}, now: c.now });
    timer.stop();
    c.advance(5_000);
    timer.tick();
    expect(idle).toBe(0);
  });
});
