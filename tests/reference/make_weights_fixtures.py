#!/usr/bin/env python3
"""Writes the weights-layer fixtures of tests/data/weights/ without torch and without our C++.

Independence: safetensors files are written by hand from the format description
(https://github.com/huggingface/safetensors: u64 LE header length, JSON header padded with spaces
to a multiple of 8, then the data), and PyTorch checkpoints are laid out exactly as torch.save
(torch/serialization.py, _save) does: a stored ZIP with <folder>/data.pkl (pickle protocol 2 whose
persistent ids are ('storage', torch.<T>Storage, key, location, numel)), <folder>/byteorder,
<folder>/data/<key> (aligned to 64 bytes with an 'FB' padding extra field, as PyTorchStreamWriter
does), <folder>/version and <folder>/.data/version. torch is not needed: a tiny fake module tree
gives pickle the global names torch._utils._rebuild_tensor_v2 and torch.FloatStorage etc.

The HF-layout fixture is converted from the official-layout tensors with the rules of
transformers' convert_sam3_to_hf.py (rename, split fused q/k/v, drop the pos-embed cls row,
transpose the CLIP text projection), re-implemented here for the keys used.

Run from anywhere: python3 tests/reference/make_weights_fixtures.py
"""

import collections
import io
import json
import os
import pickle
import struct
import sys
import types
import zipfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "weights")

# ---------------------------------------------------------------- tensors as (dtype, shape, values)

FMT = {"F64": "d", "F32": "f", "F16": "e", "I64": "q", "I32": "i", "I16": "h", "I8": "b",
       "U8": "B", "BOOL": "?"}
SIZE = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1,
        "BOOL": 1, "C64": 8}


def numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def encode(dtype, values):
    if dtype == "BF16":  # values chosen exactly representable: keep the upper 16 bits of f32
        return b"".join(struct.pack("<f", v)[2:] for v in values)
    if dtype == "C64":  # complex64: (real, imag) float32 pairs
        return b"".join(struct.pack("<ff", v.real, v.imag) for v in values)
    return struct.pack("<%d%s" % (len(values), FMT[dtype]), *values)


class T:
    def __init__(self, dtype, shape, values):
        assert len(values) == numel(shape), (shape, len(values))
        self.dtype, self.shape, self.values = dtype, list(shape), list(values)

    def data(self):
        return encode(self.dtype, self.values)


def ramp(shape, scale=0.5, start=0.0, dtype="F32"):
    return T(dtype, shape, [start + scale * i for i in range(numel(shape))])


# ---------------------------------------------------------------- safetensors, written by hand

