import { createBlockRegistry } from '../blockRegistry';
import type { BlockDefinition, BlockRegistry } from '../blockTypes';

/**
 * A registry whose custom blocks can be swapped when the folder is reloaded, for holders that keep one registry
 * (the editor, the pipeline checks). Built-ins always win, as in createBlockRegistry. A job that already started
 * keeps the definitions it resolved, so a reload never changes a running job's blocks.
 */
export class MutableBlockRegistry implements BlockRegistry {
  private current: BlockRegistry;
  private readonly listeners = new Set<() => void>();

  constructor(custom: readonly BlockDefinition[] = []) {
    this.current = createBlockRegistry(custom);
  }

  /** Replaces every custom block with `custom` and tells the listeners. */
  replaceCustomBlocks(custom: readonly BlockDefinition[]): void {
    this.current = createBlockRegistry(custom);
    for (const listener of this.listeners) listener();
  }

  /** Called after each replacement (e.g. to re-check open pipelines); returns the unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(type: string): BlockDefinition | undefined {
    return this.current.get(type);
  }

  types(): string[] {
    return this.current.types();
  }

  all(): BlockDefinition[] {
    return this.current.all();
  }
}
