// `instanceof` across copies of corskit: an application can end up with two versions in
// node_modules (a library depends on another), and an error thrown by one copy's class fails
// `instanceof` against the other's. Each public error class carries a global (Symbol.for) brand
// and checks it in Symbol.hasInstance instead of the prototype chain.

/** The brand check for a class's `static [Symbol.hasInstance]`. */
export function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
