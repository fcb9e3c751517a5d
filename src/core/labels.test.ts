import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { groundTruthFromFileName, parseLabels } from './labels';
import type { LabelSet } from './model-manifest';
import { requireData, sharedPath } from '../../test-support/test-data';

const labelsDir = sharedPath('data/labels');
const haveLabels = requireData(labelsDir, 'the shared label files');

const synsetWords = [
  'n01440764 tench, Tinca tinca',
  'n01443537 goldfish, Carassius auratus',
  'n01484850 great white shark, white shark, man-eater, man-eating shark, Carcharodon carcharias',
].join('\n');

describe('parseLabels: synset-words', () => {
  const set: LabelSet = { kind: 'synset-words', file: 'shared:data/labels/synset_words.txt', count: 3 };

  it('takes the wnid and the first name of each line', () => {
    expect(parseLabels(set, synsetWords, null)).toEqual({
      names: ['tench', 'goldfish', 'great white shark'],
      wnids: ['n01440764', 'n01443537', 'n01484850'],
    });
  });

  it('ignores blank lines and CRLF line ends', () => {
    const text = `\r\n${synsetWords.replaceAll('\n', '\r\n\r\n')}\r\n`;
    expect(parseLabels(set, text, null).names).toEqual(['tench', 'goldfish', 'great white shark']);
  });

  it('keeps only the first `count` lines', () => {
    expect(parseLabels({ ...set, count: 2 }, synsetWords, null)).toEqual({
      names: ['tench', 'goldfish'],
      wnids: ['n01440764', 'n01443537'],
    });
  });

  it('rejects a file with too few lines, naming the file and both counts', () => {
    expect(() => parseLabels({ ...set, count: 4 }, synsetWords, null)).toThrow(
      'labels: shared:data/labels/synset_words.txt has 3 lines, needs 4',
    );
  });

  it('requires the file text', () => {
    expect(() => parseLabels(set, null, null)).toThrow(/synset_words\.txt is required for kind synset-words/);
  });
});

describe('parseLabels: wnid-list', () => {
  const set: LabelSet = {
    kind: 'wnid-list',
    file: 'shared:data/labels/darknet.list',
    namesFile: 'shared:data/labels/synset_words.txt',
    count: 3,
  };

  it('looks names up in the names file, in the list order', () => {
    const list = 'n01484850\nn01440764\nn01443537\n';
    expect(parseLabels(set, list, synsetWords)).toEqual({
      names: ['great white shark', 'tench', 'goldfish'],
      wnids: ['n01484850', 'n01440764', 'n01443537'],
    });
  });

  it('falls back to the wnid for a wnid missing from the names file, or without a names file', () => {
    // n02119789 (kit fox) is not in the three-line names file.
    const list = 'n02119789\nn01440764\nn01443537';
    expect(parseLabels(set, list, synsetWords).names).toEqual(['n02119789', 'tench', 'goldfish']);
    expect(parseLabels(set, list, null).names).toEqual(['n02119789', 'n01440764', 'n01443537']);
  });

  it('trims whitespace around each wnid', () => {
    expect(parseLabels(set, '  n01440764 \n\tn01443537\nn01484850\t', null).wnids).toEqual([
      'n01440764',
      'n01443537',
      'n01484850',
    ]);
  });

  it('truncates a longer list to `count` (Darknet lists run past 1000) without checking the rest', () => {
    const list = 'n01484850\nn01440764\nn01443537\nn01491361\nnot-a-wnid\n';
    expect(parseLabels(set, list, synsetWords).wnids).toEqual(['n01484850', 'n01440764', 'n01443537']);
  });

  it('rejects a file with too few lines, naming the file', () => {
    expect(() => parseLabels(set, 'n01440764\n\nn01443537\n', null)).toThrow(
      'labels: shared:data/labels/darknet.list has 2 lines, needs 3',
    );
  });

  it('rejects a malformed wnid, naming its line number in the file', () => {
    expect(() => parseLabels(set, 'n01440764\nn0144376\nn01484850', null)).toThrow(
      'labels: shared:data/labels/darknet.list line 2 does not start with a wnid: "n0144376"',
    );
    // Blank lines still count: the bad entry is the second wnid but sits on line 4 of the file.
    expect(() => parseLabels(set, 'n01440764\n\n\ntench\nn01484850', null)).toThrow(
      'labels: shared:data/labels/darknet.list line 4 does not start with a wnid: "tench"',
    );
  });
});

