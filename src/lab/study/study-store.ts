import Dexie, { type EntityTable } from 'dexie';
import type { StudyProgress } from '../../core/study/study-progress';

/**
 * Studies on this device, written after every step (core/study/study-progress.ts): a reload finds an
 * unfinished one here and carries it on; each cell's run resumes from its own checkpoints.
 */
export class StudiesDb extends Dexie {
  studies!: EntityTable<StudyProgress, 'studyId'>;

  constructor(name = 'crosscheck-studies') {
    super(name);
    this.version(1).stores({ studies: 'studyId, updatedAt' });
  }

  /** Studies that have not finished, newest first. */
  async unfinished(): Promise<StudyProgress[]> {
    const newest = await this.studies.orderBy('updatedAt').reverse().toArray();
    return newest.filter((s) => s.finishedAt === null);
  }
}

let deviceDb: StudiesDb | undefined;

/** This device's studies, opened on first use. */
export function deviceStudies(): StudiesDb {
  deviceDb ??= new StudiesDb();
  return deviceDb;
}
