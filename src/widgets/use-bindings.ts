import { bindingFor, type Binding } from './bindings.js';
import { useKeys } from './use-keys.js';

/** Dispatches each key to the first bound binding of the table that has it (see bindings.ts). */
export function useBindings(bindings: readonly Binding[], isActive: boolean): void {
  useKeys((key) => bindingFor(bindings, key)?.action?.(key), { isActive });
}
