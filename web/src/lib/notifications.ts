/**
 * Opt-in browser notifications for new inbox items. Off by default; the browser is asked for
 * permission only when the user turns them on (a click), and the choice is kept in this browser.
 */
const KEY = 'vetline.inbox-notifications';

export type NotificationSetting = 'unsupported' | 'blocked' | 'off' | 'on';

const supported = () => typeof window !== 'undefined' && 'Notification' in window;

/** Where notifications stand in this browser now. */
export function notificationSetting(): NotificationSetting {
  if (!supported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return Notification.permission === 'granted' && localStorage.getItem(KEY) === 'on' ? 'on' : 'off';
}

/** Turns notifications on (asking the browser once, from the user's click) or off; the setting that results. */
export async function setNotifications(on: boolean): Promise<NotificationSetting> {
  if (!supported()) return 'unsupported';
  if (!on) {
    localStorage.removeItem(KEY);
    return notificationSetting();
  }
  const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  if (permission === 'granted') localStorage.setItem(KEY, 'on');
  return notificationSetting();
}

/** Shows a notification when they are on and the dashboard is not the page in front (then the badge tells it). */
export function notify(title: string, body: string, url: string) {
  if (notificationSetting() !== 'on' || document.visibilityState === 'visible') return;
  const notification = new Notification(title, { body, tag: url, icon: '/favicon.svg' });
  notification.onclick = () => {
    window.focus();
    window.location.assign(url);
  };
}
