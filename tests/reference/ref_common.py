"""Shared helpers of the parity-fixture scripts: paths, importing the official package, the
model YAML, a dependency-free safetensors writer/reader, deterministic initialisation.

The official facebookresearch/sam3 package is never committed: it lives in the git-ignored
folder tests/reference/official/ (sam3/ sources + stand-ins, see README.md) and travels to the
GPU machine with the device tool's `carry` argument.
"""

import json
import math
import os
import struct
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
OFFICIAL_DIR = os.path.join(HERE, "official")
STANDINS_DIR = os.path.join(OFFICIAL_DIR, "standins")
BPE_PATH = os.path.join(OFFICIAL_DIR, "sam3", "assets", "bpe_simple_vocab_16e6.txt.gz")
OFFICIAL_COMMIT_EXPECTED = "99d02f28c8d34610ab35559b72642b01f10fdb1e"


def official_commit():
    """Commit of the copied official package (written by the copy step into official/COMMIT)."""
    path = os.path.join(OFFICIAL_DIR, "COMMIT")
    if os.path.exists(path):
        with open(path) as f:
            return f.read().strip()
    return "unknown"


def import_official():
    """Puts the official package and its stand-ins on sys.path and imports `sam3`.

    Importing sam3 runs model_builder._setup_tf32(), which turns TF32 on: callers that need
    exact fp32 must switch it off again afterwards (see set_exact_fp32)."""
    if not os.path.isdir(os.path.join(OFFICIAL_DIR, "sam3")):
        raise SystemExit(
            f"official package missing: {OFFICIAL_DIR}/sam3 (copy it as tests/reference/README.md says)"
        )
    for p in (STANDINS_DIR, OFFICIAL_DIR):
        if p not in sys.path:
            sys.path.insert(0, p)
    try:
        import pkg_resources  # noqa: F401  (model_builder imports it at module load)
    except ImportError:
        stub = types.ModuleType("pkg_resources")
        stub.resource_filename = lambda pkg, rel: os.path.join(OFFICIAL_DIR, pkg, rel)
        sys.modules["pkg_resources"] = stub
    import autostub  # noqa: F401  (placeholder modules for decord, pycocotools, ...)
    import sam3  # noqa: F401

    return sam3


def set_exact_fp32(torch):
    """TF32 off everywhere: the fixtures are true fp32 references."""
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    if hasattr(torch, "set_float32_matmul_precision"):
        torch.set_float32_matmul_precision("highest")


# ----------------------------------------------------------------------------------------------
# YAML (the model configs are simple: nested maps by indentation, scalars, flow lists, comments)


def _scalar(text):
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        return [_scalar(x) for x in inner.split(",")] if inner else []
    if text in ("true", "false"):
        return text == "true"
    for conv in (int, float):
        try:
            return conv(text)
        except ValueError:
            pass
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def parse_simple_yaml(text):
    """Parses the subset of YAML used by resources/models/*.yaml."""
    root = {}
    stack = [(-1, root)]
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        key, sep, value = line.strip().partition(":")
        if not sep:
            raise ValueError(f"line {lineno}: expected 'key: value', got {raw!r}")
        while stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1]
        if value.strip():
            parent[key] = _scalar(value)
        else:
            parent[key] = {}
            stack.append((indent, parent[key]))
    return root


def load_model_config(name):
    path = os.path.join(REPO, "resources", "models", f"{name}.yaml")
    with open(path) as f:
        text = f.read()
    try:
        import yaml

        cfg = yaml.safe_load(text)
    except ImportError:
        cfg = parse_simple_yaml(text)
    cfg["_path"] = os.path.relpath(path, REPO)
    return cfg


# ----------------------------------------------------------------------------------------------
# safetensors (written by hand so the scripts need no extra package; read back to verify)

_ST_DTYPES = {
    "float32": ("F32", 4),
    "bfloat16": ("BF16", 2),
    "float16": ("F16", 2),
    "int64": ("I64", 8),
    "int32": ("I32", 4),
    "uint8": ("U8", 1),
    "bool": ("BOOL", 1),
}


def _tensor_bytes(torch, t):
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


