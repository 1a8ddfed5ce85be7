import type { FitViewOptions } from '@xyflow/react';

/** Small enough to leave the fitted pipeline visible in a narrow editor. */
export const MINIMAP_SIZE = { width: 150, height: 100 };

/** React Flow's margin around its panels (the minimap bottom right, the zoom controls bottom left). */
const PANEL_MARGIN = 15;

/**
 * Fit view leaves the bottom band to the minimap and the zoom controls, which float over the canvas: no node is
 * drawn under them after a fit, whatever the pipeline's shape and the editor's width.
 */
export const FIT_VIEW_OPTIONS: FitViewOptions = {
  padding: { top: '24px', left: '24px', right: '24px', bottom: `${MINIMAP_SIZE.height + PANEL_MARGIN + 16}px` },
};

export interface ScreenBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const MARGIN = 16;

/**
 * How far to pan (screen px) so that `node` lies inside `area` with a margin and clear of `obstacles` (the minimap)
 * where there is room: the smallest move, so a node already in view stays put. A node larger than the area keeps
 * its top left corner in view.
 */
export function panIntoView(node: ScreenBox, area: ScreenBox, obstacles: readonly ScreenBox[] = []): { dx: number; dy: number } {
  const along = (start: number, end: number, min: number, max: number): number => {
    if (end - start > max - min || start < min) return min - start;
    if (end > max) return max - end;
    return 0;
  };
  const inner = { left: area.left + MARGIN, top: area.top + MARGIN, right: area.right - MARGIN, bottom: area.bottom - MARGIN };
  let dx = along(node.left, node.right, inner.left, inner.right);
  let dy = along(node.top, node.bottom, inner.top, inner.bottom);
  for (const o of obstacles) {
    const moved = { left: node.left + dx, top: node.top + dy, right: node.right + dx, bottom: node.bottom + dy };
    if (!intersects(moved, o)) continue;
    // Above the obstacle if the node fits there, else to its left.
    const up = o.top - MARGIN - moved.bottom;
    if (moved.top + up >= inner.top) dy += up;
    else if (moved.left + (o.left - MARGIN - moved.right) >= inner.left) dx += o.left - MARGIN - moved.right;
  }
  return { dx, dy };
}

function intersects(a: ScreenBox, b: ScreenBox): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
