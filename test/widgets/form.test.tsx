import React, { useState } from 'react';
import { Text } from 'ink';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { Form } from '../../src/widgets/Form.js';
import type { FieldMessages, FormField, FormValues } from '../../src/widgets/formTypes.js';
import { keys, press, renderUi, type, waitForFrame, withWidgets } from './ui.js';
import { stripAnsi } from '../../testing/text.js';
import { fakeOpensshKey } from '../fixtures/fakeKeys.js';

afterEach(cleanup);

const SECRET = 'hunter2-Zq9';

interface Outcome {
  values?: FormValues;
  dirty?: boolean;
  submitted?: FormValues;
  cancelled: number;
}

function mount(fields: FormField[], options: { initial?: FormValues; unchanged?: FormValues; messages?: (values: FormValues) => FieldMessages; height?: number } = {}) {
  const outcome: Outcome = { cancelled: 0 };
  function Harness() {
    const [values, setValues] = useState<FormValues>(options.initial ?? {});
    return (
      <>
        <Form
          fields={fields}
          {...(options.initial ? { initialValues: options.initial } : {})}
          {...(options.unchanged ? { unchangedValues: options.unchanged } : {})}
          {...(options.messages ? { messages: options.messages(values) } : {})}
          width={70}
          height={options.height ?? 16}
          onChange={(next, dirty) => {
            outcome.values = next;
            outcome.dirty = dirty;
            setValues(next);
          }}
          onSubmit={(submitted) => (outcome.submitted = submitted)}
          onCancel={() => outcome.cancelled++}
        />
        <Text>end</Text>
      </>
    );
  }
  return { ui: renderUi(withWidgets(<Harness />)), outcome };
}

const focusedLine = (frame: string) => stripAnsi(frame).split('\n').find((line) => line.startsWith('›')) ?? '';