def write_safetensors(torch, path, tensors, metadata=None):
    """Writes {name: tensor} (keys sorted) with an optional str->str metadata map."""
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name]
        dtype_name = str(t.dtype).replace("torch.", "")
        if dtype_name not in _ST_DTYPES:
            raise ValueError(f"{path}: tensor {name}: unsupported dtype {t.dtype}")
        blob = _tensor_bytes(torch, t)
        code, size = _ST_DTYPES[dtype_name]
        assert len(blob) == size * t.numel(), name
        header[name] = {
            "dtype": code,
            "shape": list(t.shape),
            "data_offsets": [offset, offset + len(blob)],
        }
        blobs.append(blob)
        offset += len(blob)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * ((8 - len(head) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)


def read_safetensors(torch, path):
    """Reads a safetensors file into {name: cpu tensor} and its metadata."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    meta = header.pop("__metadata__", {})
    base = 8 + n
    code_to_dtype = {
        "F32": torch.float32,
        "BF16": torch.bfloat16,
        "F16": torch.float16,
        "I64": torch.int64,
        "I32": torch.int32,
        "U8": torch.uint8,
        "BOOL": torch.bool,
    }
    out = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        dtype = code_to_dtype[info["dtype"]]
        raw = bytearray(data[base + b : base + e])
        if dtype == torch.bfloat16:
            t = torch.frombuffer(raw, dtype=torch.int16).view(torch.bfloat16)
        else:
            t = torch.frombuffer(raw, dtype=dtype) if len(raw) else torch.empty(0, dtype=dtype)
        out[name] = t.reshape(info["shape"]).clone()
    return out, meta


# ----------------------------------------------------------------------------------------------
# deterministic random weights


def _draw(torch, gen, shape, std, mean=0.0):
    return torch.randn(*shape, generator=gen, dtype=torch.float64) * std + mean


def init_parameters(torch, model, seed):
    """Sets EVERY parameter from a CPU generator (device-independent), explicitly by kind:

    LayerNorm/GroupNorm weight 1 + N(0, 0.05), every bias N(0, 0.02); Linear, Conv2d and
    MultiheadAttention in-projections N(0, 1/fan_in) so activations keep unit scale at any width
    (std 0.02 at width 32 would leave boxes and masks flat); ConvTranspose2d fan_in = in-channels;
    the text token embedding N(0, 0.02), text positional_embedding N(0, 0.01) and the ViT pos_embed
    N(0, 0.02); other embeddings (queries, reference boxes, presence/cls/label tokens) N(0, 1).
    The zero-initialised last bbox layer therefore gets random values too (boxes move).
    Returns {parameter name: rule} for meta.json."""
    nn = torch.nn
    gen = torch.Generator().manual_seed(seed)
    rules = {}
    for mod_name, mod in model.named_modules():
        for p_name, p in mod.named_parameters(recurse=False):
            full = f"{mod_name}.{p_name}" if mod_name else p_name
            shape = tuple(p.shape)
            if isinstance(mod, (nn.LayerNorm, nn.GroupNorm)) and p_name == "weight":
                rule, value = "norm_weight", _draw(torch, gen, shape, 0.05, 1.0)
            elif p_name.endswith("bias"):
                rule, value = "bias", _draw(torch, gen, shape, 0.02)
            elif isinstance(mod, nn.Embedding):
                std = 0.02 if full.endswith("token_embedding.weight") else 1.0
                rule, value = f"embedding_std{std}", _draw(torch, gen, shape, std)
            elif isinstance(mod, nn.MultiheadAttention) and p_name == "in_proj_weight":
                rule, value = "fan_in", _draw(torch, gen, shape, 1.0 / math.sqrt(shape[1]))
            elif isinstance(mod, nn.ConvTranspose2d):
                rule, value = "fan_in", _draw(torch, gen, shape, 1.0 / math.sqrt(shape[0]))
            elif isinstance(mod, (nn.Linear, nn.Conv2d)):
                fan_in = int(math.prod(shape[1:]))
                rule, value = "fan_in", _draw(torch, gen, shape, 1.0 / math.sqrt(fan_in))
            elif p_name == "pos_embed":
                rule, value = "std0.02", _draw(torch, gen, shape, 0.02)
            elif p_name == "positional_embedding":
                rule, value = "std0.01", _draw(torch, gen, shape, 0.01)
            elif p_name == "text_projection":
                rule, value = "fan_in", _draw(torch, gen, shape, 1.0 / math.sqrt(shape[0]))
            else:
                raise RuntimeError(f"no initialisation rule for parameter {full} {shape}")
            with torch.no_grad():
                p.copy_(value.to(p.dtype))
            rules[full] = rule
    missing = [k for k, _ in model.named_parameters() if k not in rules]
    if missing:
        raise RuntimeError(f"parameters left uninitialised: {missing[:10]}")
    return rules


def round_parameters_to_bf16(torch, model):
    """Makes every parameter bf16-representable (fp32 storage keeps computing in fp32)."""
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(p.to(torch.bfloat16).to(p.dtype))


def export_state_dict(torch, model, dtype):
    """The official image-model state dict without the complex RoPE buffers (recomputed)."""
    out = {}
    for k, v in model.state_dict().items():
        if k.endswith("freqs_cis"):
            continue
        if v.is_complex():
            raise RuntimeError(f"unexpected complex tensor {k}")
        out[k] = v.detach().to("cpu", dtype if v.is_floating_point() else v.dtype)
    return out