describe('parseLabels: inline', () => {
  const names = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];

  it('returns the names without wnids, ignoring any file text', () => {
    expect(parseLabels({ kind: 'inline', names, count: 5 }, 'ignored', null)).toEqual({ names, wnids: null });
  });

  it('rejects names that do not number `count`, or no names at all', () => {
    expect(() => parseLabels({ kind: 'inline', names, count: 6 }, null, null)).toThrow(
      'labels: inline names must number 6',
    );
    expect(() => parseLabels({ kind: 'inline', names: names.slice(0, 4), count: 5 }, null, null)).toThrow(
      'labels: inline names must number 5',
    );
    expect(() => parseLabels({ kind: 'inline', count: 5 }, null, null)).toThrow(
      'labels: inline names must number 5',
    );
  });
});

describe('groundTruthFromFileName', () => {
  it('reads the wnid that starts an ImageNet-style file name', () => {
    expect(groundTruthFromFileName('n01440764_tench.JPEG')).toBe('n01440764');
    expect(groundTruthFromFileName('sub/dir/n01443537_goldfish.JPEG')).toBe('n01443537');
    expect(groundTruthFromFileName('n01440764.JPEG')).toBe('n01440764');
    expect(groundTruthFromFileName('n01440764-copy.png')).toBe('n01440764');
    expect(groundTruthFromFileName('n01440764')).toBe('n01440764');
  });

  it('handles names with apostrophes and dashes', () => {
    expect(groundTruthFromFileName("n02966687_carpenter's_kit.JPEG")).toBe('n02966687');
    expect(groundTruthFromFileName("n03590841_jack-o'-lantern.JPEG")).toBe('n03590841');
    expect(groundTruthFromFileName("images/n12057211_yellow_lady's_slipper.JPEG")).toBe('n12057211');
  });

  it('gives null for names that do not start with a whole wnid', () => {
    expect(groundTruthFromFileName('n0144.jpg')).toBeNull();
    expect(groundTruthFromFileName('gradient-224.png')).toBeNull();
    // Nine digits: not a wnid followed by a separator.
    expect(groundTruthFromFileName('n014407640_x.JPEG')).toBeNull();
    expect(groundTruthFromFileName('N01440764_tench.JPEG')).toBeNull();
    expect(groundTruthFromFileName('my_n01440764_tench.JPEG')).toBeNull();
    // The wnid must be in the file name, not a folder name.
    expect(groundTruthFromFileName('n01440764/photo.jpg')).toBeNull();
    expect(groundTruthFromFileName('')).toBeNull();
  });
});

