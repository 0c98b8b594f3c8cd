import React, { memo, useMemo } from 'react';
import type { CloudCredentialSummary } from '../../engine/cloud/index.js';
import { List, type ListColumn } from '../../widgets/index.js';
import { lastCheckCell } from './format.js';

export interface CredentialListProps {
  readonly credentials: readonly CloudCredentialSummary[];
  readonly width: number;
  readonly height: number;
  readonly isActive: boolean;
  readonly onHighlight: (credential: CloudCredentialSummary | undefined) => void;
  readonly onSubmit: (credential: CloudCredentialSummary) => void;
}

const PROVIDER_WIDTH = 18;
const VERIFY_WIDTH = 19;
/** The header's right end shows the position ("9982-10000/10000"): the name column leaves it room. */
const POSITION_ROOM = 9;

function columnsFor(width: number): ListColumn<CloudCredentialSummary>[] {
  const nameWidth = Math.max(12, width - 1 - 3 - PROVIDER_WIDTH - VERIFY_WIDTH - POSITION_ROOM);
  return [
    { header: 'Name', value: (credential) => credential.name, width: nameWidth },
    { header: 'Provider', value: (credential) => credential.providerLabel, width: PROVIDER_WIDTH },
    { header: 'Last verify', value: (credential) => lastCheckCell(credential.lastCheck), width: VERIFY_WIDTH },
  ];
}
const getKey = (credential: CloudCredentialSummary) => String(credential.id);

/**
 * The credentials, windowed: only the visible rows render, so 10,000 cost what 20 do. Memoized:
 * typing in a form above it (the list stays mounted, hidden, to keep its selection) does not
 * re-render it.
 */
export const CredentialList = memo(function CredentialList({ credentials, width, height, isActive, onHighlight, onSubmit }: CredentialListProps) {
  const columns = useMemo(() => columnsFor(width), [width]);
  return (
    <List
      items={credentials}
      columns={columns}
      width={width}
      height={height}
      isActive={isActive}
      emptyText="No cloud credentials yet: press a to add one."
      getKey={getKey}
      onHighlight={onHighlight}
      onSubmit={onSubmit}
    />
  );
});
