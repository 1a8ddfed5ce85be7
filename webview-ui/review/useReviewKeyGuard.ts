import { useEffect } from 'react';
import { reviewClient } from './reviewClient';
import { ReviewKeyGuard } from './reviewKeyGuard';

/** The panel's one guard: the host hears through it when the review keys go off and come back on. */
export const reviewKeyGuard = new ReviewKeyGuard(document, (off) => reviewClient.request('keysOff', { off }));

/** Follows focus so the guard (and the host's context key) know when the user types into a field of the panel. */
export function useReviewKeyGuard(): void {
  useEffect(() => {
    const check = () => reviewKeyGuard.update();
    // focusout fires before the next element has focus: look again once the move is over.
    const later = () => setTimeout(check, 0);
    document.addEventListener('focusin', check);
    document.addEventListener('focusout', later);
    window.addEventListener('blur', later);
    // A new page starts with the keys on: say so (a reloaded page may leave the host's context key set).
    check();
    return () => {
      document.removeEventListener('focusin', check);
      document.removeEventListener('focusout', later);
      window.removeEventListener('blur', later);
    };
  }, []);
}
