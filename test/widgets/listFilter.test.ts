import { describe, expect, test } from 'vitest';
import { columnsSearchText, SearchIndex } from '../../src/widgets/listFilter.js';
import { typeAheadIndex } from '../../src/widgets/use-type-ahead.js';

interface Row { name: string; provider: string }
const search = columnsSearchText<Row>([{ value: (row) => row.name }, { value: (row) => row.provider }]);

describe('the search of a list filter', () => {
  const rows: Row[] = [
    { name: 'Backup-S3', provider: 'Amazon S3' },
    { name: 'offsite', provider: 'SFTP' },
    { name: 'photos', provider: 'Google Photos' },
    { name: 'line\nbreak', provider: 'FTP' },
  ];

  test('matches any column, case-insensitively, each row once, in order', () => {
    const index = new SearchIndex(rows, search);
    expect(index.matching('S3').map((row) => row.name)).toEqual(['Backup-S3']);
    expect(index.matching('o').map((row) => row.name)).toEqual(['Backup-S3', 'offsite', 'photos']); // Amazon
    expect(index.matching('ftp').map((row) => row.name)).toEqual(['offsite', 'line\nbreak']);
    expect(index.matching('').map((row) => row.name)).toHaveLength(4);
  });

  test('never matches across two columns or two rows', () => {
    const index = new SearchIndex(rows, search);
    expect(index.matching('s3amazon')).toEqual([]);
    expect(index.matching('offsitesftp')).toEqual([]);
    expect(index.matching('s3offsite')).toEqual([]);
    expect(index.matching('line break').map((row) => row.provider)).toEqual(['FTP']); // a newline in a name is a space
  });

  test('a query typed again after Backspace gives the same rows', () => {
    const index = new SearchIndex(rows, search);
    const first = index.matching('ph');
    index.matching('pho');
    expect(index.matching('ph')).toEqual(first);
  });
});

describe('type-ahead', () => {
  const names = [['S3', 'Amazon S3'], ['B2', 'BackBlaze B2'], ['MEGA', 'Mega'], ['AZUREBLOB', 'Microsoft Azure Blob Storage'], ['SFTP', 'SFTP'], ['STORJ_IX', 'Storj']];

  test('a first letter searches from the selected row on; the same letter again goes to the next one', () => {
    expect(typeAheadIndex(names, 0, 's', false)).toBe(0);
    expect(typeAheadIndex(names, 0, 'ss', true)).toBe(4);
    expect(typeAheadIndex(names, 4, 's', true)).toBe(5);
    expect(typeAheadIndex(names, 5, 's', true)).toBe(0); // round again
  });

  test('different letters typed quickly search a prefix of any name', () => {
    expect(typeAheadIndex(names, 0, 'mi', false)).toBe(3);
    expect(typeAheadIndex(names, 0, 'st', false)).toBe(5);
    expect(typeAheadIndex(names, 0, 'zz', false)).toBeUndefined();
  });
});
