import Dexie, { type EntityTable } from 'dexie';

/** What this device keeps for the store: the lab token writes need, and the name its owner gave it. */
export interface LabSettings {
  token: string;
  deviceName: string;
}

interface SettingRow {
  key: 'lab';
  token: string;
  deviceName: string;
}

/**
 * Kept in IndexedDB, not localStorage, because the service worker delivers queued runs too and can
 * read only IndexedDB.
 */
export class LabSettingsDb extends Dexie {
  settings!: EntityTable<SettingRow, 'key'>;

  constructor(name = 'crosscheck-settings') {
    super(name);
    this.version(1).stores({ settings: 'key' });
  }

  async read(): Promise<LabSettings> {
    const row = await this.settings.get('lab');
    return { token: row?.token ?? '', deviceName: row?.deviceName ?? '' };
  }

  async write(settings: LabSettings): Promise<void> {
    await this.settings.put({ key: 'lab', token: settings.token, deviceName: settings.deviceName });
  }
}

let deviceSettings: LabSettingsDb | undefined;

/** This device's lab settings (the page's and the service worker's), opened on first use. */
export function labSettings(): LabSettingsDb {
  deviceSettings ??= new LabSettingsDb();
  return deviceSettings;
}