def safetensors_bytes(tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for key in sorted(tensors):
        t = tensors[key]
        blob = t.data()
        header[key] = {"dtype": t.dtype, "shape": t.shape, "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def raw_safetensors(header_obj_or_text, data=b"", length=None):
    text = header_obj_or_text if isinstance(header_obj_or_text, bytes) else \
        json.dumps(header_obj_or_text).encode()
    n = len(text) if length is None else length
    return struct.pack("<Q", n) + text + data


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def expected_json(tensors):
    out = {}
    for key, t in sorted(tensors.items()):
        vals = t.values
        if t.dtype == "C64":
            vals = [[v.real, v.imag] for v in vals]
        elif t.dtype == "BOOL":
            vals = [1 if v else 0 for v in vals]
        out[key] = {"dtype": t.dtype, "shape": t.shape, "values": vals}
    return out


def make_safetensors_fixtures():
    tensors = {
        "f64": ramp([2, 2], 0.25, dtype="F64"),
        "f32.matrix": ramp([2, 3], 0.5, -1.0),
        "f16": T("F16", [3], [0.5, -2.0, 1024.0]),
        "bf16": T("BF16", [2, 2], [1.0, -0.5, 3.0, 256.0]),
        "i64": T("I64", [3], [-(2 ** 40), 0, 2 ** 40 + 7]),
        "i32": T("I32", [2], [-7, 123456]),
        "i16": T("I16", [2], [-300, 300]),
        "i8": T("I8", [2], [-128, 127]),
        "u8": T("U8", [4], [0, 1, 128, 255]),
        "bool": T("BOOL", [3], [True, False, True]),
        "scalar": T("F32", [], [42.0]),
        "empty": T("F32", [0, 3], []),
    }
    meta = {"format": "pt", "note": "written by make_weights_fixtures.py"}
    write("tiny.safetensors", safetensors_bytes(tensors, meta))
    with open(os.path.join(OUT, "tiny.expected.json"), "w") as f:
        json.dump({"metadata": meta, "tensors": expected_json(tensors)}, f, indent=1, sort_keys=True)
        f.write("\n")

    f32x2 = struct.pack("<2f", 1.0, 2.0)
    one = {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}
    bad = {
        "too_short": (b"\x08\x00\x00", "too short"),
        "header_past_eof": (raw_safetensors({"a": one}, f32x2, length=4096), "runs past the end"),
        "header_huge": (raw_safetensors({"a": one}, f32x2, length=2 ** 40), "exceeds the"),
        "not_object": (raw_safetensors([1, 2, 3]), "not an object"),
        "bad_json": (raw_safetensors(b"{\"a\": {"), "invalid JSON"),
        "duplicate_key": (raw_safetensors(
            b'{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},'
            b'"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', f32x2), "duplicate key 'a'"),
        "unknown_dtype": (raw_safetensors(
            {"a": {"dtype": "Q4", "shape": [2], "data_offsets": [0, 8]}}, f32x2), "dtype 'Q4'"),
        "offset_out_of_range": (raw_safetensors(
            {"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}, f32x2),
            "run past the data buffer"),
        "offset_huge": (raw_safetensors(
            {"a": {"dtype": "F32", "shape": [2], "data_offsets": [2 ** 63, 2 ** 63 + 8]}}, f32x2),
            "run past the data buffer"),
        "offset_reversed": (raw_safetensors(
            {"a": {"dtype": "F32", "shape": [0], "data_offsets": [8, 0]}}, f32x2),
            "end before begin"),
        "offsets_overlap": (raw_safetensors(
            {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
             "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}, f32x2), "overlaps"),
        "offsets_gap": (raw_safetensors(
            {"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}, f32x2), "gap of 4"),
        "trailing_bytes": (raw_safetensors(
            {"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}, f32x2), "trailing"),
        "size_mismatch": (raw_safetensors(
            {"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, f32x2), "needs 3 x 4"),
        "shape_negative": (raw_safetensors(
            {"a": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}}, f32x2),
            "non-negative integer"),
        "shape_overflow": (raw_safetensors(
            {"a": {"dtype": "F32", "shape": [2 ** 62, 2 ** 62], "data_offsets": [0, 8]}}, f32x2),
            "overflows"),
        "missing_field": (raw_safetensors(
            {"a": {"dtype": "F32", "shape": [2]}}, f32x2), "missing field 'data_offsets'"),
        "metadata_not_string": (raw_safetensors(
            {"__metadata__": {"k": 1}, "a": one}, f32x2), "not a string"),
        "bool_not_0_1": (raw_safetensors(
            {"a": {"dtype": "BOOL", "shape": [2], "data_offsets": [0, 2]}}, b"\x01\x07"),
            "other than 0 and 1"),
    }
    manifest = {}
    for name, (data, message) in bad.items():
        write("bad_%s.safetensors" % name, data)
        manifest["bad_%s.safetensors" % name] = message
    return manifest


# ---------------------------------------------------------------- torch.save emulation

def install_fake_torch():
    """Fake `torch` / `torch._utils` modules so that pickle records the real global names."""
    torch = types.ModuleType("torch")
    utils = types.ModuleType("torch._utils")
    torch._utils = utils

    def _rebuild_tensor_v2(*args):
        raise RuntimeError("fixture writer only")

    _rebuild_tensor_v2.__module__ = "torch._utils"
    _rebuild_tensor_v2.__qualname__ = "_rebuild_tensor_v2"
    utils._rebuild_tensor_v2 = _rebuild_tensor_v2
    storage_types = {}
    for dtype, name in [("F32", "FloatStorage"), ("BF16", "BFloat16Storage"),
                        ("I64", "LongStorage"), ("C64", "ComplexFloatStorage"),
                        ("F16", "HalfStorage")]:
        cls = type(name, (), {"__module__": "torch"})
        setattr(torch, name, cls)
        storage_types[dtype] = cls
    sys.modules["torch"], sys.modules["torch._utils"] = torch, utils
    return utils, storage_types


UTILS, STORAGE_TYPES = install_fake_torch()


class Storage:
    def __init__(self, key, dtype, values):
        self.key, self.dtype, self.values = key, dtype, values


class Tensor:
    """Pickles as torch.Tensor does: _rebuild_tensor_v2(storage, offset, size, stride, False, {})."""

    def __init__(self, storage, shape, stride=None, offset=0):
        self.storage, self.shape, self.offset = storage, shape, offset
        if stride is None:
            stride, acc = [], 1
            for d in reversed(shape):
                stride.insert(0, acc)
                acc *= d
        self.stride = stride

    def __reduce_ex__(self, proto):
        return (UTILS._rebuild_tensor_v2, (self.storage, self.offset, tuple(self.shape),
                                           tuple(self.stride), False, collections.OrderedDict()))

    def logical_values(self):
        out = []

        def walk(dim, index):
            if dim == len(self.shape):
                out.append(self.storage.values[index])
                return
            for i in range(self.shape[dim]):
                walk(dim + 1, index + i * self.stride[dim])

        walk(0, self.offset)
        return out


def pickle_bytes(obj):
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=2)

    def persistent_id(o):
        if isinstance(o, Storage):
            return ("storage", STORAGE_TYPES[o.dtype], o.key, "cpu", len(o.values))
        return None

    pickler.persistent_id = persistent_id
    pickler.dump(obj)
    return buf.getvalue()


def torch_zip(path, folder, pickled, storages, align=True, compress=False):
    """Lays records out like PyTorchStreamWriter: data.pkl, byteorder, data/<key>..., version."""
    records = [("data.pkl", pickled), ("byteorder", b"little")]
    records += [("data/%s" % s.key, encode(s.dtype, s.values))
                for s in sorted(storages, key=lambda s: int(s.key))]
    records += [("version", b"3\n"), (".data/version", b"3\n")]
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in records:
            info = zipfile.ZipInfo("%s/%s" % (folder, name), date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            if align:
                start = zf.fp.tell() + 30 + len(info.filename.encode()) + 4
                pad = (64 - start % 64) % 64
                info.extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
            zf.writestr(info, data)


def zip64_bytes(records):
    """A stored ZIP whose every size and offset lives in ZIP64 fields (archives over 4 GiB)."""
    out, central = bytearray(), bytearray()
    for name, data in records:
        name, crc, offset = name.encode(), zipfile.crc32(data) & 0xFFFFFFFF, len(out)
        extra = struct.pack("<HHQQ", 1, 16, len(data), len(data))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 0, 0, 0x21, crc, 0xFFFFFFFF,
                           0xFFFFFFFF, len(name), len(extra)) + name + extra + data
        extra = struct.pack("<HHQQQ", 1, 24, len(data), len(data), offset)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 0, 0, 0x21, crc,
                               0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra), 0, 0, 0, 0,
                               0xFFFFFFFF) + name + extra
    cd_offset = len(out)
    out += central
    end64 = len(out)
    out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(records), len(records),
                       len(central), cd_offset)
    out += struct.pack("<IIQI", 0x07064B50, 0, end64, 1)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return bytes(out)


def make_checkpoint_fixtures():
    s_qkv = Storage("0", "F32", [0.25 * i - 3.0 for i in range(24)])
    s_pos = Storage("1", "F32", [0.125 * i for i in range(16)])
    s_bf16 = Storage("2", "BF16", [1.0, -2.0, 0.5, 4.0, -8.0, 16.0])
    s_cplx = Storage("3", "C64", [complex(i, -i) for i in range(4)])
    s_i64 = Storage("4", "I64", [7, -9])
    s_unused = Storage("5", "F32", [1.0, 2.0, 3.0, 4.0])
    tensors = collections.OrderedDict([
        ("detector.backbone.vision_backbone.trunk.blocks.0.attn.qkv.weight", Tensor(s_qkv, [6, 4])),
        # a transposed view sharing the storage of the qkv weight, and an offset view into it
        ("detector.shared.transposed", Tensor(s_qkv, [4, 6], stride=[1, 4])),
        ("detector.shared.offset", Tensor(s_qkv, [2, 2], stride=[4, 1], offset=10)),
        ("detector.backbone.vision_backbone.trunk.pos_embed", Tensor(s_pos, [1, 4, 4])),
        ("detector.transformer.decoder.query_embed.weight", Tensor(s_bf16, [3, 2])),
        ("detector.backbone.vision_backbone.trunk.blocks.0.attn.freqs_cis", Tensor(s_cplx, [2, 2])),
        ("detector.counter", Tensor(s_i64, [2])),
        ("detector.backbone.vision_backbone.sam2_convs.0.conv_1x1.weight",
         Tensor(s_unused, [2, 2, 1, 1])),
        ("tracker.maskmem_tpos_enc", Tensor(s_unused, [4])),
    ])
    state = collections.OrderedDict(tensors)
    state._metadata = collections.OrderedDict([("", {"version": 1})])  # as state_dict() does
    storages = [s_qkv, s_pos, s_bf16, s_cplx, s_i64, s_unused]
    expected = {}
    for key, t in tensors.items():
        vals = t.logical_values()
        if t.storage.dtype == "C64":
            vals = [[v.real, v.imag] for v in vals]
        expected[key] = {"dtype": t.storage.dtype, "shape": t.shape, "values": vals}
    with open(os.path.join(OUT, "tiny_checkpoint.expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")

    wrapped = pickle_bytes({"model": state})
    torch_zip(os.path.join(OUT, "tiny_sam3.pt"), "tiny_sam3", wrapped, storages)
    # bare state dict, records not aligned (a zip rewritten by another tool)
    torch_zip(os.path.join(OUT, "tiny_unaligned.pt"), "archive", pickle_bytes(state), storages,
              align=False)
    records = [("archive/data.pkl", wrapped), ("archive/byteorder", b"little")]
    records += [("archive/data/%s" % st.key, encode(st.dtype, st.values)) for st in storages]
    zip64 = zip64_bytes(records)
    with zipfile.ZipFile(io.BytesIO(zip64)) as check:  # Python's own reader accepts it
        assert check.read("archive/data.pkl") == wrapped and check.testzip() is None
    write("tiny_zip64.pt", zip64)
    bad = {}
    torch_zip(os.path.join(OUT, "bad_compressed.pt"), "archive", wrapped, storages, compress=True)
    bad["bad_compressed.pt"] = "is compressed"
    with open(os.path.join(OUT, "tiny_sam3.pt"), "rb") as f:
        whole = f.read()
    write("bad_truncated.pt", whole[: len(whole) // 2])
    bad["bad_truncated.pt"] = "end-of-central-directory"
    torch_zip(os.path.join(OUT, "bad_missing_storage.pt"), "archive", wrapped, storages[:-1])
    bad["bad_missing_storage.pt"] = "storage record is missing"
    short = Storage("0", "F32", [1.0, 2.0])
    torch_zip(os.path.join(OUT, "bad_view_out_of_range.pt"), "archive",
              pickle_bytes({"model": {"w": Tensor(short, [2, 2])}}), [short])
    bad["bad_view_out_of_range.pt"] = "exceeds storage"
    # Malicious: the pickle calls os.system. Hand-assembled opcodes, as an attacker would write.
    def unicode(text):
        return b"X" + struct.pack("<I", len(text)) + text

    evil = (b"\x80\x02cos\nsystem\nq\x00" + unicode(b"echo pwned > /tmp/sam3_pwned") +
            b"q\x01\x85q\x02Rq\x03.")
    torch_zip(os.path.join(OUT, "malicious_os_system.pt"), "archive", evil, [])
    bad["malicious_os_system.pt"] = "pickle global 'os.system' is not allowed"
    evil2 = b"\x80\x02cbuiltins\neval\n" + unicode(b"__import__('os')") + b"\x85R."
    torch_zip(os.path.join(OUT, "malicious_builtins_eval.pt"), "archive", evil2, [])
    bad["malicious_builtins_eval.pt"] = "pickle global 'builtins.eval' is not allowed"
    inst = b"\x80\x02(i__main__\nEvil\n."  # INST opcode builds an arbitrary object
    torch_zip(os.path.join(OUT, "malicious_inst.pt"), "archive", inst, [])
    bad["malicious_inst.pt"] = "opcode 0x69 is not allowed"
    return bad


# ---------------------------------------------------------------- HF layout (convert_sam3_to_hf.py)

def official_reference():
    """A few official-layout tensors covering every kind of rename the HF mapping performs."""
    vit = "backbone.vision_backbone.trunk."
    txt = "backbone.language_backbone.encoder."
    return collections.OrderedDict([
        (vit + "pos_embed", ramp([1, 5, 2], 0.5, 1.0)),  # 1 cls row + 2x2 grid
        (vit + "patch_embed.proj.weight", ramp([2, 3, 1, 1], 0.25)),
        (vit + "blocks.0.attn.qkv.weight", ramp([6, 2], 0.5, -3.0)),
        (vit + "blocks.0.attn.qkv.bias", ramp([6], 1.0, 10.0)),
        (vit + "blocks.0.attn.proj.weight", ramp([2, 2], 0.5, 7.0)),
        ("backbone.vision_backbone.convs.0.dconv_2x2_0.weight", ramp([2, 1, 2, 2], 0.5, 20.0)),
        ("backbone.vision_backbone.convs.0.dconv_2x2_1.weight", ramp([1, 1, 2, 2], 0.5, 30.0)),
        ("backbone.vision_backbone.convs.1.dconv_2x2.weight", ramp([2, 1, 2, 2], 0.5, 40.0)),
        ("backbone.vision_backbone.convs.2.conv_1x1.weight", ramp([1, 2, 1, 1], 0.5, 50.0)),
        (txt + "positional_embedding", ramp([3, 2], 0.5, 60.0)),
        (txt + "text_projection", ramp([2, 3], 1.0, 70.0)),
        (txt + "transformer.resblocks.1.attn.in_proj_weight", ramp([6, 2], 0.5, 80.0)),
        (txt + "transformer.resblocks.1.attn.in_proj_bias", ramp([6], 0.5, 90.0)),
        (txt + "transformer.resblocks.1.attn.out_proj.weight", ramp([2, 2], 0.5, 95.0)),
        ("transformer.decoder.layers.2.ca_text.in_proj_weight", ramp([6, 2], 0.25, 100.0)),
        ("transformer.decoder.layers.2.ca_text.out_proj.bias", ramp([2], 1.0, 110.0)),
        ("transformer.decoder.layers.2.catext_norm.weight", ramp([2], 1.0, 120.0)),
        ("transformer.decoder.bbox_embed.layers.2.weight", ramp([4, 2], 0.5, 130.0)),
        ("geometry_encoder.encode.0.cross_attn_image.in_proj_bias", ramp([6], 0.5, 140.0)),
        ("segmentation_head.mask_predictor.mask_embed.layers.1.weight", ramp([2, 2], 1.0, 150.0)),
        ("dot_prod_scoring.prompt_mlp.out_norm.bias", ramp([2], 1.0, 160.0)),
    ])


HF_RENAMES = [  # (official prefix, HF prefix), applied first-match to each official key
    ("backbone.vision_backbone.trunk.pos_embed", "vision_encoder.backbone.embeddings.position_embeddings"),
    ("backbone.vision_backbone.trunk.patch_embed.proj.", "vision_encoder.backbone.embeddings.patch_embeddings.projection."),
    ("backbone.vision_backbone.trunk.blocks.0.attn.proj.", "vision_encoder.backbone.layers.0.attention.o_proj."),
    ("backbone.vision_backbone.trunk.blocks.0.attn.qkv.", "vision_encoder.backbone.layers.0.attention.qkv."),
    ("backbone.vision_backbone.convs.0.dconv_2x2_0.", "vision_encoder.neck.fpn_layers.0.scale_layers.0."),
    ("backbone.vision_backbone.convs.0.dconv_2x2_1.", "vision_encoder.neck.fpn_layers.0.scale_layers.2."),
    ("backbone.vision_backbone.convs.1.dconv_2x2.", "vision_encoder.neck.fpn_layers.1.scale_layers.0."),
    ("backbone.vision_backbone.convs.2.conv_1x1.", "vision_encoder.neck.fpn_layers.2.proj1."),
    ("backbone.language_backbone.encoder.positional_embedding", "text_encoder.text_model.embeddings.position_embedding.weight"),
    ("backbone.language_backbone.encoder.text_projection", "text_encoder.text_projection.weight"),
    ("backbone.language_backbone.encoder.transformer.resblocks.1.attn.", "text_encoder.text_model.encoder.layers.1.self_attn."),
    ("transformer.decoder.layers.2.ca_text.out_proj.", "detr_decoder.layers.2.text_cross_attn.o_proj."),
    ("transformer.decoder.layers.2.ca_text.", "detr_decoder.layers.2.text_cross_attn."),
    ("transformer.decoder.layers.2.catext_norm.", "detr_decoder.layers.2.text_cross_attn_layer_norm."),
    ("transformer.decoder.bbox_embed.layers.2.", "detr_decoder.box_head.layer3."),
    ("geometry_encoder.encode.0.cross_attn_image.", "geometry_encoder.layers.0.cross_attn."),
    ("segmentation_head.mask_predictor.mask_embed.layers.", "mask_decoder.mask_embedder.layers."),
    ("dot_prod_scoring.prompt_mlp.out_norm.", "dot_product_scoring.text_mlp_out_norm."),
]


def split3(t):
    rows = t.shape[0] // 3
    per = numel(t.shape) // 3
    return [T(t.dtype, [rows] + t.shape[1:], t.values[i * per:(i + 1) * per]) for i in range(3)]


def to_hf(official):
    hf = collections.OrderedDict()
    for key, t in official.items():
        new = next(h + key[len(o):] for o, h in HF_RENAMES if key.startswith(o))
        if new.endswith("position_embeddings"):  # drop the cls row
            hf[new] = T(t.dtype, [1, t.shape[1] - 1, t.shape[2]], t.values[t.shape[2]:])
        elif new.endswith("text_encoder.text_projection.weight"):  # transpose
            r, c = t.shape
            hf[new] = T(t.dtype, [c, r], [t.values[i * c + j] for j in range(c) for i in range(r)])
        elif ".qkv." in new or ".in_proj_" in new:
            parts = split3(t)
            for letter, part in zip("qkv", parts):
                if ".qkv." in new:
                    hf[new.replace(".qkv.", ".%s_proj." % letter)] = part
                else:
                    kind = "weight" if new.endswith("weight") else "bias"
                    hf[new.replace("in_proj_" + kind, "%s_proj.%s" % (letter, kind))] = part
        else:
            hf[new] = t
    return hf


def make_hf_fixtures():
    official = official_reference()
    hf = {"detector_model." + k: v for k, v in to_hf(official).items()}
    hf["tracker_model.no_memory_embedding"] = ramp([1, 2])
    hf["tracker_neck.fpn_layers.0.proj1.weight"] = ramp([1, 1, 1, 1])
    write("tiny_hf.safetensors", safetensors_bytes(hf, {"format": "pt"}))
    write("tiny_hf.official.safetensors", safetensors_bytes(official))


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = make_safetensors_fixtures()
    manifest.update(make_checkpoint_fixtures())
    make_hf_fixtures()
    with open(os.path.join(OUT, "bad_files.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print("wrote %d files, %d bytes, to %s" % (len(os.listdir(OUT)), total, os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
