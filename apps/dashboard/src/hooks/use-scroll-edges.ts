import { type RefObject, useEffect, useState } from 'react';
import { type ScrollEdges, scrollEdges } from '../lib/scroll-edges.js';

const NONE: ScrollEdges = { left: false, right: false };

/**
 * The hidden sides of a sideways-scrolling element, kept current as it scrolls or as it or its
 * content resizes (a phone turned, a table filled in).
 */
export function useScrollEdges(ref: RefObject<HTMLElement | null>): ScrollEdges {
  const [edges, setEdges] = useState<ScrollEdges>(NONE);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () =>
      setEdges((old) => {
        const next = scrollEdges(el);
        return old.left === next.left && old.right === next.right ? old : next;
      });
    update();
    el.addEventListener('scroll', update, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(update);
    observer?.observe(el);
    if (el.firstElementChild) observer?.observe(el.firstElementChild);
    return () => {
      el.removeEventListener('scroll', update);
      observer?.disconnect();
    };
  }, [ref]);
  return edges;
}
