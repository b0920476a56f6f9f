/**
 * livekit-client 2.23's Room constructor adds a `devicechange` listener to
 * `navigator.mediaDevices`, to be dropped by the static `Room.cleanupRegistry`
 * (FinalizationRegistry) once the Room is garbage-collected. Both the listener's closure and the
 * registry's cleanup closure share the constructor's scope, which holds the Room, so that never
 * happens: every Room a page ever made stays in memory (found by the viewer soak in
 * bench/faults.mjs; heap snapshots show both retaining paths). `newRoom` constructs a Room with
 * a registry that registers nothing and notes the listeners it adds; `releaseRoom` removes them
 * once the room is disconnected, so nothing keeps the Room alive.
 */
type Registration = [type: string, listener: EventListenerOrEventListenerObject, options: boolean | AddEventListenerOptions | undefined];

const registered = new WeakMap<object, Registration[]>();

/** The registry stand-in used while a Room is constructed: `releaseRoom` does its job. */
const NO_REGISTRY = { register: () => undefined, unregister: () => false };

export function newRoom<R extends object>(RoomClass: { cleanupRegistry?: unknown }, create: () => R): R {
  const devices = typeof navigator !== "undefined" ? navigator.mediaDevices : undefined;
  if (!devices || typeof devices.addEventListener !== "function" || !RoomClass.cleanupRegistry) return create();
  const added: Registration[] = [];
  const hadOwn = Object.prototype.hasOwnProperty.call(devices, "addEventListener");
  const original = devices.addEventListener;
  devices.addEventListener = function (this: MediaDevices, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
    if (listener) added.push([type, listener, options]);
    return original.call(this, type, listener as EventListenerOrEventListenerObject, options);
  } as MediaDevices["addEventListener"];
  const registry = RoomClass.cleanupRegistry;
  RoomClass.cleanupRegistry = NO_REGISTRY;
  try {
    const room = create();
    registered.set(room, added);
    return room;
  } finally {
    RoomClass.cleanupRegistry = registry;
    if (hadOwn) devices.addEventListener = original;
    else delete (devices as { addEventListener?: unknown }).addEventListener;
  }
}

/** Removes what `newRoom` noted; call after the room is disconnected and no longer used. */
export function releaseRoom(room: object): void {
  const added = registered.get(room);
  if (!added) return;
  registered.delete(room);
  for (const [type, listener, options] of added) navigator.mediaDevices.removeEventListener(type, listener, options);
}
