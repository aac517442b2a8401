/**
 * Keeps one object of a class alive for as long as the program runs.
 *
 * V8 forgets an object shape (its hidden class) once no live object has it, and throws away
 * the optimized code that was built for that shape. A process that folds a log, lets the
 * state go, and folds again after a full collection (a server rebuilding one kitchen after
 * another, say) would run the start of every fold in slow code while V8 compiles it again.
 * The fold's classes keep one instance each here, so their shapes, and the code built for
 * them, stay.
 */
const kept: object[] = [];

export function keepShape<T extends object>(instance: T): T {
  kept.push(instance);
  return instance;
}
