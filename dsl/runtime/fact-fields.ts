/**
 * The top-level facts a compiled rule set reads, each with a slot. Before evaluating, `read`
 * copies their values into an array, so compiled rules read `fields[slot]` instead of
 * `facts[name]`: with the name in a variable, such keyed reads cost tens of nanoseconds each once
 * many rules use many names, while one `for...in` pass over an object of a known shape is cheap.
 * Facts are the object's own enumerable properties.
 */
export class FactFields {
  private readonly slots = new Map<string, number>();
  /** The key order of the last facts object seen, and the slot of each of its keys (-1: unused). */
  private shapeKeys: string[] = [];
  private shapeSlots: number[] = [];

  /** The slot of a fact name, assigned on first use while compiling. */
  slotOf(name: string): number {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(name, slot);
      this.shapeKeys = [];
    }
    return slot;
  }

  /** The values of the used facts, by slot; absent ones are undefined. */
  read(facts: object): unknown[] {
    // `for...in` also lists inherited enumerable keys: only plain objects take the fast path.
    if (!isPlainObject(facts)) return this.readNewShape(facts);
    const values = new Array<unknown>(this.slots.size);
    const keys = this.shapeKeys;
    const slots = this.shapeSlots;
    let i = 0;
    // Same key order as last time (the usual case: facts built by the same code): slots are known.
    for (const key in facts) {
      if (key !== keys[i]) return this.readNewShape(facts);
      const slot = slots[i++];
      if (slot >= 0) values[slot] = (facts as Record<string, unknown>)[key];
    }
    return i === keys.length ? values : this.readNewShape(facts);
  }

  private readNewShape(facts: object): unknown[] {
    // Object.keys, not for...in: only own properties are facts.
    this.shapeKeys = Object.keys(facts);
    this.shapeSlots = this.shapeKeys.map((key) => this.slots.get(key) ?? -1);
    const values = new Array<unknown>(this.slots.size);
    this.shapeKeys.forEach((key, i) => {
      const slot = this.shapeSlots[i];
      if (slot >= 0) values[slot] = (facts as Record<string, unknown>)[key];
    });
    return values;
  }
}

/**
 * Plain objects: their prototype (Object.prototype) has no enumerable keys, so `for...in` lists
 * exactly their own. (An Object.prototype polluted with enumerable properties is not guarded
 * against: checking for it on every evaluation would cost more than all of this saves.)
 */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}
