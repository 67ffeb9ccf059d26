import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutosave } from './autosave';

describe('createAutosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once after a pause, with the newest text', async () => {
    const saved: [string, string][] = [];
    const a = createAutosave(async (k, t) => {
      saved.push([k, t]);
    }, 1000);
    a.change('ton_tai', 'M');
    await vi.advanceTimersByTimeAsync(500);
    a.change('ton_tai', 'Mới');
    await vi.advanceTimersByTimeAsync(999);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual([['ton_tai', 'Mới']]);
    expect(a.pending()).toEqual([]);
  });

  it('runs one save at a time and keeps text typed during a save pending', async () => {
    let release: () => void = () => {};
    const saved: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const a = createAutosave(async (_k, t) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((r) => (release = r));
      saved.push(t);
      inFlight -= 1;
    }, 100);
    a.change('k', 'một');
    await vi.advanceTimersByTimeAsync(100);
    a.change('k', 'một hai');
    await vi.advanceTimersByTimeAsync(100);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual(['một']);
    expect(a.pending()).toEqual(['k']);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual(['một', 'một hai']);
    expect(maxInFlight).toBe(1);
    expect(a.pending()).toEqual([]);
  });

  it('flush saves now and reports a failure; the text stays pending', async () => {
    const a = createAutosave(async () => {
      throw new Error('hỏng');
    }, 10_000);
    a.change('k', 'x');
    await expect(a.flush()).rejects.toThrow('hỏng');
    expect(a.pending()).toEqual(['k']);
  });
});
