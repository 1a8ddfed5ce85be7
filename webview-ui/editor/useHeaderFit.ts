import { type RefObject, useLayoutEffect, useRef, useState } from 'react';

/**
 * How much the header gives up to stay on one line: 0 shows every label, 1 shows the secondary buttons as icons
 * (their tooltips and aria-labels keep the names), 2 also shortens the validity pill and drops the Restricted Mode
 * note (Generate's tooltip says it). Measured, not guessed from breakpoints: the header's width depends on the
 * editor's width, the sidebar, the number of problems and the font.
 */
export type HeaderDensity = 0 | 1 | 2;

const MOST_COMPACT: HeaderDensity = 2;

/**
 * Watches `ref` (a header that never wraps, whose buttons never shrink) and returns the least compact density at
 * which its content fits. `contentKey` changes when the content's natural width may have changed (more problems,
 * Restricted Mode), which measures again from the full labels.
 */
export function useHeaderFit(ref: RefObject<HTMLElement | null>, contentKey: string): HeaderDensity {
  const [density, setDensity] = useState<HeaderDensity>(0);
  // The width each density needed when it overflowed: widening past it brings that density back.
  const needed = useRef<number[]>([]);
  const lastKey = useRef(contentKey);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (lastKey.current !== contentKey) {
      lastKey.current = contentKey;
      needed.current = [];
      if (density !== 0) {
        setDensity(0);
        return;
      }
    }
    // Runs before paint after every render at a new density, so a too-wide header is never shown.
    if (density < MOST_COMPACT && el.scrollWidth > el.clientWidth) {
      needed.current[density] = el.scrollWidth;
      setDensity((density + 1) as HeaderDensity);
    } else if (density > 0 && el.clientWidth >= (needed.current[density - 1] ?? Infinity)) {
      setDensity((density - 1) as HeaderDensity);
    }
  }, [ref, density, contentKey]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      setDensity((current) => {
        if (current < MOST_COMPACT && el.scrollWidth > el.clientWidth) {
          needed.current[current] = el.scrollWidth;
          return (current + 1) as HeaderDensity;
        }
        const wider = current - 1;
        if (current > 0 && el.clientWidth >= (needed.current[wider] ?? Infinity)) return wider as HeaderDensity;
        return current;
      });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);

  return density;
}
