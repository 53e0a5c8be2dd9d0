// The package's error messages: "fn: what is wrong", naming the argument, and how a
// value is described in them.
export function fail(ErrorType, fn, message) {
  return new ErrorType(`${fn}: ${message}`);
}

export function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an Array';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === 'object') return `a ${value.constructor ? value.constructor.name : 'object'}`;
  return `${typeof value} ${String(value)}`;
}
