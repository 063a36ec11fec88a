"""A small .safetensors writer and reader for numpy arrays.

The format: an 8-byte little-endian header length, a JSON header mapping each
tensor name to {"dtype", "shape", "data_offsets"} (offsets relative to the
data buffer) plus an optional "__metadata__" object of strings, padded with
spaces to a multiple of 8 bytes, then the data buffer.

The writer lays files out as umc's serializeSafetensors does (tensors sorted
by name and stored back to back, compact JSON with sorted keys), so the same
arrays give the same bytes from either side, and files are reproducible. Only
the dtypes umc reads are written: F32, F16, I8, I32, I64 (no BF16, which numpy
lacks).
"""
import json
import os
import struct

import numpy as np

METADATA_KEY = "__metadata__"

# safetensors dtype name -> little-endian numpy dtype.
DTYPES = {
    "F32": np.dtype("<f4"),
    "F16": np.dtype("<f2"),
    "I8": np.dtype("i1"),
    "I32": np.dtype("<i4"),
    "I64": np.dtype("<i8"),
}


def _dtype_name(dtype):
    for name, np_dtype in DTYPES.items():
        # Compare kind and size: a big-endian array is converted on write.
        if dtype.kind == np_dtype.kind and dtype.itemsize == np_dtype.itemsize:
            return name
    raise ValueError(f"dtype {dtype} cannot be stored; convert to one of "
                     "float32, float16, int8, int32 or int64")


def serialize(arrays, metadata=None):
    """The bytes of a .safetensors file holding `arrays` (name -> ndarray)
    and `metadata` (str -> str, omitted when empty)."""
    header = {}
    chunks = []
    offset = 0
    for name in sorted(arrays):
        if name == METADATA_KEY:
            raise ValueError(f"a tensor cannot be named {METADATA_KEY}")
        array = np.asarray(arrays[name])
        dtype = _dtype_name(array.dtype)
        data = np.ascontiguousarray(array, dtype=DTYPES[dtype]).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    if metadata:
        for key, value in metadata.items():
            if not isinstance(key, str) or not isinstance(value, str):
                raise ValueError(f"metadata {key!r}: keys and values must be "
                                 "strings")
        header[METADATA_KEY] = dict(metadata)
    # ensure_ascii=False writes UTF-8 as is, as umc's JSON writer does.
    text = json.dumps(header, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")
    # Keeps the data buffer 8-byte aligned, as the reference writer does.
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def write(path, arrays, metadata=None):
    """Writes the file through a temporary beside it, so that a failed write
    leaves no half-written file at `path`."""
    data = serialize(arrays, metadata)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def parse(data, source="<bytes>"):
    """(arrays, metadata) from the bytes of a .safetensors file. The arrays
    are read-only views of `data`; errors name `source`."""
    def fail(what):
        raise ValueError(f"{source}: {what}")

    if len(data) < 8:
        fail(f"{len(data)} bytes, too few for the 8-byte header length")
    (length,) = struct.unpack("<Q", data[:8])
    if length > len(data) - 8:
        fail(f"header length {length} runs past the end of the "
             f"{len(data)}-byte file")
    try:
        header = json.loads(data[8:8 + length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        fail(f"header is not valid JSON: {e}")
    if not isinstance(header, dict):
        fail("header is not a JSON object")
    metadata = header.pop(METADATA_KEY, {})
    buffer = memoryview(data)[8 + length:]
    arrays = {}
    for name, entry in header.items():
        try:
            dtype = DTYPES[entry["dtype"]]
            shape = tuple(int(d) for d in entry["shape"])
            begin, end = (int(o) for o in entry["data_offsets"])
        except (KeyError, TypeError, ValueError):
            fail(f"tensor {name!r}: bad or unsupported entry {entry!r}")
        needed = dtype.itemsize * int(np.prod(shape, dtype=np.int64))
        if not 0 <= begin <= end <= len(buffer) or end - begin != needed:
            fail(f"tensor {name!r}: data_offsets [{begin}, {end}] do not "
                 f"hold {entry['dtype']}{list(shape)} within the "
                 f"{len(buffer)}-byte data buffer")
        arrays[name] = np.frombuffer(buffer[begin:end], dtype).reshape(shape)
    return arrays, metadata


def read(path):
    """(arrays, metadata) of the .safetensors file at `path`."""
    with open(path, "rb") as f:
        return parse(f.read(), path)
