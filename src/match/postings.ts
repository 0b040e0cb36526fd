/** One term's posting list: slot numbers ascending, with term frequencies, in growable typed arrays. */
export class Postings {
  slots: Int32Array;
  tfs: Uint16Array;
  length = 0;

  constructor(capacity = 4) {
    this.slots = new Int32Array(Math.max(4, capacity));
    this.tfs = new Uint16Array(Math.max(4, capacity));
  }

  push(slot: number, tf: number): void {
    if (this.length === this.slots.length) {
      const slots = new Int32Array(this.length * 2);
      slots.set(this.slots);
      this.slots = slots;
      const tfs = new Uint16Array(this.length * 2);
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.slots[this.length] = slot;
    this.tfs[this.length] = tf;
    this.length++;
  }

  delete(slot: number): void {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.slots[mid]! < slot) low = mid + 1;
      else high = mid;
    }
    if (low >= this.length || this.slots[low] !== slot) return;
    this.slots.copyWithin(low, low + 1, this.length);
    this.tfs.copyWithin(low, low + 1, this.length);
    this.length--;
  }
}
