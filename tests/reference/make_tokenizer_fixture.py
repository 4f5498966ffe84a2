#!/usr/bin/env python3
"""Writes tests/data/tokenizer/official_ids.jsonl with the OFFICIAL SAM3 tokenizer.

The ids come from facebookresearch/sam3's own sam3/model/tokenizer_ve.py (SimpleTokenizer, called
as the text encoder calls it: tokenizer(texts, context_length=32), text_encoder_ve.py:299) and its
bundled sam3/assets/bpe_simple_vocab_16e6.txt.gz. Nothing here re-implements tokenisation.

tokenizer_ve.py imports torch, ftfy, iopath and regex at module level:
- regex: the real package is required (pip `regex` or Debian `python3-regex`);
- ftfy, iopath: the stand-ins of ../shared/tools/official-sam3-standins (ftfy.fix_text is the
  identity, so the fixture holds only for prompts ftfy would leave unchanged; prompts.txt is chosen so);
- torch: used only by SimpleTokenizer.__call__ to build the zero-padded LongTensor. When torch is
  not installed, a 20-line stand-in provides torch.zeros / torch.tensor / torch.long on nested lists;
  the truncation, end-token forcing and padding logic that runs is still the official __call__.

Usage (from the repository root):
  python3 tests/reference/make_tokenizer_fixture.py --sam3 /work/upstream/sam3 \
      [--standins ../shared/tools/official-sam3-standins] [--prompts tests/data/tokenizer/prompts.txt] \
      [--out tests/data/tokenizer/official_ids.jsonl]
"""
import argparse
import importlib.util
import json
import subprocess
import sys
import types
from pathlib import Path

CONTEXT_LENGTH = 32  # sam3/model/text_encoder_ve.py:263


def torch_standin():
    """Just enough of torch for SimpleTokenizer.__call__: zeros, tensor, long, 2-D row assignment."""

    class Rows:
        def __init__(self, rows, cols):
            self.data = [[0] * cols for _ in range(rows)]

        def __setitem__(self, key, values):
            row, cols = key
            self.data[row][cols] = list(values)

        def tolist(self):
            return [list(r) for r in self.data]

    torch = types.ModuleType("torch")
    torch.long = "int64"
    torch.LongTensor = Rows
    torch.zeros = lambda rows, cols, dtype=None: Rows(rows, cols)
    torch.tensor = lambda values: list(values)
    return torch


def load_official(sam3_root: Path, standins: Path):
    sys.path.insert(0, str(standins))
    try:
        import torch  # noqa: F401  (the real one, when present)
    except ImportError:
        sys.modules["torch"] = torch_standin()
    path = sam3_root / "sam3" / "model" / "tokenizer_ve.py"
    spec = importlib.util.spec_from_file_location("official_tokenizer_ve", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, path


def read_prompts(path: Path):
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def git_commit(repo: Path):
    try:
        return subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], check=True,
                              capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    here = Path(__file__).resolve().parent
    repo = here.parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sam3", type=Path, required=True, help="checkout of facebookresearch/sam3")
    parser.add_argument("--standins", type=Path,
                        default=repo.parent / "shared" / "tools" / "official-sam3-standins")
    parser.add_argument("--prompts", type=Path, default=repo / "tests/data/tokenizer/prompts.txt")
    parser.add_argument("--out", type=Path, default=repo / "tests/data/tokenizer/official_ids.jsonl")
    args = parser.parse_args()

    module, source = load_official(args.sam3, args.standins)
    vocab = args.sam3 / "sam3" / "assets" / "bpe_simple_vocab_16e6.txt.gz"
    tokenizer = module.SimpleTokenizer(bpe_path=str(vocab))  # as model_builder.py:491 builds it
    prompts = read_prompts(args.prompts)
    rows = tokenizer(prompts, context_length=CONTEXT_LENGTH).tolist()
    with args.out.open("w", encoding="utf-8", newline="\n") as f:
        for text, ids in zip(prompts, rows):
            assert len(ids) == CONTEXT_LENGTH
            f.write(json.dumps({"text": text, "ids": [int(i) for i in ids]}, ensure_ascii=False))
            f.write("\n")
    print(f"{len(prompts)} prompts -> {args.out}")
    print(f"official source: {source} (commit {git_commit(args.sam3)})")
    print(f"python {sys.version.split()[0]}, regex {sys.modules['regex'].__version__}, "
          f"torch {'stand-in' if not hasattr(sys.modules['torch'], '__version__') else sys.modules['torch'].__version__}")


if __name__ == "__main__":
    main()