describe.skipIf(!haveLabels)('parseLabels on the shared label files', () => {
  const read = (name: string) => fs.readFileSync(path.join(labelsDir, name), 'utf8');

  it('parses synset_words.txt into the 1000 standard classes', () => {
    const labels = parseLabels(
      { kind: 'synset-words', file: 'shared:data/labels/synset_words.txt', count: 1000 },
      read('synset_words.txt'),
      null,
    );
    expect(labels.names).toHaveLength(1000);
    expect(labels.wnids).toHaveLength(1000);
    expect(labels.wnids?.[0]).toBe('n01440764');
    expect(labels.names[0]).toBe('tench');
    expect(labels.wnids?.every((w) => /^n\d{8}$/.test(w))).toBe(true);
    expect(new Set(labels.wnids).size).toBe(1000);
    // Standard order is the sorted wnids (SOURCES.txt).
    expect(labels.wnids).toEqual([...(labels.wnids ?? [])].sort());
    expect(labels.names[labels.wnids?.indexOf('n03590841') ?? -1]).toBe("jack-o'-lantern");
  });

  it('parses the first 1000 Darknet wnids with every name found in synset_words.txt', () => {
    const synset = read('synset_words.txt');
    const standard = parseLabels(
      { kind: 'synset-words', file: 'shared:data/labels/synset_words.txt', count: 1000 },
      synset,
      null,
    );
    const labels = parseLabels(
      {
        kind: 'wnid-list',
        file: 'shared:data/labels/darknet_imagenet.labels.list',
        namesFile: 'shared:data/labels/synset_words.txt',
        count: 1000,
      },
      read('darknet_imagenet.labels.list'),
      synset,
    );
    expect(labels.names).toHaveLength(1000);
    expect(labels.wnids?.[0]).toBe('n02119789');
    expect(labels.names[0]).toBe('kit fox');
    // Every wnid resolved to a name (none fell back to the wnid itself) ...
    expect(labels.names.filter((name) => /^n\d{8}$/.test(name))).toEqual([]);
    // ... and the 1000 are a permutation of the standard classes.
    expect([...(labels.wnids ?? [])].sort()).toEqual(standard.wnids);
  });
});

describe('synset-words validation', () => {
  it('refuses a line that does not start with a wnid, naming its line', () => {
    const set = { kind: 'synset-words' as const, file: 'shared:synset.txt', count: 2 };
    expect(() => parseLabels(set, 'n01440764 tench, Tinca tinca\ngoldfish\n', null)).toThrow(
      'labels: shared:synset.txt line 2 does not start with a wnid: "goldfish"',
    );
  });
});

describe('parseLabels: leading classes (TF-slim background at index 0)', () => {
  const set: LabelSet = {
    kind: 'synset-words',
    file: 'shared:data/labels/synset_words.txt',
    count: 3,
    leading: ['background'],
  };

  it('shifts the file classes by one and gives the background no wnid', () => {
    expect(parseLabels(set, synsetWords, null)).toEqual({
      names: ['background', 'tench', 'goldfish', 'great white shark'],
      wnids: ['', 'n01440764', 'n01443537', 'n01484850'],
    });
  });
});

describe.skipIf(!haveLabels)('the Coral TFLite models: 1001 outputs keyed on wnid', () => {
  const coralLabels = path.join(labelsDir, '../../models/tflite-coral/imagenet_labels.txt');
  const labels = parseLabels(
    { kind: 'synset-words', file: 'synset_words.txt', count: 1000, leading: ['background'] },
    fs.readFileSync(path.join(labelsDir, 'synset_words.txt'), 'utf8'),
    null,
  );

  it("matches the models' own label file line for line", () => {
    const own = fs
      .readFileSync(coralLabels, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    const synset = fs.readFileSync(path.join(labelsDir, 'synset_words.txt'), 'utf8').split('\n');
    expect(own).toHaveLength(1001);
    expect(labels.names).toHaveLength(1001);
    // Each Coral line is the synset line without its wnid.
    own.slice(1).forEach((line, i) => expect(synset[i].slice(10).trim()).toBe(line.trim()));
  });

  it('tells the two cranes (bird, machine) and the two maillots apart by wnid', () => {
    const indices = (name: string) => labels.names.flatMap((n, i) => (n === name ? [i] : []));
    expect(indices('crane').map((i) => labels.wnids?.[i])).toEqual(['n02012849', 'n03126707']);
    expect(indices('maillot').map((i) => labels.wnids?.[i])).toEqual(['n03710637', 'n03710721']);
    expect(indices('crane')).toEqual([135, 518]);
  });
});
