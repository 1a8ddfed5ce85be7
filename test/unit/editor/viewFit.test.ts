import assert from 'node:assert/strict';
import { FIT_VIEW_OPTIONS, MINIMAP_SIZE, panIntoView } from '../../../webview-ui/editor/viewFit';

const box = (left: number, top: number, width: number, height: number) => ({ left, top, right: left + width, bottom: top + height });

describe('canvas view fitting (pure)', () => {
  const canvas = box(0, 0, 600, 400);
  const minimap = box(435, 285, 150, 100);

  it('leaves a node that is already in view where it is', () => {
    assert.deepEqual(panIntoView(box(100, 100, 200, 80), canvas, [minimap]), { dx: 0, dy: 0 });
  });

  it('pans a node hidden past the right edge (where the panel opened) back in, with a margin', () => {
    assert.deepEqual(panIntoView(box(700, 100, 200, 80), canvas), { dx: 600 - 16 - 900, dy: 0 });
    assert.deepEqual(panIntoView(box(-300, -50, 200, 80), canvas), { dx: 316, dy: 66 });
  });

  it('moves a node off the minimap: above it when there is room', () => {
    const { dx, dy } = panIntoView(box(400, 300, 200, 80), canvas, [minimap]);
    const moved = box(400 + dx, 300 + dy, 200, 80);
    assert.ok(moved.bottom <= minimap.top, `${JSON.stringify(moved)} is above the minimap`);
    assert.ok(moved.right <= canvas.right - 16);
  });

  it('a node larger than the canvas keeps its top left corner in view', () => {
    assert.deepEqual(panIntoView(box(50, 50, 900, 600), canvas), { dx: -34, dy: -34 });
  });

  it('fit view reserves the band of the minimap at the bottom', () => {
    const padding = FIT_VIEW_OPTIONS.padding as { bottom: string };
    assert.ok(Number.parseInt(padding.bottom, 10) > MINIMAP_SIZE.height + 15);
  });
});
