"""Minimal .npy and .safetensors reading and writing, standard library only.

Tensors are (dtype, shape, data): dtype one of "f32", "i32", "i64" (the names
umc uses), shape a list of ints, data the little-endian row-major bytes. Both
PyTorch (torch.frombuffer) and numpy (numpy.frombuffer) take it from there;
torch 1.13 has no safetensors package, and numpy may be missing.
"""
import ast
import json
import math
import struct

NPY_DTYPES = {"f32": "<f4", "i32": "<i4", "i64": "<i8"}
NPY_FROM = {v: k for k, v in NPY_DTYPES.items()}
ST_DTYPES = {"f32": "F32", "i32": "I32", "i64": "I64"}
ST_FROM = {v: k for k, v in ST_DTYPES.items()}
SIZES = {"f32": 4, "i32": 4, "i64": 8}


def nbytes(dtype, shape):
    return SIZES[dtype] * math.prod(shape)


def read_npy(path):
    with open(path, "rb") as f:
        blob = f.read()
    if blob[:6] != b"\x93NUMPY":
        raise ValueError(f"{path}: not a .npy file")
    major = blob[6]
    if major == 1:
        (hlen,) = struct.unpack_from("<H", blob, 8)
        start = 10
    else:
        (hlen,) = struct.unpack_from("<I", blob, 8)
        start = 12
    header = ast.literal_eval(blob[start:start + hlen].decode("latin1"))
    if header["fortran_order"]:
        raise ValueError(f"{path}: Fortran order is not supported")
    descr = header["descr"]
    if descr not in NPY_FROM:
        raise ValueError(f"{path}: dtype {descr} is not supported")
    dtype, shape = NPY_FROM[descr], list(header["shape"])
    data = memoryview(blob)[start + hlen:]
    if len(data) != nbytes(dtype, shape):
        raise ValueError(f"{path}: {len(data)} data bytes for {dtype}{shape}")
    return dtype, shape, data


def write_npy(path, dtype, shape, data):
    shape_text = "(" + "".join(f"{d}, " for d in shape).rstrip(" ") + ")"
    if len(shape) > 1:
        shape_text = shape_text.replace(",)", ")")
    header = ("{'descr': '%s', 'fortran_order': False, 'shape': %s, }"
              % (NPY_DTYPES[dtype], shape_text))
    # Pad so the data starts at a multiple of 64 bytes, as numpy does.
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * (pad % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(data)


def read_safetensors(path):
    """{name: (dtype, shape, data)}; metadata is dropped."""
    with open(path, "rb") as f:
        blob = f.read()
    (hlen,) = struct.unpack_from("<Q", blob, 0)
    header = json.loads(blob[8:8 + hlen])
    base = 8 + hlen
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = ST_FROM.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"{path}: {name}: dtype {info['dtype']} is not supported")
        begin, end = info["data_offsets"]
        data = memoryview(blob)[base + begin:base + end]
        if len(data) != nbytes(dtype, info["shape"]):
            raise ValueError(f"{path}: {name}: wrong byte count")
        out[name] = (dtype, list(info["shape"]), data)
    return out


def write_safetensors(path, tensors, metadata=None):
    """tensors: {name: (dtype, shape, data)}, stored sorted by name."""
    header, offset = {}, 0
    for name in sorted(tensors):
        dtype, shape, data = tensors[name]
        assert len(data) == nbytes(dtype, shape), name
        header[name] = {"dtype": ST_DTYPES[dtype], "shape": list(shape),
                        "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    if metadata:
        header["__metadata__"] = dict(metadata)
    text = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for name in sorted(tensors):
            f.write(tensors[name][2])
