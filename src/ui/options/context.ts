import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { DeletionTarget } from '../../protocol/types';
import type { PageClient } from '../shared/client';

export interface OptionsContextValue {
  client: PageClient;
  /** Bumped after every change to the library, so every view reloads what it shows. */
  revision: number;
  /** Asks for confirmation, deletes, and offers Undo. Resolves true when something was deleted. */
  requestDelete: (target: DeletionTarget, description: string) => Promise<boolean>;
  libraryChanged: () => void;
}

export const OptionsContext = createContext<OptionsContextValue | null>(null);

export function useOptions(): OptionsContextValue {
  const value = useContext(OptionsContext);
  if (!value) throw new Error('useOptions outside OptionsApp');
  return value;
}
