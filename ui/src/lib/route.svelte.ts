// Which screen is shown. A tiny state object instead of a router: the app has one window and
// no URLs to share.

export type Route =
  | { name: 'home' }
  | { name: 'incoming'; view?: string; create?: boolean }
  | { name: 'incoming-detail'; id: string }
  | { name: 'outgoing'; create?: boolean; replyTo?: string }
  | { name: 'outgoing-detail'; id: string }
  | { name: 'tasks'; view?: string; create?: boolean; import?: boolean }
  | { name: 'task-detail'; id: string }
  | { name: 'meetings'; create?: boolean }
  | { name: 'indicators' }
  | { name: 'reports'; create?: boolean }
  | { name: 'report-detail'; id: string }
  | { name: 'sync' }
  | { name: 'backup' }
  | { name: 'settings' };

export const nav = $state({ route: { name: 'home' } as Route, seq: 0 });

export function go(route: Route): void {
  nav.route = route;
  nav.seq += 1;
}