describe('Form', () => {
  test('typing reports the values and that the form is dirty', async () => {
    const { ui, outcome } = mount([{ kind: 'text', name: 'name', label: 'Name' }, { kind: 'text', name: 'host', label: 'Host' }]);
    await type(ui, 'nas1');
    await press(ui, keys.tab);
    await type(ui, 'example.org');
    await press(ui, keys.left, keys.left, keys.left, keys.backspace);
    expect(outcome.values).toEqual({ name: 'nas1', host: 'exampleorg' });
    expect(outcome.dirty).toBe(true);
    expect(stripAnsi(ui.frame())).toMatch(/Name\s+nas1/);
  });

  test('a secret is masked in every frame until the reveal key, and hidden again after', async () => {
    const { ui, outcome } = mount([{ kind: 'text', name: 'user', label: 'User' }, { kind: 'secret', name: 'password', label: 'Password' }]);
    await press(ui, keys.tab);
    await type(ui, SECRET);
    expect(outcome.values?.password).toBe(SECRET);
    expect(ui.allFrames()).not.toContain(SECRET.slice(0, 4));
    expect(focusedLine(ui.frame())).toContain('•'.repeat(SECRET.length));
    await press(ui, keys.ctrlR);
    expect(stripAnsi(ui.frame())).toContain(SECRET);
    await press(ui, keys.ctrlR);
    expect(stripAnsi(ui.frame())).not.toContain(SECRET);
    expect(focusedLine(ui.frame())).toContain('•'.repeat(SECRET.length));
  });

  test('an edit form keeps the stored secret unless something is typed', async () => {
    const fields: FormField[] = [{ kind: 'text', name: 'name', label: 'Name' }, { kind: 'secret', name: 'password', label: 'Password', keepExisting: true }];
    const { ui, outcome } = mount(fields, { initial: { name: 'backup', password: '' } });
    expect(stripAnsi(ui.frame())).toContain('(unchanged; type to replace)');
    await press(ui, keys.enter, keys.enter);
    expect(outcome.submitted).toEqual({ name: 'backup', password: '' });
  });

  test('a number field takes digits only; a toggle flips with Space; a choice cycles and jumps by letter', async () => {
    const { ui, outcome } = mount([
      { kind: 'number', name: 'port', label: 'Port' },
      { kind: 'boolean', name: 'tls', label: 'Use TLS' },
      { kind: 'choice', name: 'provider', label: 'Provider', choices: [{ value: 's3', label: 'Amazon S3' }, { value: 'b2', label: 'Backblaze B2' }, { value: 'sftp', label: 'SFTP' }] },
    ]);
    await type(ui, '2a2-');
    await press(ui, keys.tab, keys.space);
    expect(stripAnsi(ui.frame())).toMatch(/Use TLS\s+\[x\]/);
    await press(ui, keys.tab, keys.right);
    expect(focusedLine(ui.frame())).toContain('‹ Backblaze B2 ›');
    await press(ui, 's');
    expect(outcome.values).toEqual({ port: '22', tls: true, provider: 'sftp' });
    await press(ui, keys.left, keys.left);
    expect(outcome.values?.provider).toBe('s3');
  });

  test('a multi-line field takes a pasted key, lines and all, and a secret one shows only its line count', async () => {
    const pem = fakeOpensshKey('b3BlbnNzaC1rZXktdjEAAAAA', '\r').trimEnd();
    const { ui, outcome } = mount([
      { kind: 'multiline', name: 'json', label: 'JSON', rows: 3 },
      { kind: 'multiline', name: 'key', label: 'Private key', secret: true },
    ]);
    await press(ui, keys.pasteStart, '{"a":', '\r', '1}', keys.pasteEnd, keys.enter);
    await type(ui, 'x');
    expect(outcome.values?.json).toBe('{"a":\n1}\nx');
    expect(stripAnsi(ui.frame())).toContain('| 1}');
    await press(ui, keys.tab, keys.pasteStart, pem, keys.pasteEnd);
    expect(outcome.values?.key).toBe(pem.replace(/\r/g, '\n'));
    expect(ui.allFrames()).not.toContain('b3BlbnNz');
    expect(stripAnsi(ui.frame())).toContain('[hidden: 3 lines]');
    await press(ui, keys.ctrlR);
    expect(stripAnsi(ui.frame())).toContain('b3BlbnNz');
  });

  test('errors and warnings show under their field; an error blocks submit and takes the focus', async () => {
    const fields: FormField[] = [{ kind: 'text', name: 'name', label: 'Name' }, { kind: 'text', name: 'host', label: 'Host' }];
    const messages = (values: FormValues): FieldMessages => ({
      name: values.name ? undefined : { error: 'A name is required' },
      host: values.host === 'localhost' ? { warning: 'localhost is this NAS itself' } : undefined,
    });
    const { ui, outcome } = mount(fields, { messages });
    await press(ui, keys.tab);
    await type(ui, 'localhost');
    const frame = stripAnsi(ui.frame());
    expect(frame).toMatch(/Name\n\s+✗ A name is required\n. Host\s+localhost ?\n\s+! localhost is this NAS itself/);
    await press(ui, keys.enter);
    expect(outcome.submitted).toBeUndefined();
    expect(focusedLine(ui.frame())).toContain('Name');
    await type(ui, 'n');
    await press(ui, keys.down, keys.down, keys.enter);
    expect(outcome.submitted).toEqual({ name: 'n', host: 'localhost' });
  });

  test('advanced options stay folded until opened', async () => {
    const { ui, outcome } = mount([
      { kind: 'text', name: 'name', label: 'Name' },
      { kind: 'text', name: 'region', label: 'Region', advanced: true },
    ]);
    expect(stripAnsi(ui.frame())).toContain('▸ Advanced options (1)');
    expect(stripAnsi(ui.frame())).not.toContain('Region');
    await press(ui, keys.tab, keys.enter);
    expect(stripAnsi(ui.frame())).toContain('▾ Advanced options (1)');
    await press(ui, keys.down);
    await type(ui, 'eu');
    expect(outcome.values?.region).toBe('eu');
  });

  test('each named group of advanced fields has its own fold that opens and closes on its own', async () => {
    const { ui, outcome } = mount([
      { kind: 'text', name: 'name', label: 'Name' },
      { kind: 'text', name: 'tenant', label: 'Tenant', advanced: 'Advanced Options' },
      { kind: 'text', name: 'region', label: 'Region', advanced: 'Endpoint Advanced Options' },
      { kind: 'secret', name: 'token', label: 'Token', advanced: 'Advanced Options' },
    ]);
    const folded = stripAnsi(ui.frame());
    expect(folded).toMatch(/▸ Advanced Options \(2\)\n {2}▸ Endpoint Advanced Options \(1\)/);
    expect(folded).not.toMatch(/Tenant|Region|Token/);
    await press(ui, keys.tab, keys.tab, keys.enter); // open only the second group
    expect(stripAnsi(ui.frame())).toMatch(/▸ Advanced Options \(2\)\n. ▾ Endpoint Advanced Options \(1\)\n {2}Region/);
    expect(stripAnsi(ui.frame())).not.toContain('Tenant');
    await press(ui, keys.down);
    await type(ui, 'eu-west');
    await press(ui, keys.backTab, keys.backTab, keys.right); // the first group's row: Right opens it too
    expect(stripAnsi(ui.frame())).toMatch(/▾ Advanced Options \(2\)\n {2}Tenant\s*\n {2}Token\s*\n {2}▾ Endpoint Advanced Options \(1\)\n {2}Region\s+eu-west/);
    await press(ui, keys.down);
    await type(ui, 'acme');
    await press(ui, keys.up, keys.enter); // closes the first group; the second stays open
    expect(stripAnsi(ui.frame())).not.toContain('Tenant');
    expect(stripAnsi(ui.frame())).toMatch(/▾ Endpoint Advanced Options \(1\)\n {2}Region\s+eu-west/);
    await press(ui, keys.down, keys.down, keys.enter); // Enter on the last field submits
    expect(outcome.submitted).toEqual({ name: '', tenant: 'acme', region: 'eu-west', token: '' });
  });

  test('a submit refused for an error in a folded field opens that field\'s group only and focuses the field', async () => {
    const fields: FormField[] = [
      { kind: 'text', name: 'name', label: 'Name' },
      { kind: 'text', name: 'tenant', label: 'Tenant', advanced: 'Advanced Options' },
      { kind: 'text', name: 'region', label: 'Region', advanced: 'Endpoint Advanced Options' },
    ];
    const messages = (values: FormValues): FieldMessages => ({ region: values.region ? undefined : { error: 'A region is required' } });
    const { ui, outcome } = mount(fields, { messages });
    await type(ui, 'n');
    await press(ui, keys.tab, keys.tab, keys.tab, keys.enter); // to [ Save ]
    expect(outcome.submitted).toBeUndefined();
    const frame = stripAnsi(ui.frame());
    expect(frame).toContain('▸ Advanced Options (1)');
    expect(frame).toContain('▾ Endpoint Advanced Options (1)');
    expect(frame).not.toContain('Tenant');
    expect(focusedLine(frame)).toContain('Region');
    expect(frame).toContain('✗ A region is required');
    await type(ui, 'eu');
    await press(ui, keys.enter);
    expect(outcome.submitted).toEqual({ name: 'n', tenant: '', region: 'eu' });
  });

  test('scrolls to keep the focused field in view when taller than its space', async () => {
    const fields: FormField[] = Array.from({ length: 12 }, (_, i) => ({ kind: 'text', name: `f${i}`, label: `Field ${i}` }));
    const { ui } = mount(fields, { height: 6 });
    expect(stripAnsi(ui.frame())).toContain('↓ more below');
    for (let i = 0; i < 10; i++) await press(ui, keys.tab);
    const frame = stripAnsi(ui.frame());
    expect(focusedLine(frame)).toContain('Field 10');
    expect(frame).not.toContain('Field 0 ');
    expect(frame).toContain('↑ more above');
    expect(frame.split('\n')).toHaveLength(7); // six form lines and the harness's "end"
  });

  test('Esc on an unchanged form cancels at once', async () => {
    const { ui, outcome } = mount([{ kind: 'text', name: 'name', label: 'Name' }]);
    await press(ui, keys.escape);
    await waitForFrame(ui, () => outcome.cancelled === 1);
  });

  test('Esc on a changed form asks first: n keeps every typed character, y discards', async () => {
    const { ui, outcome } = mount([{ kind: 'text', name: 'name', label: 'Name' }]);
    await type(ui, 'typed');
    await press(ui, keys.escape);
    await waitForFrame(ui, (frame) => frame.includes('Discard the changes in this form?'));
    await press(ui, 'n');
    expect(outcome.cancelled).toBe(0);
    expect(stripAnsi(ui.frame())).not.toContain('Discard');
    await type(ui, '!');
    expect(outcome.values?.name).toBe('typed!');
    await press(ui, keys.escape);
    await waitForFrame(ui, (frame) => frame.includes('Discard the changes'));
    await press(ui, 'y');
    expect(outcome.cancelled).toBe(1);
  });

  test('a form opened again with what was typed (after a refusal) reports its changes at once, and Esc asks before losing them', async () => {
    const { ui, outcome } = mount([{ kind: 'text', name: 'name', label: 'Name' }], { initial: { name: 'typed' }, unchanged: { name: '' } });
    await waitForFrame(ui, () => outcome.dirty === true);
    await press(ui, keys.escape);
    await waitForFrame(ui, (frame) => frame.includes('Discard the changes in this form?'));
    expect(outcome.cancelled).toBe(0);
  });

  test('an arrow key split across reads moves the caret instead of discarding the form', async () => {
    const { ui, outcome } = mount([{ kind: 'text', name: 'name', label: 'Name' }]);
    await type(ui, 'ab');
    await press(ui, '\u001B');
    await press(ui, '[D');
    await type(ui, 'X');
    expect(outcome.values?.name).toBe('aXb');
    expect(outcome.cancelled).toBe(0);
    expect(ui.allFrames()).not.toContain('Discard');
  });

  test('fields that appear when a choice changes start with their defaults and are submitted', async () => {
    let submitted: FormValues | undefined;
    function Dynamic() {
      const [provider, setProvider] = useState('s3');
      const fields: FormField[] = [
        { kind: 'choice', name: 'provider', label: 'Provider', choices: [{ value: 's3', label: 'S3' }, { value: 'sftp', label: 'SFTP' }] },
        ...(provider === 'sftp'
          ? [{ kind: 'boolean', name: 'agent', label: 'Use agent' } as const, { kind: 'choice', name: 'cipher', label: 'Cipher', choices: [{ value: 'aes', label: 'AES' }, { value: 'chacha', label: 'ChaCha' }] } as const]
          : []),
      ];
      return <Form fields={fields} width={60} height={10} onChange={(values) => setProvider(String(values.provider))} onSubmit={(values) => (submitted = values)} onCancel={() => undefined} />;
    }
    const ui = renderUi(withWidgets(<Dynamic />));
    await press(ui, keys.right);
    expect(stripAnsi(ui.frame())).toMatch(/Cipher\s+AES/);
    await press(ui, keys.down, keys.down, keys.right, keys.enter);
    expect(submitted).toEqual({ provider: 'sftp', agent: false, cipher: 'chacha' });
  });

  test('fields that follow the values: a Tab in the same read as the choice moves through the new fields', async () => {
    let submitted: FormValues | undefined;
    const fields = (values: FormValues): FormField[] => [
      { kind: 'choice', name: 'method', label: 'Method', choices: [{ value: 'generate', label: 'Generate' }, { value: 'import', label: 'Import' }] },
      ...(values.method === 'import' ? [{ kind: 'multiline', name: 'key', label: 'Private key', secret: true } as const] : [{ kind: 'text', name: 'comment', label: 'Comment' } as const]),
    ];
    const ui = renderUi(withWidgets(<Form fields={fields} width={60} height={12} onSubmit={(values) => (submitted = values)} onCancel={() => undefined} />));
    await press(ui);
    ui.stdin.write(`${keys.right}${keys.tab}`);
    await press(ui, `${keys.pasteStart}${SECRET}${keys.pasteEnd}`, keys.tab, keys.enter);
    expect(submitted).toMatchObject({ method: 'import', key: SECRET });
    expect(ui.allFrames()).not.toContain(SECRET);
  });
});
