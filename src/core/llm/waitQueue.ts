/**
 * A FIFO with O(1) removal from the middle. The limiter parks thousands of waiters at once (a job enqueues every
 * unit up front) and an aborted waiter must leave its place without a linear scan or an array shift.
 */
export class WaitQueue<T> {
  private head: WaitNode<T> | undefined;
  private tail: WaitNode<T> | undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(value: T): WaitNode<T> {
    const node: WaitNode<T> = { value, prev: this.tail, next: undefined, queued: true };
    if (this.tail) {
      this.tail.next = node;
    } else {
      this.head = node;
    }
    this.tail = node;
    this.count++;
    return node;
  }

  shift(): T | undefined {
    const node = this.head;
    if (!node) {
      return undefined;
    }
    this.remove(node);
    return node.value;
  }

  /** Removes `node` if it is still queued; returns whether it was. */
  remove(node: WaitNode<T>): boolean {
    if (!node.queued) {
      return false;
    }
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = undefined;
    node.next = undefined;
    node.queued = false;
    this.count--;
    return true;
  }
}

export interface WaitNode<T> {
  readonly value: T;
  prev: WaitNode<T> | undefined;
  next: WaitNode<T> | undefined;
  queued: boolean;
}
