/** What this device keeps for the store, in one place: the lab token and the name its owner gave it. */
const tokenKey = 'crosscheck-lab-token';
const deviceKey = 'crosscheck-device-name';

export const savedLabToken = (): string => localStorage.getItem(tokenKey) ?? '';
export const savedDeviceName = (): string => localStorage.getItem(deviceKey) ?? '';

export function saveLabSettings(token: string, deviceName: string): void {
  localStorage.setItem(tokenKey, token);
  localStorage.setItem(deviceKey, deviceName);
}
