// The boardcheck WebAssembly module: load it, and call it with JSON in and JSON out.
// A classic script (browsers refuse modules from file://) that defines
// `boardcheckLoad(bytes)`; the Node tests evaluate the same file.
'use strict';

// `source`: the module's bytes, a compiled WebAssembly.Module, or a promise of either.
globalThis.boardcheckLoad = async function boardcheckLoad(source) {
  const module = await source;
  const instance = module instanceof WebAssembly.Module
    ? await WebAssembly.instantiate(module, {})
    : (await WebAssembly.instantiate(module, {})).instance;
  const ex = instance.exports;
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  return function call(request) {
    const input = enc.encode(JSON.stringify(request));
    const p = ex.bc_alloc(input.length);
    new Uint8Array(ex.memory.buffer, p, input.length).set(input);
    const packed = ex.bc_call(p, input.length);
    const ptr = Number(packed >> 32n);
    const len = Number(packed & 0xffffffffn);
    const text = dec.decode(new Uint8Array(ex.memory.buffer, ptr, len));
    ex.bc_free(ptr, len);
    return JSON.parse(text);
  };
};

// The module's bytes, from the base64 the build writes into boardcheck-wasm.js: gzip,
// unpacked by the browser's own DecompressionStream (a third of the size on the wire and
// on disk, and no code of ours to do it).
globalThis.boardcheckBytes = async function boardcheckBytes(base64) {
  let bytes;
  if (typeof Uint8Array.fromBase64 === 'function') {
    bytes = Uint8Array.fromBase64(base64); // native: a few ms faster where browsers have it
  } else {
    const raw = atob(base64);
    bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  }
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};
