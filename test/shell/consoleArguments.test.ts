import { describe, expect, test } from 'vitest';
import { consoleOptionsFrom } from '../../src/cli/consoleArguments.js';

describe('the arguments that open the console without the scripted commands', () => {
  test.each([
    [[], {}],
    [['--ascii', '--no-color'], { ascii: true, color: false }],
    [['--data-dir', '/srv/nas'], { dataDir: '/srv/nas' }],
    [['--data-dir=/srv/nas', '--ascii'], { dataDir: '/srv/nas', ascii: true }],
  ])('%j opens the console with %j', (args, options) => {
    expect(consoleOptionsFrom(args)).toEqual(options);
  });

  test.each([
    [['config', 'save']],
    [['--help']],
    [['-V']],
    [['--json']],
    [['--data-dir']],
    [['--data-dir', '--ascii']],
    [['--data-dir=']],
    [['--data-dir', 'a', '--data-dir', 'b']],
    [['--ascii', 'cloud', 'list']],
  ])('%j is left to the scripted commands (commander says what is wrong)', (args) => {
    expect(consoleOptionsFrom(args)).toBeUndefined();
  });
});
