// One short confirmation line at a time ("Đã đăng ký số đến 5/2026"), read out by screen
// readers through the live region in App.svelte.

export const toast = $state({ text: '', kind: 'ok' as 'ok' | 'error', seq: 0 });

export function notify(text: string, kind: 'ok' | 'error' = 'ok'): void {
  toast.text = text;
  toast.kind = kind;
  toast.seq += 1;
  const mine = toast.seq;
  setTimeout(() => {
    if (toast.seq === mine) toast.text = '';
  }, 5000);
}
