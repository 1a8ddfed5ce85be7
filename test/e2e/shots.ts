// Screenshots of each step, for people to look at: the whole window, and crops around what a step is about
// (small enough to commit as the README's pictures).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class Shots {
  readonly taken: string[] = [];

  constructor(
    private readonly page: Page,
    readonly dir: string,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** The whole window as `<name>.png`. */
  async window(name: string): Promise<string> {
    const path = join(this.dir, `${name}.png`);
    await this.page.screenshot({ path });
    this.taken.push(path);
    return path;
  }

  /** The smallest rectangle holding every located element, plus `margin` pixels, within the window. */
  async around(name: string, targets: Locator[], margin = 16): Promise<string> {
    const boxes: Box[] = [];
    for (const target of targets) {
      const box = await target.boundingBox();
      if (box) boxes.push(box);
    }
    if (boxes.length === 0) throw new Error(`screenshot ${name}: none of its elements is visible`);
    const path = join(this.dir, `${name}.png`);
    await this.page.screenshot({ path, clip: this.clip(boxes, margin) });
    this.taken.push(path);
    return path;
  }

  private clip(boxes: Box[], margin: number): Box {
    const size = this.page.viewportSize() ?? { width: 1280, height: 800 };
    const left = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
    const top = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
    const right = Math.min(size.width, Math.max(...boxes.map((b) => b.x + b.width)) + margin);
    const bottom = Math.min(size.height, Math.max(...boxes.map((b) => b.y + b.height)) + margin);
    return { x: left, y: top, width: right - left, height: bottom - top };
  }
}
