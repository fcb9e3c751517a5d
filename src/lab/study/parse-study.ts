import { parseConfigId } from '../../adapters/configurations';
import {
  ORIGINAL_VARIANT,
  parseStudyDefinition,
  type StudyDefinition,
} from '../../core/study/study-definition';

/**
 * A study from a preset or a file, with configurations and variants checked by the lab's own parsers (the
 * page and the CLI alike); refused with every bad field named.
 */
export function parseStudy(value: unknown): StudyDefinition {
  return parseStudyDefinition(value, {
    configId: (text) => parseConfigId(text).id,
    variant: (text) => {
      if (text.trim() !== ORIGINAL_VARIANT)
        throw new Error(`variant "${text}": only original runs until variants land`);
      return ORIGINAL_VARIANT;
    },
  });
}
