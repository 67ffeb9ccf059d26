// Autosave for the report editor: a section is saved after a pause in typing, one save at a
// time (the next waits for the previous answer, so a newer revision is always the base of the
// next save), and the newest text of each section wins. `flush()` saves what is pending now
// (leaving the editor, exporting, submitting).

export type SaveFn = (key: string, text: string) => Promise<void>;

export interface Autosave {
  /** Records a change; it is saved `delayMs` after the last change to any section. */
  change(key: string, text: string): void;
  /** Saves everything pending now and resolves when it is stored (rejects on failure). */
  flush(): Promise<void>;
  /** Sections with changes not stored yet. */
  pending(): string[];
  /** Stops the timer (the editor is closing); pending text is dropped unless flushed first. */
  dispose(): void;
}

export function createAutosave(save: SaveFn, delayMs = 1500): Autosave {
  const waiting = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();

  function run(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    // Chain after the save in flight; take the texts only when it is our turn, so a change
    // made meanwhile is included rather than saved twice.
    running = running
      .catch(() => {})
      .then(async () => {
        for (const [key, text] of [...waiting]) {
          await save(key, text);
          // A newer text typed during the save stays pending for the next round.
          if (waiting.get(key) === text) waiting.delete(key);
        }
      });
    return running;
  }

  return {
    change(key, text) {
      waiting.set(key, text);
      clearTimeout(timer);
      timer = setTimeout(() => {
        run().catch(() => {});
      }, delayMs);
    },
    flush: () => run(),
    pending: () => [...waiting.keys()],
    dispose() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
