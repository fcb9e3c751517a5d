import { parseConfigId } from '../../adapters/configurations';
import { parseStudyDefinition, type StudyDefinition } from '../../core/study/study-definition';
import { formatVariantSpec, parseVariantSpec } from '../../variants/variant-spec';

/**
 * A study from a preset or a file, with configurations and variants checked by the lab's own parsers (the
 * page and the CLI alike), written canonically; refused with every bad field named.
 */
export function parseStudy(value: unknown): StudyDefinition {
  return parseStudyDefinition(value, {
    configId: (text) => parseConfigId(text).id,
    variant: (text) => formatVariantSpec(parseVariantSpec(text)),
  });
}
