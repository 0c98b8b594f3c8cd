import { useEffect, useRef, type MutableRefObject } from 'react';

/**
 * Whether the component is still mounted, for work that finishes after it may be gone (a
 * task's outcome, an answer to a question): `.current` is false once it unmounted.
 */
export function useMounted(): MutableRefObject<boolean> {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}
