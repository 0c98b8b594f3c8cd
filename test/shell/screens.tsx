/** Screens for the shell tests: a list that opens a form, and one that runs long work. */
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { Form } from '../../src/widgets/Form.js';
import { bindingHints, formKeys, listKeys } from '../../src/widgets/bindings.js';
import { List } from '../../src/widgets/List.js';
import { useKeys } from '../../src/widgets/use-keys.js';
import { useScreenDirty, useScreenKeys, useScreenStatus, type ScreenDefinition, type ScreenProps } from '../../src/screens/screenContract.js';
import { placeholderScreen } from '../../src/screens/PlaceholderScreen.js';

const items = [{ name: 'offsite-s3' }, { name: 'backup-sftp' }];

function CredentialsScreen({ active, size }: ScreenProps) {
  const [editing, setEditing] = useState(false);
  const [dirty, setDirty] = useState(false);
  const status = useScreenStatus();
  useScreenDirty(editing && dirty);
  useScreenKeys(bindingHints(editing ? formKeys({ reveal: true }) : [{ keys: 'a', label: 'add credential' }, { keys: 'v', label: 'verify' }, ...listKeys]), true, { form: editing });
  useKeys((key) => {
    if (key.name === 'char' && key.text === 'a') setEditing(true);
    if (key.name === 'char' && key.text === 'v') status.busy('Verifying offsite-s3');
  }, { isActive: active && !editing });
  if (editing) {
    return (
      <Form
        width={size.columns}
        height={size.rows}
        isActive={active}
        fields={[{ kind: 'text', name: 'name', label: 'Name' }, { kind: 'secret', name: 'password', label: 'Password' }]}
        onChange={(_, changed) => setDirty(changed)}
        onSubmit={(values) => {
          setEditing(false);
          setDirty(false);
          status.success(`Saved ${String(values.name)}`);
        }}
        onCancel={() => {
          setEditing(false);
          setDirty(false);
        }}
      />
    );
  }
  return (
    <Box flexDirection="column">
      <List items={items} columns={[{ header: 'Name', value: (item) => item.name }]} width={size.columns} height={size.rows - 1} isActive={active} />
      <Text>{`size ${size.columns}x${size.rows}`}</Text>
    </Box>
  );
}

export const testScreens: readonly ScreenDefinition[] = [
  { id: 'credentials', title: 'Credentials', component: CredentialsScreen },
  { id: 'two', title: 'Second', component: placeholderScreen('Second') },
  { id: 'three', title: 'Third', component: placeholderScreen('Third') },
  { id: 'four', title: 'Fourth', component: placeholderScreen('Fourth') },
];
